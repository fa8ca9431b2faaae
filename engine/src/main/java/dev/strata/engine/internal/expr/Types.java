package dev.strata.engine.internal.expr;

import static dev.strata.format.types.PrimitiveType.*;

import dev.strata.format.Row;
import dev.strata.format.StrataException;
import dev.strata.format.types.DataType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/** Typing rules: literal types, result types of operators and Spark's implicit widening. */
public final class Types {
  private Types() {}

  public static DataType literalType(Object v) {
    if (v == null) {
      return VOID;
    }
    if (v instanceof Boolean) {
      return BOOLEAN;
    }
    if (v instanceof Byte) {
      return BYTE;
    }
    if (v instanceof Short) {
      return SHORT;
    }
    if (v instanceof Integer) {
      return INTEGER;
    }
    if (v instanceof Long) {
      return LONG;
    }
    if (v instanceof Float) {
      return FLOAT;
    }
    if (v instanceof Double) {
      return DOUBLE;
    }
    if (v instanceof String) {
      return STRING;
    }
    if (v instanceof byte[]) {
      return BINARY;
    }
    if (v instanceof LocalDate) {
      return DATE;
    }
    if (v instanceof Instant) {
      return TIMESTAMP;
    }
    if (v instanceof LocalDateTime) {
      return TIMESTAMP_NTZ;
    }
    if (v instanceof BigDecimal d) {
      int scale = Math.max(0, d.scale());
      int precision = Math.max(d.precision() - d.scale() + scale, scale);
      precision = Math.max(1, Math.max(precision, scale));
      return new DecimalType(Math.min(38, precision), Math.min(scale, 38));
    }
    if (v instanceof BigInteger i) {
      return new DecimalType(Math.max(1, i.toString().length()), 0);
    }
    if (v instanceof Row || v instanceof List || v instanceof Map) {
      throw new StrataException("Nested literals are not supported: " + v);
    }
    throw new StrataException("Unsupported literal " + v + " of " + v.getClass().getName());
  }

  public static boolean isIntegral(DataType t) {
    return t == BYTE || t == SHORT || t == INTEGER || t == LONG;
  }

  public static boolean isFloating(DataType t) {
    return t == FLOAT || t == DOUBLE;
  }

  static int integralRank(DataType t) {
    return t == BYTE ? 1 : t == SHORT ? 2 : t == INTEGER ? 3 : 4;
  }

  /** The decimal type an integral type converts to (Spark: int is decimal(10,0)). */
  public static DecimalType decimalOf(DataType t) {
    if (t instanceof DecimalType d) {
      return d;
    }
    if (t == BYTE) {
      return new DecimalType(3, 0);
    }
    if (t == SHORT) {
      return new DecimalType(5, 0);
    }
    if (t == INTEGER) {
      return new DecimalType(10, 0);
    }
    if (t == LONG) {
      return new DecimalType(20, 0);
    }
    throw new IllegalArgumentException("Not integral: " + t);
  }

  /** Spark's precision-loss adjustment when a result exceeds 38 digits. */
  public static DecimalType bounded(int precision, int scale) {
    if (precision <= 38) {
      return new DecimalType(Math.max(precision, 1), scale);
    }
    int intDigits = precision - scale;
    int minScale = Math.min(scale, 6);
    int newScale = Math.max(38 - intDigits, minScale);
    return new DecimalType(38, newScale);
  }

  /** The result type of a decimal arithmetic operation (Spark's rules). */
  public static DecimalType decimalResult(Expr.BinOp op, DecimalType a, DecimalType b) {
    int p1 = a.precision(), s1 = a.scale(), p2 = b.precision(), s2 = b.scale();
    return switch (op) {
      case ADD, SUB -> {
        int s = Math.max(s1, s2);
        yield bounded(Math.max(p1 - s1, p2 - s2) + s + 1, s);
      }
      case MUL -> bounded(p1 + p2 + 1, s1 + s2);
      case DIV -> {
        int s = Math.max(6, s1 + p2 + 1);
        yield bounded(p1 - s1 + s2 + s, s);
      }
      case MOD -> {
        int s = Math.max(s1, s2);
        yield bounded(Math.min(p1 - s1, p2 - s2) + s, s);
      }
      default -> throw new IllegalArgumentException(op.name());
    };
  }

  /** The wider of two types for set operations, CASE, coalesce and comparison; null if none. */
  public static DataType wider(DataType a, DataType b) {
    if (a.equals(b)) {
      return a;
    }
    if (a == VOID) {
      return b;
    }
    if (b == VOID) {
      return a;
    }
    if (isIntegral(a) && isIntegral(b)) {
      return integralRank(a) >= integralRank(b) ? a : b;
    }
    if (a.isNumeric() && b.isNumeric()) {
      if (isFloating(a) || isFloating(b)) {
        return (a == FLOAT || isIntegral(a)) && (b == FLOAT || isIntegral(b)) ? FLOAT : DOUBLE;
      }
      DecimalType da = decimalOf(a), db = decimalOf(b);
      int s = Math.max(da.scale(), db.scale());
      int intDigits = Math.max(da.precision() - da.scale(), db.precision() - db.scale());
      return bounded(intDigits + s, s);
    }
    if ((a == DATE && b == TIMESTAMP) || (a == TIMESTAMP && b == DATE)) {
      return TIMESTAMP;
    }
    if ((a == DATE && b == TIMESTAMP_NTZ) || (a == TIMESTAMP_NTZ && b == DATE)) {
      return TIMESTAMP_NTZ;
    }
    if (a == STRING || b == STRING) {
      return STRING;
    }
    return null;
  }

  /** The common type both sides of a comparison are cast to (string gives way to the other). */
  public static DataType comparisonType(DataType a, DataType b) {
    if (a.equals(b)) {
      return a;
    }
    if (a == STRING && b != VOID && !(b instanceof StructType)) {
      return b == BOOLEAN ? BOOLEAN : b;
    }
    if (b == STRING && a != VOID && !(a instanceof StructType)) {
      return a == BOOLEAN ? BOOLEAN : a;
    }
    return wider(a, b);
  }

  /** The type of a resolved expression. */
  public static DataType typeOf(Expr e) {
    if (e instanceof Expr.Ref r) {
      return r.attr().type();
    }
    if (e instanceof Expr.Lit l) {
      return l.type();
    }
    if (e instanceof Expr.Alias a) {
      return typeOf(a.child());
    }
    if (e instanceof Expr.Cast c) {
      return c.type();
    }
    if (e instanceof Expr.Unary u) {
      return u.op() == Expr.UnOp.NEGATE ? typeOf(u.child()) : BOOLEAN;
    }
    if (e instanceof Expr.Binary b) {
      if (!b.op().isArithmetic()) {
        return BOOLEAN;
      }
      DataType l = typeOf(b.left()), r = typeOf(b.right());
      if (l instanceof DecimalType dl && r instanceof DecimalType dr) {
        return decimalResult(b.op(), dl, dr);
      }
      if (b.op() == Expr.BinOp.DIV) {
        return DOUBLE;
      }
      if (l == DATE) {
        return DATE;
      }
      return l;
    }
    if (e instanceof Expr.In || e instanceof Expr.Like) {
      return BOOLEAN;
    }
    if (e instanceof Expr.Case c) {
      DataType t = c.otherwise() == null ? VOID : typeOf(c.otherwise());
      for (Expr v : c.values()) {
        DataType w = wider(t, typeOf(v));
        t = w == null ? t : w;
      }
      return t;
    }
    if (e instanceof Expr.Call c) {
      return Functions.resultType(c.name(), c.args().stream().map(Types::typeOf).toList());
    }
    if (e instanceof Expr.Agg a) {
      return AggFunctions.resultType(a);
    }
    if (e instanceof Expr.RowNumber) {
      return INTEGER;
    }
    if (e instanceof Expr.Order o) {
      return typeOf(o.child());
    }
    throw new StrataException("Unresolved expression " + e);
  }

  /** Whether a resolved expression may produce null. */
  public static boolean nullable(Expr e) {
    if (e instanceof Expr.Ref r) {
      return r.attr().nullable();
    }
    if (e instanceof Expr.Lit l) {
      return l.value() == null;
    }
    if (e instanceof Expr.Alias a) {
      return nullable(a.child());
    }
    if (e instanceof Expr.Unary u) {
      return u.op() == Expr.UnOp.NOT || u.op() == Expr.UnOp.NEGATE ? nullable(u.child()) : false;
    }
    if (e instanceof Expr.Agg a) {
      return !a.name().equals("count");
    }
    if (e instanceof Expr.RowNumber) {
      return false;
    }
    if (e instanceof Expr.Binary b) {
      if (b.op() == Expr.BinOp.EQ_NULL_SAFE) {
        return false;
      }
      if (b.op() == Expr.BinOp.DIV || b.op() == Expr.BinOp.MOD) {
        return true;
      }
      if (typeOf(b) instanceof DecimalType) {
        return true;
      }
      return nullable(b.left()) || nullable(b.right());
    }
    if (e instanceof Expr.Cast c) {
      DataType from = typeOf(c.child());
      return nullable(c.child()) || from == STRING || !c.type().isNumeric();
    }
    return true;
  }

  /** Parses a SQL type name ({@code int}, {@code bigint}, {@code decimal(10,2)}, ...). */
  public static DataType parseTypeName(String name) {
    String n = name.trim().toLowerCase(java.util.Locale.ROOT);
    switch (n) {
      case "boolean", "bool":
        return BOOLEAN;
      case "byte", "tinyint":
        return BYTE;
      case "short", "smallint":
        return SHORT;
      case "int", "integer":
        return INTEGER;
      case "long", "bigint":
        return LONG;
      case "float", "real":
        return FLOAT;
      case "double":
        return DOUBLE;
      case "string", "varchar", "char", "text":
        return STRING;
      case "binary":
        return BINARY;
      case "date":
        return DATE;
      case "timestamp":
        return TIMESTAMP;
      case "timestamp_ntz":
        return TIMESTAMP_NTZ;
      case "decimal", "dec", "numeric":
        return new DecimalType(10, 0);
      default:
        break;
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "(?:decimal|dec|numeric)\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)")
            .matcher(n);
    if (m.matches()) {
      return new DecimalType(
          Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
    }
    PrimitiveType p = PrimitiveType.fromJsonName(n);
    if (p != null) {
      return p;
    }
    if (n.startsWith("varchar") || n.startsWith("char")) {
      return STRING;
    }
    return null;
  }
}
