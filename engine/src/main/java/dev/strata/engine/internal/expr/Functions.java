package dev.strata.engine.internal.expr;

import static dev.strata.format.types.PrimitiveType.*;

import dev.strata.engine.internal.expr.Expr.Call;
import dev.strata.format.StrataException;
import dev.strata.format.types.DataType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.vector.BytesVector;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.format.vector.IntVector;
import dev.strata.format.vector.LongVector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The scalar functions: typing, coercion and evaluation. */
public final class Functions {
  private Functions() {}

  static final Set<String> NAMES =
      Set.of(
          "lower",
          "lcase",
          "upper",
          "ucase",
          "trim",
          "ltrim",
          "rtrim",
          "substring",
          "substr",
          "concat",
          "length",
          "char_length",
          "coalesce",
          "nvl",
          "ifnull",
          "to_date",
          "to_timestamp",
          "date_add",
          "date_sub",
          "datediff",
          "year",
          "month",
          "dayofmonth",
          "day",
          "date_trunc",
          "abs",
          "round",
          "floor",
          "ceil",
          "ceiling",
          "hour",
          "minute",
          "second",
          "isnull",
          "isnotnull",
          "concat_ws",
          "greatest",
          "least",
          "nullif",
          "if",
          "dayofweek",
          "quarter",
          "startswith",
          "endswith",
          "contains");

  public static boolean isFunction(String name) {
    return NAMES.contains(name);
  }

  static String canonical(String name) {
    return switch (name) {
      case "lcase" -> "lower";
      case "ucase" -> "upper";
      case "substr" -> "substring";
      case "char_length" -> "length";
      case "nvl", "ifnull" -> "coalesce";
      case "day" -> "dayofmonth";
      case "ceiling" -> "ceil";
      default -> name;
    };
  }

  static DataType resultType(String name, List<DataType> args) {
    switch (canonical(name)) {
      case "lower", "upper", "trim", "ltrim", "rtrim", "substring", "concat", "concat_ws":
        return STRING;
      case "length",
      "datediff",
      "year",
      "month",
      "dayofmonth",
      "hour",
      "minute",
      "second",
      "dayofweek",
      "quarter":
        return INTEGER;
      case "isnull", "isnotnull", "startswith", "endswith", "contains":
        return BOOLEAN;
      case "coalesce", "greatest", "least":
        {
          DataType t = VOID;
          for (DataType a : args) {
            DataType w = Types.wider(t, a);
            t = w == null ? t : w;
          }
          return t;
        }
      case "nullif":
        return args.get(0);
      case "if":
        {
          DataType w = Types.wider(args.get(1), args.get(2));
          return w == null ? args.get(1) : w;
        }
      case "to_date", "date_add", "date_sub":
        return DATE;
      case "to_timestamp", "date_trunc":
        return TIMESTAMP;
      case "abs":
        return args.get(0);
      case "round":
        return args.get(0);
      case "floor", "ceil":
        return args.get(0) instanceof DecimalType d
            ? new DecimalType(Math.min(38, d.precision() - d.scale() + 1), 0)
            : LONG;
      default:
        throw new StrataException("Unknown function " + name);
    }
  }

  static Call coerce(Call c) {
    String name = canonical(c.name());
    List<Expr> a = new ArrayList<>(c.args());
    switch (name) {
      case "lower",
      "upper",
      "trim",
      "ltrim",
      "rtrim",
      "length",
      "startswith",
      "endswith",
      "contains":
        for (int i = 0; i < a.size(); i++) {
          a.set(i, Analyzer.cast(a.get(i), STRING));
        }
        arity(c, a, 1, name.endsWith("with") || name.equals("contains") ? 2 : 1);
        break;
      case "concat", "concat_ws":
        a.replaceAll(x -> Analyzer.cast(x, STRING));
        break;
      case "substring":
        arity(c, a, 2, 3);
        a.set(0, Analyzer.cast(a.get(0), STRING));
        for (int i = 1; i < a.size(); i++) {
          a.set(i, Analyzer.cast(a.get(i), INTEGER));
        }
        break;
      case "coalesce", "greatest", "least":
        {
          DataType t = resultType(name, a.stream().map(Types::typeOf).toList());
          a.replaceAll(x -> Analyzer.cast(x, t));
          break;
        }
      case "nullif":
        {
          arity(c, a, 2, 2);
          DataType t = Types.comparisonType(Types.typeOf(a.get(0)), Types.typeOf(a.get(1)));
          a.set(1, Analyzer.cast(a.get(1), Types.typeOf(a.get(0))));
          break;
        }
      case "if":
        {
          arity(c, a, 3, 3);
          a.set(0, Analyzer.cast(a.get(0), BOOLEAN));
          DataType t = resultType(name, a.stream().map(Types::typeOf).toList());
          a.set(1, Analyzer.cast(a.get(1), t));
          a.set(2, Analyzer.cast(a.get(2), t));
          break;
        }
      case "to_date", "to_timestamp":
        arity(c, a, 1, 2);
        if (a.size() == 2) {
          a.set(1, Analyzer.cast(a.get(1), STRING));
        }
        if (Types.typeOf(a.get(0)) != STRING && a.size() == 1) {
          return new Call(name, List.of(a.get(0)));
        }
        break;
      case "date_add", "date_sub":
        arity(c, a, 2, 2);
        a.set(0, Analyzer.cast(a.get(0), DATE));
        a.set(1, Analyzer.cast(a.get(1), INTEGER));
        break;
      case "datediff":
        arity(c, a, 2, 2);
        a.set(0, Analyzer.cast(a.get(0), DATE));
        a.set(1, Analyzer.cast(a.get(1), DATE));
        break;
      case "year", "month", "dayofmonth", "dayofweek", "quarter":
        arity(c, a, 1, 1);
        a.set(0, Analyzer.cast(a.get(0), DATE));
        break;
      case "hour", "minute", "second":
        arity(c, a, 1, 1);
        a.set(0, Analyzer.cast(a.get(0), TIMESTAMP));
        break;
      case "date_trunc":
        arity(c, a, 2, 2);
        a.set(0, Analyzer.cast(a.get(0), STRING));
        a.set(1, Analyzer.cast(a.get(1), TIMESTAMP));
        break;
      case "abs", "floor", "ceil":
        arity(c, a, 1, 1);
        if (!Types.typeOf(a.get(0)).isNumeric()) {
          a.set(0, Analyzer.cast(a.get(0), DOUBLE));
        }
        break;
      case "round":
        arity(c, a, 1, 2);
        if (!Types.typeOf(a.get(0)).isNumeric()) {
          a.set(0, Analyzer.cast(a.get(0), DOUBLE));
        }
        if (a.size() == 2) {
          a.set(1, Analyzer.cast(a.get(1), INTEGER));
        }
        break;
      case "isnull", "isnotnull":
        arity(c, a, 1, 1);
        break;
      default:
        throw new StrataException("Unknown function " + c.name());
    }
    return new Call(name, a);
  }

  private static void arity(Call c, List<Expr> a, int min, int max) {
    if (a.size() < min || a.size() > max) {
      throw new StrataException(
          "Function "
              + c.name()
              + " takes "
              + (min == max ? min : min + " to " + max)
              + " arguments, got "
              + a.size());
    }
  }

  interface RowFn {
    Object apply(Object[] args);
  }

  static Kernel kernel(Call c, List<Kernel> args) {
    DataType t = Types.typeOf(c);
    String name = c.name();
    switch (name) {
      case "coalesce":
        return new Kernel(t) {
          public ColumnVector eval(ColumnBatch batch) {
            int n = batch.numRows();
            ColumnVector[] vs = new ColumnVector[args.size()];
            for (int k = 0; k < vs.length; k++) {
              vs[k] = args.get(k).eval(batch);
            }
            if (!vs[0].mayHaveNulls()) {
              return vs[0];
            }
            ColumnVector out = ColumnVector.allocate(type, n);
            for (int i = 0; i < n; i++) {
              int k = 0;
              while (k < vs.length - 1 && vs[k].isNull(i)) {
                k++;
              }
              out.appendFrom(vs[k], i);
            }
            return out;
          }
        };
      case "year", "month", "dayofmonth":
        int field = name.equals("year") ? 0 : name.equals("month") ? 1 : 2;
        return new Kernel(t) {
          public ColumnVector eval(ColumnBatch batch) {
            IntVector d = (IntVector) args.get(0).eval(batch);
            int n = batch.numRows();
            IntVector out = new IntVector(INTEGER, n);
            for (int i = 0; i < n; i++) {
              if (d.isNull(i)) {
                out.appendNull();
              } else {
                out.appendInt(DateTimes.civilFromDays(d.getInt(i))[field]);
              }
            }
            return out;
          }
        };
      case "to_date":
        if (args.size() == 1 && args.get(0).type() == STRING) {
          return new Kernel(t) {
            public ColumnVector eval(ColumnBatch batch) {
              BytesVector s = (BytesVector) args.get(0).eval(batch);
              int n = batch.numRows();
              IntVector out = new IntVector(DATE, n);
              for (int i = 0; i < n; i++) {
                if (s.isNull(i)) {
                  out.appendNull();
                  continue;
                }
                int d = DateTimes.parseIsoDate(s.data(), s.offset(i), s.length(i));
                if (d == Integer.MIN_VALUE) {
                  Integer slow = DateTimes.parseDate(s.getString(i));
                  if (slow == null) {
                    out.appendNull();
                  } else {
                    out.appendInt(slow);
                  }
                } else {
                  out.appendInt(d);
                }
              }
              return out;
            }
          };
        }
        break;
      default:
        break;
    }
    RowFn fn = rowFunction(name, args, t);
    return new Kernel(t) {
      public ColumnVector eval(ColumnBatch batch) {
        int n = batch.numRows();
        ColumnVector[] vs = new ColumnVector[args.size()];
        int[] strides = new int[vs.length];
        for (int k = 0; k < vs.length; k++) {
          vs[k] = Kernel.operand(args.get(k), batch);
          strides[k] = Kernel.stride(args.get(k));
        }
        ColumnVector out = ColumnVector.allocate(type, n);
        Object[] row = new Object[vs.length];
        for (int i = 0; i < n; i++) {
          for (int k = 0; k < vs.length; k++) {
            row[k] = vs[k].get(i * strides[k]);
          }
          out.append(fn.apply(row));
        }
        return out;
      }
    };
  }

  private static RowFn strict(RowFn f) {
    return a -> {
      for (Object o : a) {
        if (o == null) {
          return null;
        }
      }
      return f.apply(a);
    };
  }

  private static RowFn rowFunction(String name, List<Kernel> args, DataType t) {
    switch (name) {
      case "lower":
        return strict(a -> ((String) a[0]).toLowerCase(Locale.ROOT));
      case "upper":
        return strict(a -> ((String) a[0]).toUpperCase(Locale.ROOT));
      case "trim":
        return strict(a -> ((String) a[0]).strip());
      case "ltrim":
        return strict(a -> ((String) a[0]).stripLeading());
      case "rtrim":
        return strict(a -> ((String) a[0]).stripTrailing());
      case "length":
        return strict(a -> ((String) a[0]).codePointCount(0, ((String) a[0]).length()));
      case "startswith":
        return strict(a -> ((String) a[0]).startsWith((String) a[1]));
      case "endswith":
        return strict(a -> ((String) a[0]).endsWith((String) a[1]));
      case "contains":
        return strict(a -> ((String) a[0]).contains((String) a[1]));
      case "substring":
        return strict(
            a ->
                substring(
                    (String) a[0],
                    (Integer) a[1],
                    a.length > 2 ? (Integer) a[2] : Integer.MAX_VALUE));
      case "concat":
        return strict(
            a -> {
              StringBuilder sb = new StringBuilder();
              for (Object o : a) {
                sb.append((String) o);
              }
              return sb.toString();
            });
      case "concat_ws":
        return a -> {
          if (a[0] == null) {
            return null;
          }
          StringBuilder sb = new StringBuilder();
          boolean first = true;
          for (int i = 1; i < a.length; i++) {
            if (a[i] != null) {
              if (!first) {
                sb.append((String) a[0]);
              }
              sb.append((String) a[i]);
              first = false;
            }
          }
          return sb.toString();
        };
      case "isnull":
        return a -> a[0] == null;
      case "isnotnull":
        return a -> a[0] != null;
      case "nullif":
        return a -> a[0] != null && a[1] != null && compare(a[0], a[1]) == 0 ? null : a[0];
      case "if":
        return a -> Boolean.TRUE.equals(a[0]) ? a[1] : a[2];
      case "greatest", "least":
        boolean greatest = name.equals("greatest");
        return a -> {
          Object best = null;
          for (Object o : a) {
            if (o != null
                && (best == null || (compare(o, best) > 0) == greatest && compare(o, best) != 0)) {
              best = o;
            }
          }
          return best;
        };
      case "to_date":
        return strict(
            a -> {
              if (!(a[0] instanceof String s)) {
                return Casts.castValue(a[0], args.get(0).type(), DATE);
              }
              Integer d =
                  a.length > 1
                      ? DateTimes.parseDate(s, formatter((String) a[1]))
                      : DateTimes.parseDate(s);
              return d == null ? null : LocalDate.ofEpochDay(d);
            });
      case "to_timestamp":
        return strict(
            a -> {
              if (!(a[0] instanceof String s)) {
                return Casts.castValue(a[0], args.get(0).type(), TIMESTAMP);
              }
              Long m =
                  a.length > 1
                      ? DateTimes.parseTimestamp(s, formatter((String) a[1]))
                      : DateTimes.parseTimestamp(s);
              return m == null ? null : LongVector.toInstant(m);
            });
      case "date_add":
        return strict(a -> ((LocalDate) a[0]).plusDays((Integer) a[1]));
      case "date_sub":
        return strict(a -> ((LocalDate) a[0]).minusDays((Integer) a[1]));
      case "datediff":
        return strict(
            a -> (int) (((LocalDate) a[0]).toEpochDay() - ((LocalDate) a[1]).toEpochDay()));
      case "dayofweek":
        return strict(a -> ((LocalDate) a[0]).getDayOfWeek().getValue() % 7 + 1);
      case "quarter":
        return strict(a -> (((LocalDate) a[0]).getMonthValue() - 1) / 3 + 1);
      case "hour", "minute", "second":
        int div = name.equals("hour") ? 3600 : name.equals("minute") ? 60 : 1;
        int mod = name.equals("hour") ? 24 : 60;
        return strict(
            a -> (int) ((Math.floorMod(((Instant) a[0]).getEpochSecond(), 86400L) / div) % mod));
      case "date_trunc":
        return strict(a -> dateTrunc((String) a[0], (Instant) a[1]));
      case "abs":
        return strict(
            a -> {
              Object v = a[0];
              if (v instanceof BigDecimal d) {
                return d.abs();
              }
              if (v instanceof Double d) {
                return Math.abs(d);
              }
              if (v instanceof Float f) {
                return Math.abs(f);
              }
              if (v instanceof Long l) {
                return Math.abs(l);
              }
              if (v instanceof Integer i) {
                return Math.abs(i);
              }
              return v;
            });
      case "round":
        return strict(
            a -> {
              int scale = a.length > 1 ? (Integer) a[1] : 0;
              Object v = a[0];
              if (v instanceof BigDecimal d) {
                return d.setScale(scale, RoundingMode.HALF_UP)
                    .setScale(((DecimalType) t).scale(), RoundingMode.HALF_UP);
              }
              if (v instanceof Double d) {
                return Double.isNaN(d) || Double.isInfinite(d)
                    ? d
                    : new BigDecimal(Double.toString(d))
                        .setScale(scale, RoundingMode.HALF_UP)
                        .doubleValue();
              }
              if (v instanceof Float f) {
                return new BigDecimal(Float.toString(f))
                    .setScale(scale, RoundingMode.HALF_UP)
                    .floatValue();
              }
              if (scale >= 0) {
                return v;
              }
              BigDecimal r =
                  new BigDecimal(((Number) v).longValue()).setScale(scale, RoundingMode.HALF_UP);
              return Casts.castValue(r, new DecimalType(38, 0), t);
            });
      case "floor", "ceil":
        RoundingMode m = name.equals("floor") ? RoundingMode.FLOOR : RoundingMode.CEILING;
        return strict(
            a -> {
              Object v = a[0];
              if (v instanceof BigDecimal d) {
                return d.setScale(0, m);
              }
              if (v instanceof Double || v instanceof Float) {
                double d = ((Number) v).doubleValue();
                return (long) (m == RoundingMode.FLOOR ? Math.floor(d) : Math.ceil(d));
              }
              return ((Number) v).longValue();
            });
      default:
        throw new StrataException("Unknown function " + name);
    }
  }

  private static DateTimeFormatter formatter(String pattern) {
    return DateTimes.formatter(pattern);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compare(Object a, Object b) {
    return ((Comparable) a).compareTo(b);
  }

  static String substring(String s, int pos, int len) {
    int n = s.length();
    int start;
    if (pos > 0) {
      start = pos - 1;
    } else if (pos < 0) {
      start = Math.max(0, n + pos);
    } else {
      start = 0;
    }
    if (len <= 0 || start >= n) {
      return "";
    }
    long end = Math.min((long) start + len, n);
    return s.substring(start, (int) end);
  }

  static Instant dateTrunc(String unit, Instant t) {
    java.time.ZonedDateTime z = t.atZone(java.time.ZoneOffset.UTC);
    switch (unit.toLowerCase(Locale.ROOT)) {
      case "year", "yyyy", "yy":
        return z.toLocalDate().withDayOfYear(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      case "quarter":
        int qm = (z.getMonthValue() - 1) / 3 * 3 + 1;
        return z.toLocalDate()
            .withMonth(qm)
            .withDayOfMonth(1)
            .atStartOfDay(java.time.ZoneOffset.UTC)
            .toInstant();
      case "month", "mon", "mm":
        return z.toLocalDate().withDayOfMonth(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      case "week":
        LocalDate d = z.toLocalDate();
        return d.minusDays(d.getDayOfWeek().getValue() - 1)
            .atStartOfDay(java.time.ZoneOffset.UTC)
            .toInstant();
      case "day", "dd":
        return z.toLocalDate().atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      case "hour":
        return z.truncatedTo(java.time.temporal.ChronoUnit.HOURS).toInstant();
      case "minute":
        return z.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toInstant();
      case "second":
        return z.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toInstant();
      default:
        return null;
    }
  }
}
