package dev.strata.engine.internal.expr;

import static dev.strata.format.types.PrimitiveType.*;

import dev.strata.engine.internal.expr.Expr.*;
import dev.strata.format.StrataException;
import dev.strata.format.types.DataType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.vector.BooleanVector;
import dev.strata.format.vector.BytesVector;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.format.vector.DecimalVector;
import dev.strata.format.vector.DoubleVector;
import dev.strata.format.vector.FloatVector;
import dev.strata.format.vector.IntVector;
import dev.strata.format.vector.LongVector;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A compiled, vectorized expression: evaluates a whole batch column-at-a-time. Kernels are created
 * per task (they may cache per-batch buffers) and are not shared between threads.
 */
public abstract class Kernel {
  protected final DataType type;

  protected Kernel(DataType type) {
    this.type = type;
  }

  public DataType type() {
    return type;
  }

  /** The result for every row of the batch; a vector of {@code batch.numRows()} values. */
  public abstract ColumnVector eval(ColumnBatch batch);

  /** Compiles a resolved expression against the input attributes (matched by id). */
  public static Kernel compile(Expr e, List<Attribute> input) {
    if (e instanceof Alias a) {
      return compile(a.child(), input);
    }
    if (e instanceof Ref r) {
      for (int i = 0; i < input.size(); i++) {
        if (input.get(i).id() == r.attr().id()) {
          return new ColumnK(i, r.attr().type());
        }
      }
      throw new StrataException("Internal error: column " + r.attr() + " not in input " + input);
    }
    if (e instanceof Lit l) {
      return new LiteralK(l.value(), l.type());
    }
    if (e instanceof Cast c) {
      return new CastK(compile(c.child(), input), c.type());
    }
    if (e instanceof Unary u) {
      return new UnaryK(u.op(), compile(u.child(), input), Types.typeOf(u));
    }
    if (e instanceof Binary b) {
      Kernel l = compile(b.left(), input), r = compile(b.right(), input);
      if (b.op() == BinOp.AND || b.op() == BinOp.OR) {
        return new LogicK(b.op() == BinOp.AND, l, r);
      }
      if (b.op().isComparison()) {
        return new CompareK(b.op(), l, r);
      }
      return new ArithK(b.op(), l, r, Types.typeOf(b));
    }
    if (e instanceof In in) {
      List<Kernel> list = new ArrayList<>();
      for (Expr x : in.list()) {
        list.add(compile(x, input));
      }
      return new InK(compile(in.value(), input), list);
    }
    if (e instanceof Like l) {
      if (!(l.pattern() instanceof Lit p) || p.value() == null) {
        throw new StrataException("LIKE needs a string literal pattern: " + l);
      }
      return new LikeK(compile(l.value(), input), (String) p.value());
    }
    if (e instanceof Case c) {
      List<Kernel> conds = new ArrayList<>(), vals = new ArrayList<>();
      for (int i = 0; i < c.conditions().size(); i++) {
        conds.add(compile(c.conditions().get(i), input));
        vals.add(compile(c.values().get(i), input));
      }
      return new CaseK(Types.typeOf(c), conds, vals, compile(c.otherwise(), input));
    }
    if (e instanceof Call c) {
      List<Kernel> args = new ArrayList<>();
      for (Expr x : c.args()) {
        args.add(compile(x, input));
      }
      return Functions.kernel(c, args);
    }
    throw new StrataException("Cannot evaluate " + e + " here");
  }

  /** A column of the input. */
  public static final class ColumnK extends Kernel {
    final int ordinal;

    ColumnK(int ordinal, DataType t) {
      super(t);
      this.ordinal = ordinal;
    }

    public int ordinal() {
      return ordinal;
    }

    @Override
    public ColumnVector eval(ColumnBatch batch) {
      return batch.column(ordinal);
    }
  }

  /** A constant; binary kernels read its one-row vector with stride 0. */
  public static final class LiteralK extends Kernel {
    final Object value;
    final ColumnVector single;
    ColumnVector cached;

    LiteralK(Object value, DataType t) {
      super(t);
      this.value = value;
      this.single = ColumnVector.constant(t, value, 1);
    }

    public Object value() {
      return value;
    }

    @Override
    public ColumnVector eval(ColumnBatch batch) {
      int n = batch.numRows();
      if (cached == null || cached.size() != n) {
        cached = ColumnVector.constant(type, value, n);
      }
      return cached;
    }
  }

  /** Evaluates a kernel, giving a literal's single value with stride 0. */
  static ColumnVector operand(Kernel k, ColumnBatch batch) {
    return k instanceof LiteralK l ? l.single : k.eval(batch);
  }

  static int stride(Kernel k) {
    return k instanceof LiteralK ? 0 : 1;
  }

  static final class CastK extends Kernel {
    final Kernel child;

    CastK(Kernel child, DataType t) {
      super(t);
      this.child = child;
    }

    @Override
    public ColumnVector eval(ColumnBatch batch) {
      return Casts.castVector(child.eval(batch), type);
    }
  }

  static final class UnaryK extends Kernel {
    final UnOp op;
    final Kernel child;

    UnaryK(UnOp op, Kernel child, DataType t) {
      super(t);
      this.op = op;
      this.child = child;
    }

    @Override
    public ColumnVector eval(ColumnBatch batch) {
      ColumnVector v = child.eval(batch);
      int n = batch.numRows();
      switch (op) {
        case IS_NULL, IS_NOT_NULL -> {
          BooleanVector out = new BooleanVector(n);
          boolean want = op == UnOp.IS_NULL;
          if (!v.mayHaveNulls()) {
            for (int i = 0; i < n; i++) {
              out.appendBoolean(!want);
            }
          } else {
            for (int i = 0; i < n; i++) {
              out.appendBoolean(v.isNull(i) == want);
            }
          }
          return out;
        }
        case NOT -> {
          BooleanVector b = (BooleanVector) v;
          BooleanVector out = new BooleanVector(n);
          for (int i = 0; i < n; i++) {
            if (b.isNull(i)) {
              out.appendNull();
            } else {
              out.appendBoolean(!b.getBoolean(i));
            }
          }
          return out;
        }
        default -> {
          ColumnVector out = ColumnVector.allocate(type, n);
          for (int i = 0; i < n; i++) {
            if (v.isNull(i)) {
              out.appendNull();
            } else if (v instanceof IntVector iv) {
              ((IntVector) out).appendInt(-iv.getInt(i));
            } else if (v instanceof LongVector lv) {
              ((LongVector) out).appendLong(-lv.getLong(i));
            } else if (v instanceof DoubleVector dv) {
              ((DoubleVector) out).appendDouble(-dv.getDouble(i));
            } else if (v instanceof FloatVector fv) {
              ((FloatVector) out).appendFloat(-fv.getFloat(i));
            } else if (v instanceof DecimalVector dv) {
              ((DecimalVector) out).appendDecimal(dv.getDecimal(i).negate());
            } else {
              throw new StrataException("Cannot negate " + v.type());
            }
          }
          return out;
        }
      }
    }
  }

  static boolean test(BinOp op, int c) {
    return switch (op) {
      case EQ, EQ_NULL_SAFE -> c == 0;
      case NEQ -> c != 0;
      case LT -> c < 0;
      case LE -> c <= 0;
      case GT -> c > 0;
      case GE -> c >= 0;
      default -> throw new IllegalStateException();
    };
  }

  /** Comparisons of two operands of one type; null in, null out (except {@code <=>}). */
  static final class CompareK extends Kernel {
    final BinOp op;
    final Kernel left, right;

    CompareK(BinOp op, Kernel left, Kernel right) {
      super(BOOLEAN);
      this.op = op;
      this.left = left;
      this.right = right;
    }

    @Override
    public ColumnVector eval(ColumnBatch batch) {
      int n = batch.numRows();
      ColumnVector a = operand(left, batch), b = operand(right, batch);
      int sa = stride(left), sb = stride(right);
      BooleanVector out = new BooleanVector(n);
      boolean nulls = a.mayHaveNulls() || b.mayHaveNulls();
      if (op == BinOp.EQ_NULL_SAFE) {
        for (int i = 0; i < n; i++) {
          out.appendBoolean(a.equalsAt(i * sa, b, i * sb));
        }
        return out;
      }
      if (a instanceof IntVector ia && b instanceof IntVector ib) {
        int[] x = ia.values(), y = ib.values();
        for (int i = 0; i < n; i++) {
          int p = i * sa, q = i * sb;
          if (nulls && (a.isNull(p) || b.isNull(q))) {
            out.appendNull();
          } else {
            out.appendBoolean(test(op, Integer.compare(x[p], y[q])));
          }
        }
      } else if (a instanceof LongVector la && b instanceof LongVector lb) {
        long[] x = la.values(), y = lb.values();
        for (int i = 0; i < n; i++) {
          int p = i * sa, q = i * sb;
          if (nulls && (a.isNull(p) || b.isNull(q))) {
            out.appendNull();
          } else {
            out.appendBoolean(test(op, Long.compare(x[p], y[q])));
          }
        }
      } else if (a instanceof DecimalVector da
          && b instanceof DecimalVector db
          && da.isLongBacked()
          && db.isLongBacked()
          && da.decimalType().scale() == db.decimalType().scale()) {
        long[] x = da.unscaledLongs(), y = db.unscaledLongs();
        for (int i = 0; i < n; i++) {
          int p = i * sa, q = i * sb;
          if (nulls && (a.isNull(p) || b.isNull(q))) {
            out.appendNull();
          } else {
            out.appendBoolean(test(op, Long.compare(x[p], y[q])));
          }
        }
      } else if (a instanceof BytesVector ba
          && b instanceof BytesVector bb
          && (op == BinOp.EQ || op == BinOp.NEQ)) {
        boolean eq = op == BinOp.EQ;
        for (int i = 0; i < n; i++) {
          int p = i * sa, q = i * sb;
          if (nulls && (a.isNull(p) || b.isNull(q))) {
            out.appendNull();
          } else {
            out.appendBoolean(ba.equalsAt(p, bb, q) == eq);
          }
        }
      } else {
        for (int i = 0; i < n; i++) {
          int p = i * sa, q = i * sb;
          if (a.isNull(p) || b.isNull(q)) {
            out.appendNull();
          } else {
            out.appendBoolean(test(op, a.compareAt(p, b, q)));
          }
        }
      }
      return out;
    }
  }

  /** AND / OR with SQL three-valued logic. */
  static final class LogicK extends Kernel {
    final boolean and;
    final Kernel left, right;

    LogicK(boolean and, Kernel left, Kernel right) {
      super(BOOLEAN);
      this.and = and;
      this.left = left;
      this.right = right;
    }

    @Override
    public ColumnVector eval(ColumnBatch batch) {
      int n = batch.numRows();
      BooleanVector a = (BooleanVector) operand(left, batch),
          b = (BooleanVector) operand(right, batch);
      int sa = stride(left), sb = stride(right);
      boolean[] x = a.values(), y = b.values();
      BooleanVector out = new BooleanVector(n);
      boolean nulls = a.mayHaveNulls() || b.mayHaveNulls();
      for (int i = 0; i < n; i++) {
        int p = i * sa, q = i * sb;
        if (!nulls) {
          out.appendBoolean(and ? x[p] & y[q] : x[p] | y[q]);
          continue;
        }
        boolean na = a.isNull(p), nb = b.isNull(q);
        if (and) {
          if ((!na && !x[p]) || (!nb && !y[q])) {
            out.appendBoolean(false);
          } else if (na || nb) {
            out.appendNull();
          } else {
            out.appendBoolean(true);
          }
        } else {
          if ((!na && x[p]) || (!nb && y[q])) {
            out.appendBoolean(true);
          } else if (na || nb) {
            out.appendNull();
          } else {
            out.appendBoolean(false);
          }
        }
      }
      return out;
    }
  }

  /** + - * / % over one numeric type (decimals: Spark's result precision and scale). */
  static final class ArithK extends Kernel {
    final BinOp op;
    final Kernel left, right;

    ArithK(BinOp op, Kernel left, Kernel right, DataType t) {
      super(t);
      this.op = op;
      this.left = left;
      this.right = right;
    }

    @Override
    public ColumnVector eval(ColumnBatch batch) {
      int n = batch.numRows();
      ColumnVector a = operand(left, batch), b = operand(right, batch);
      int sa = stride(left), sb = stride(right);
      boolean nulls = a.mayHaveNulls() || b.mayHaveNulls();
      if (type instanceof DecimalType dt) {
        return decimal((DecimalVector) a, sa, (DecimalVector) b, sb, dt, n);
      }
      if (type == LONG) {
        long[] x = ((LongVector) a).values(), y = ((LongVector) b).values();
        LongVector out = new LongVector(LONG, n);
        for (int i = 0; i < n; i++) {
          int p = i * sa, q = i * sb;
          if (nulls && (a.isNull(p) || b.isNull(q))) {
            out.appendNull();
            continue;
          }
          long u = x[p], v = y[q];
          switch (op) {
            case ADD -> out.appendLong(u + v);
            case SUB -> out.appendLong(u - v);
            case MUL -> out.appendLong(u * v);
            default -> {
              if (v == 0) {
                out.appendNull();
              } else {
                out.appendLong(u % v);
              }
            }
          }
        }
        return out;
      }
      if (type == INTEGER || type == SHORT || type == BYTE) {
        int[] x = ((IntVector) a).values(), y = ((IntVector) b).values();
        IntVector out = new IntVector((PrimitiveType) type, n);
        for (int i = 0; i < n; i++) {
          int p = i * sa, q = i * sb;
          if (nulls && (a.isNull(p) || b.isNull(q))) {
            out.appendNull();
            continue;
          }
          int u = x[p], v = y[q];
          int r;
          switch (op) {
            case ADD -> r = u + v;
            case SUB -> r = u - v;
            case MUL -> r = u * v;
            default -> {
              if (v == 0) {
                out.appendNull();
                continue;
              }
              r = u % v;
            }
          }
          out.appendInt(type == BYTE ? (byte) r : type == SHORT ? (short) r : r);
        }
        return out;
      }
      if (type == DOUBLE || type == FLOAT) {
        ColumnVector out = ColumnVector.allocate(type, n);
        for (int i = 0; i < n; i++) {
          int p = i * sa, q = i * sb;
          if (nulls && (a.isNull(p) || b.isNull(q))) {
            out.appendNull();
            continue;
          }
          double u = num(a, p), v = num(b, q);
          double r;
          switch (op) {
            case ADD -> r = u + v;
            case SUB -> r = u - v;
            case MUL -> r = u * v;
            case DIV -> {
              if (v == 0) {
                out.appendNull();
                continue;
              }
              r = u / v;
            }
            default -> {
              if (v == 0) {
                out.appendNull();
                continue;
              }
              r = u % v;
            }
          }
          if (type == DOUBLE) {
            ((DoubleVector) out).appendDouble(r);
          } else {
            ((FloatVector) out).appendFloat((float) r);
          }
        }
        return out;
      }
      throw new StrataException("Cannot compute " + op + " on " + type);
    }

    private static double num(ColumnVector v, int i) {
      return v instanceof DoubleVector d ? d.getDouble(i) : ((FloatVector) v).getFloat(i);
    }

    private ColumnVector decimal(
        DecimalVector a, int sa, DecimalVector b, int sb, DecimalType dt, int n) {
      DecimalVector out = new DecimalVector(dt, n);
      int s1 = a.decimalType().scale(), s2 = b.decimalType().scale(), s = dt.scale();
      boolean longs = a.isLongBacked() && b.isLongBacked();
      long limit = dt.precision() <= 18 ? Casts.pow10(dt.precision()) : Long.MAX_VALUE;
      boolean nulls = a.mayHaveNulls() || b.mayHaveNulls();
      long[] x = longs ? a.unscaledLongs() : null, y = longs ? b.unscaledLongs() : null;
      for (int i = 0; i < n; i++) {
        int p = i * sa, q = i * sb;
        if (nulls && (a.isNull(p) || b.isNull(q))) {
          out.appendNull();
          continue;
        }
        if (longs) {
          try {
            long r;
            boolean ok = true;
            switch (op) {
              case ADD, SUB -> {
                if (s != Math.max(s1, s2)) {
                  ok = false;
                  r = 0;
                } else {
                  long u = Math.multiplyExact(x[p], Casts.pow10(s - s1));
                  long v = Math.multiplyExact(y[q], Casts.pow10(s - s2));
                  r = op == BinOp.ADD ? Math.addExact(u, v) : Math.subtractExact(u, v);
                }
              }
              case MUL -> {
                if (s != s1 + s2) {
                  ok = false;
                  r = 0;
                } else {
                  r = Math.multiplyExact(x[p], y[q]);
                }
              }
              default -> {
                ok = false;
                r = 0;
              }
            }
            if (ok) {
              if (r >= limit || r <= -limit) {
                out.appendNull();
              } else {
                out.appendUnscaledLong(r);
              }
              continue;
            }
          } catch (ArithmeticException overflow) {
            // exact result needs more than 64 bits: take the BigDecimal path
          }
        }
        BigDecimal u = a.getDecimal(p), v = b.getDecimal(q);
        BigDecimal r;
        switch (op) {
          case ADD -> r = u.add(v);
          case SUB -> r = u.subtract(v);
          case MUL -> r = u.multiply(v);
          case DIV -> {
            if (v.signum() == 0) {
              out.appendNull();
              continue;
            }
            r = u.divide(v, s, RoundingMode.HALF_UP);
          }
          default -> {
            if (v.signum() == 0) {
              out.appendNull();
              continue;
            }
            r = u.remainder(v);
          }
        }
        r = r.setScale(s, RoundingMode.HALF_UP);
        BigInteger unscaled = r.unscaledValue();
        if (unscaled.abs().compareTo(BigInteger.TEN.pow(dt.precision())) >= 0) {
          out.appendNull();
        } else {
          out.appendUnscaled(unscaled);
        }
      }
      return out;
    }
  }

  static final class InK extends Kernel {
    final Kernel value;
    final List<Kernel> list;

    InK(Kernel value, List<Kernel> list) {
      super(BOOLEAN);
      this.value = value;
      this.list = list;
    }

    @Override
    public ColumnVector eval(ColumnBatch batch) {
      int n = batch.numRows();
      ColumnVector v = value.eval(batch);
      ColumnVector[] items = new ColumnVector[list.size()];
      int[] strides = new int[items.length];
      for (int k = 0; k < items.length; k++) {
        items[k] = operand(list.get(k), batch);
        strides[k] = stride(list.get(k));
      }
      BooleanVector out = new BooleanVector(n);
      for (int i = 0; i < n; i++) {
        if (v.isNull(i)) {
          out.appendNull();
          continue;
        }
        boolean found = false, sawNull = false;
        for (int k = 0; k < items.length && !found; k++) {
          int q = i * strides[k];
          if (items[k].isNull(q)) {
            sawNull = true;
          } else if (v.equalsAt(i, items[k], q)) {
            found = true;
          }
        }
        if (found) {
          out.appendBoolean(true);
        } else if (sawNull) {
          out.appendNull();
        } else {
          out.appendBoolean(false);
        }
      }
      return out;
    }
  }

  /** SQL LIKE with % and _ wildcards and backslash escapes. */
  static final class LikeK extends Kernel {
    final Kernel value;
    final Pattern regex;

    LikeK(Kernel value, String pattern) {
      super(BOOLEAN);
      this.value = value;
      this.regex = Pattern.compile(likeToRegex(pattern), Pattern.DOTALL);
    }

    static String likeToRegex(String p) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < p.length(); i++) {
        char c = p.charAt(i);
        if (c == '\\' && i + 1 < p.length()) {
          sb.append(Pattern.quote(String.valueOf(p.charAt(++i))));
        } else if (c == '%') {
          sb.append(".*");
        } else if (c == '_') {
          sb.append('.');
        } else {
          sb.append(Pattern.quote(String.valueOf(c)));
        }
      }
      return sb.toString();
    }

    @Override
    public ColumnVector eval(ColumnBatch batch) {
      int n = batch.numRows();
      BytesVector v = (BytesVector) value.eval(batch);
      BooleanVector out = new BooleanVector(n);
      for (int i = 0; i < n; i++) {
        if (v.isNull(i)) {
          out.appendNull();
        } else {
          out.appendBoolean(regex.matcher(v.getString(i)).matches());
        }
      }
      return out;
    }
  }

  static final class CaseK extends Kernel {
    final List<Kernel> conds, values;
    final Kernel otherwise;

    CaseK(DataType t, List<Kernel> conds, List<Kernel> values, Kernel otherwise) {
      super(t);
      this.conds = conds;
      this.values = values;
      this.otherwise = otherwise;
    }

    @Override
    public ColumnVector eval(ColumnBatch batch) {
      int n = batch.numRows();
      int k = conds.size();
      BooleanVector[] c = new BooleanVector[k];
      ColumnVector[] v = new ColumnVector[k];
      int[] cs = new int[k], vs = new int[k];
      for (int j = 0; j < k; j++) {
        c[j] = (BooleanVector) operand(conds.get(j), batch);
        cs[j] = stride(conds.get(j));
        v[j] = operand(values.get(j), batch);
        vs[j] = stride(values.get(j));
      }
      ColumnVector other = operand(otherwise, batch);
      int os = stride(otherwise);
      ColumnVector out = ColumnVector.allocate(type, n);
      for (int i = 0; i < n; i++) {
        int chosen = -1;
        for (int j = 0; j < k; j++) {
          int p = i * cs[j];
          if (!c[j].isNull(p) && c[j].getBoolean(p)) {
            chosen = j;
            break;
          }
        }
        if (chosen < 0) {
          out.appendFrom(other, i * os);
        } else {
          out.appendFrom(v[chosen], i * vs[chosen]);
        }
      }
      return out;
    }
  }
}
