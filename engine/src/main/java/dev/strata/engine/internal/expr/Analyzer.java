package dev.strata.engine.internal.expr;

import static dev.strata.format.types.PrimitiveType.*;

import dev.strata.engine.internal.expr.Expr.*;
import dev.strata.format.StrataException;
import dev.strata.format.types.DataType;
import dev.strata.format.types.DecimalType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Resolves column names against a plan's attributes and makes implicit casts explicit. */
public final class Analyzer {
  private Analyzer() {}

  /** Resolves names and applies Spark's type coercion. */
  public static Expr resolve(Expr e, List<Attribute> input) {
    Expr named = Expr.transformUp(e, x -> x instanceof Col c ? new Ref(lookup(c, input)) : x);
    if (Expr.exists(named, x -> x instanceof Star)) {
      throw new StrataException("'*' is only allowed as a select item or in count(*)");
    }
    return coerce(named);
  }

  /** Finds the attribute for {@code qualifier.name}. */
  public static Attribute lookup(Col c, List<Attribute> input) {
    Attribute found = null;
    for (Attribute a : input) {
      if (a.name().equalsIgnoreCase(c.name())
          && (c.qualifier() == null || c.qualifier().equalsIgnoreCase(a.qualifier()))) {
        if (found != null && found.id() != a.id()) {
          throw new StrataException(
              "Reference '"
                  + c
                  + "' is ambiguous, could be: "
                  + describe(found)
                  + ", "
                  + describe(a)
                  + ". Qualify it with the Dataset alias (Dataset.as) or rename one side.");
        }
        if (found == null || a.name().equals(c.name())) {
          found = a;
        }
      }
    }
    if (found == null && c.qualifier() != null) {
      // "a.b" may also be a column literally named with a dot
      for (Attribute a : input) {
        if (a.name().equalsIgnoreCase(c.qualifier() + "." + c.name())) {
          return a;
        }
      }
    }
    if (found == null) {
      throw new StrataException(
          "Column '"
              + c
              + "' does not exist. Available columns: "
              + input.stream().map(Analyzer::describe).collect(Collectors.joining(", ", "[", "]")));
    }
    return found;
  }

  private static String describe(Attribute a) {
    return a.qualifier() == null ? a.name() : a.qualifier() + "." + a.name();
  }

  /** Casts {@code e} to {@code t} unless it already has that type; folds literals. */
  public static Expr cast(Expr e, DataType t) {
    DataType from = Types.typeOf(e);
    if (from.equals(t)) {
      return e;
    }
    if (e instanceof Lit l) {
      return new Lit(Casts.castValue(l.value(), from, t), t);
    }
    if (e instanceof Alias a) {
      return new Alias(cast(a.child(), t), a.name());
    }
    return new Cast(e, t);
  }

  static Expr coerce(Expr root) {
    return Expr.transformUp(root, Analyzer::coerceNode);
  }

  private static Expr coerceNode(Expr e) {
    if (e instanceof Binary b) {
      DataType l = Types.typeOf(b.left()), r = Types.typeOf(b.right());
      BinOp op = b.op();
      if (op == BinOp.AND || op == BinOp.OR) {
        return new Binary(op, toBoolean(b.left()), toBoolean(b.right()));
      }
      if (op.isComparison()) {
        DataType t = Types.comparisonType(l, r);
        if (t == null) {
          throw new StrataException(
              "Cannot compare " + l.simpleString() + " with " + r.simpleString() + " in " + b);
        }
        if (t == VOID) {
          t = BOOLEAN;
        }
        checkComparedLiteral(b.left(), b.right(), t);
        checkComparedLiteral(b.right(), b.left(), t);
        return new Binary(op, cast(b.left(), t), cast(b.right(), t));
      }
      // arithmetic
      if (l == VOID) {
        l = r == VOID ? INTEGER : r;
      }
      if (r == VOID) {
        r = l;
      }
      if ((op == BinOp.ADD || op == BinOp.SUB) && l == DATE && Types.isIntegral(r)) {
        return new Call(
            op == BinOp.ADD ? "date_add" : "date_sub", List.of(b.left(), cast(b.right(), INTEGER)));
      }
      if (op == BinOp.ADD && r == DATE && Types.isIntegral(l)) {
        return new Call("date_add", List.of(b.right(), cast(b.left(), INTEGER)));
      }
      if (op == BinOp.SUB && l == DATE && r == DATE) {
        return new Call("datediff", List.of(b.left(), b.right()));
      }
      if (l == STRING) {
        l = DOUBLE;
      }
      if (r == STRING) {
        r = DOUBLE;
      }
      if (!l.isNumeric() || !r.isNumeric()) {
        throw new StrataException(
            "Cannot apply '"
                + op.symbol
                + "' to "
                + l.simpleString()
                + " and "
                + r.simpleString()
                + " in "
                + b);
      }
      if (Types.isFloating(l)
          || Types.isFloating(r)
          || (op == BinOp.DIV && !(l instanceof DecimalType || r instanceof DecimalType))) {
        DataType t = op == BinOp.DIV ? DOUBLE : Types.wider(l, r);
        return new Binary(op, cast(b.left(), t), cast(b.right(), t));
      }
      if (l instanceof DecimalType || r instanceof DecimalType) {
        return new Binary(
            op, cast(b.left(), decimalFor(b.left(), l)), cast(b.right(), decimalFor(b.right(), r)));
      }
      DataType t = Types.wider(l, r);
      return new Binary(op, cast(b.left(), t), cast(b.right(), t));
    }
    if (e instanceof Unary u) {
      if (u.op() == UnOp.NOT) {
        return new Unary(UnOp.NOT, toBoolean(u.child()));
      }
      if (u.op() == UnOp.NEGATE) {
        DataType t = Types.typeOf(u.child());
        if (t == STRING) {
          return new Unary(UnOp.NEGATE, cast(u.child(), DOUBLE));
        }
      }
      return u;
    }
    if (e instanceof In in) {
      DataType t = Types.typeOf(in.value());
      for (Expr x : in.list()) {
        DataType w = Types.comparisonType(t, Types.typeOf(x));
        if (w == null) {
          throw new StrataException(
              "Cannot compare " + t.simpleString() + " with " + x + " in " + in);
        }
        t = w;
      }
      final DataType common = t == VOID ? BOOLEAN : t;
      for (Expr x : in.list()) {
        checkComparedLiteral(x, in.value(), common);
      }
      return new In(
          cast(in.value(), common), in.list().stream().map(x -> cast(x, common)).toList());
    }
    if (e instanceof Like l) {
      return new Like(cast(l.value(), STRING), cast(l.pattern(), STRING));
    }
    if (e instanceof Case c) {
      DataType t = Types.typeOf(c);
      if (t == VOID) {
        t = STRING;
      }
      final DataType rt = t;
      List<Expr> conds = c.conditions().stream().map(Analyzer::toBoolean).toList();
      List<Expr> values = c.values().stream().map(v -> cast(v, rt)).toList();
      Expr other = c.otherwise() == null ? new Lit(null, rt) : cast(c.otherwise(), rt);
      return new Case(conds, values, other);
    }
    if (e instanceof Call c) {
      return Functions.coerce(c);
    }
    if (e instanceof Agg a) {
      return AggFunctions.coerce(a);
    }
    if (e instanceof Cast c) {
      DataType from = Types.typeOf(c.child());
      if (!Casts.canCast(from, c.type())) {
        throw new StrataException(
            "Cannot cast " + from.simpleString() + " to " + c.type().simpleString());
      }
      if (c.child() instanceof Lit l) {
        return new Lit(Casts.castValue(l.value(), from, c.type()), c.type());
      }
      return c;
    }
    return e;
  }

  /**
   * A literal compared with a column must be a value of the column's type, as in Spark's ANSI mode:
   * {@code order_count = 'abc'} or {@code order_date = '2024-02-30'} would otherwise compare with
   * NULL and silently match nothing, and {@code category = 5} would cast every category to a number
   * (NULL for all non-numeric ones). Valid casts ({@code order_count > '300'}) pass.
   */
  private static void checkComparedLiteral(Expr literal, Expr other, DataType common) {
    if (!(literal instanceof Lit l) || l.value() == null || other instanceof Lit) {
      return;
    }
    DataType otherType = Types.typeOf(other);
    if (l.type() == STRING && common != STRING && common != VOID) {
      if (Casts.castValue(l.value(), STRING, common) == null) {
        throw typeMismatch(other, otherType, l);
      }
    } else if (otherType == STRING
        && l.type() != STRING
        && l.type() != VOID
        // A text column of ISO dates compared with a date or timestamp literal is how Spark users
        // filter CSV-typed partitions (`order_date = DATE '2024-01-01'`); Spark casts the text.
        && l.type() != DATE
        && l.type() != TIMESTAMP
        && l.type() != TIMESTAMP_NTZ) {
      throw typeMismatch(other, otherType, l);
    }
  }

  private static StrataException typeMismatch(Expr column, DataType type, Lit literal) {
    String name =
        column instanceof Ref r
            ? "column " + r.attr().name()
            : column instanceof Alias a ? "column " + a.name() : "expression " + column;
    String subject = name + " (type " + type.simpleString() + ")";
    if (literal.type() == STRING) {
      return new StrataException(
          "Type mismatch: "
              + subject
              + " is compared with the literal '"
              + literal.value()
              + "', which is not a valid "
              + type.simpleString()
              + " value. Write a valid "
              + type.simpleString()
              + " literal.");
    }
    String literalType = literal.type().simpleString();
    return new StrataException(
        "Type mismatch: "
            + subject
            + " is compared with the "
            + literalType
            + " literal "
            + literal.value()
            + ". Quote it ('"
            + literal.value()
            + "') to compare as text, or CAST the column to "
            + literalType
            + ".");
  }

  /** Spark takes the minimum precision for integral literals in decimal arithmetic. */
  private static DecimalType decimalFor(Expr e, DataType t) {
    if (e instanceof Lit l && l.value() instanceof Number n && Types.isIntegral(t)) {
      String digits = Long.toString(Math.abs(n.longValue()));
      return new DecimalType(Math.max(1, digits.length()), 0);
    }
    return Types.decimalOf(t);
  }

  private static Expr toBoolean(Expr e) {
    DataType t = Types.typeOf(e);
    if (t == BOOLEAN) {
      return e;
    }
    if (t == VOID || t == STRING) {
      return cast(e, BOOLEAN);
    }
    throw new StrataException(
        "Expected a boolean condition but got " + t.simpleString() + ": " + e);
  }

  /** Every attribute reference in the expressions. */
  public static List<Attribute> references(List<? extends Expr> exprs) {
    List<Attribute> out = new ArrayList<>();
    for (Expr e : exprs) {
      Expr.collectRefs(e, out);
    }
    return out;
  }
}
