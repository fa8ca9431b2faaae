package dev.strata.engine.internal.expr;

import static dev.strata.format.types.PrimitiveType.*;

import dev.strata.format.types.DataType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.vector.ColumnVector;
import dev.strata.format.vector.DecimalVector;
import dev.strata.format.vector.DoubleVector;
import dev.strata.format.vector.IntVector;
import dev.strata.format.vector.LongVector;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Casts between types with Spark's non-ANSI semantics: a value that does not convert is null. */
public final class Casts {
  private Casts() {}

  public static boolean canCast(DataType from, DataType to) {
    if (from.equals(to) || from == VOID) {
      return true;
    }
    if (!(from instanceof PrimitiveType || from instanceof DecimalType)
        || !(to instanceof PrimitiveType || to instanceof DecimalType)) {
      return false;
    }
    if (to == STRING) {
      return true;
    }
    if (from == BINARY || to == BINARY) {
      return from == STRING && to == BINARY;
    }
    if ((from == DATE) && (to.isNumeric() || to == BOOLEAN)) {
      return false;
    }
    if (to == DATE) {
      return from == STRING || from == TIMESTAMP || from == TIMESTAMP_NTZ;
    }
    return true;
  }

  static long micros(Object v) {
    if (v instanceof Instant i) {
      return LongVector.toMicros(i);
    }
    if (v instanceof LocalDateTime l) {
      return LongVector.toMicros(l.toInstant(ZoneOffset.UTC));
    }
    throw new IllegalArgumentException(String.valueOf(v));
  }

  static Object fromMicros(long m, DataType t) {
    Instant i = LongVector.toInstant(m);
    return t == TIMESTAMP ? i : LocalDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  /** Casts one external value; null when it does not convert. */
  public static Object castValue(Object v, DataType from, DataType to) {
    if (v == null || from.equals(to)) {
      return v;
    }
    try {
      return doCast(v, from, to);
    } catch (ArithmeticException | NumberFormatException e) {
      return null;
    }
  }

  private static Object doCast(Object v, DataType from, DataType to) {
    if (to == STRING) {
      return toStringValue(v, from);
    }
    if (to == BOOLEAN) {
      if (v instanceof String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
          case "true", "t", "yes", "y", "1" -> Boolean.TRUE;
          case "false", "f", "no", "n", "0" -> Boolean.FALSE;
          default -> null;
        };
      }
      if (v instanceof Number n) {
        return n instanceof BigDecimal d ? d.signum() != 0 : n.doubleValue() != 0;
      }
      if (v instanceof Instant || v instanceof LocalDateTime) {
        return micros(v) != 0;
      }
      return null;
    }
    if (to == DATE) {
      if (v instanceof String s) {
        Integer d = DateTimes.parseDate(s);
        return d == null ? null : LocalDate.ofEpochDay(d);
      }
      if (v instanceof Instant || v instanceof LocalDateTime) {
        return LocalDate.ofEpochDay(Math.floorDiv(micros(v), DateTimes.MICROS_PER_DAY));
      }
      return null;
    }
    if (to == TIMESTAMP || to == TIMESTAMP_NTZ) {
      if (v instanceof String s) {
        Long m = DateTimes.parseTimestamp(s);
        return m == null ? null : fromMicros(m, to);
      }
      if (v instanceof LocalDate d) {
        return fromMicros(d.toEpochDay() * DateTimes.MICROS_PER_DAY, to);
      }
      if (v instanceof Instant || v instanceof LocalDateTime) {
        return fromMicros(micros(v), to);
      }
      if (v instanceof Boolean) {
        return null;
      }
      if (v instanceof Number n) {
        BigDecimal secs = n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
        return fromMicros(
            secs.movePointRight(6).setScale(0, RoundingMode.DOWN).longValueExact(), to);
      }
      return null;
    }
    if (to == BINARY) {
      return v instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : null;
    }
    // numeric targets
    BigDecimal num;
    if (v instanceof String s) {
      String t = s.trim();
      if (to == DOUBLE || to == FLOAT) {
        double d = parseDouble(t);
        if (Double.isNaN(d) && !t.equalsIgnoreCase("nan")) {
          return null;
        }
        return to == FLOAT ? (Object) (float) d : (Object) d;
      }
      num = new BigDecimal(t);
    } else if (v instanceof Boolean b) {
      num = b ? BigDecimal.ONE : BigDecimal.ZERO;
    } else if (v instanceof Instant || v instanceof LocalDateTime) {
      long m = micros(v);
      if (to == DOUBLE || to == FLOAT) {
        double d = m / 1e6;
        return to == FLOAT ? (Object) (float) d : (Object) d;
      }
      num = BigDecimal.valueOf(Math.floorDiv(m, 1_000_000L));
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (to == DOUBLE) {
        return d;
      }
      if (to == FLOAT) {
        return (float) d;
      }
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        if (to instanceof DecimalType) {
          return null;
        }
        return integral(Double.isNaN(d) ? 0 : (d > 0 ? Long.MAX_VALUE : Long.MIN_VALUE), to, true);
      }
      if (Types.isIntegral(to)) {
        return integral((long) d, to, true);
      }
      num = BigDecimal.valueOf(d);
    } else if (v instanceof BigDecimal d) {
      num = d;
    } else if (v instanceof Number n) {
      num = BigDecimal.valueOf(n.longValue());
    } else {
      return null;
    }
    if (to == DOUBLE) {
      return num.doubleValue();
    }
    if (to == FLOAT) {
      return num.floatValue();
    }
    if (to instanceof DecimalType dt) {
      BigDecimal scaled = num.setScale(dt.scale(), RoundingMode.HALF_UP);
      return scaled.precision() - scaled.scale() > dt.precision() - dt.scale() ? null : scaled;
    }
    BigInteger i = num.setScale(0, RoundingMode.DOWN).toBigInteger();
    if (i.bitLength() > 63) {
      return null;
    }
    return integral(i.longValue(), to, v instanceof String || v instanceof BigDecimal);
  }

  private static double parseDouble(String t) {
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      String l = t.toLowerCase(java.util.Locale.ROOT);
      if (l.equals("inf") || l.equals("+inf") || l.equals("infinity")) {
        return Double.POSITIVE_INFINITY;
      }
      if (l.equals("-inf") || l.equals("-infinity")) {
        return Double.NEGATIVE_INFINITY;
      }
      return Double.NaN;
    }
  }

  private static Object integral(long v, DataType to, boolean checked) {
    if (to == LONG) {
      return v;
    }
    if (to == INTEGER) {
      if (checked && (int) v != v) {
        return null;
      }
      return (int) v;
    }
    if (to == SHORT) {
      if (checked && (short) v != v) {
        return null;
      }
      return (short) v;
    }
    if (to == BYTE) {
      if (checked && (byte) v != v) {
        return null;
      }
      return (byte) v;
    }
    throw new IllegalArgumentException(to.simpleString());
  }

  /** Spark's string rendering of a value. */
  public static String toStringValue(Object v, DataType from) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof Instant || v instanceof LocalDateTime) {
      return DateTimes.formatTimestamp(micros(v));
    }
    if (v instanceof byte[] b) {
      return new String(b, StandardCharsets.UTF_8);
    }
    if (v instanceof Double d) {
      return formatDouble(d);
    }
    if (v instanceof Float f) {
      return formatDouble(f.doubleValue()).replace(".0E", "E");
    }
    return String.valueOf(v);
  }

  private static String formatDouble(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    return Double.toString(d);
  }

  /** Casts a vector; fast paths for the common numeric widenings. */
  public static ColumnVector castVector(ColumnVector in, DataType to) {
    DataType from = in.type();
    if (from.equals(to)) {
      return in;
    }
    int n = in.size();
    boolean nulls = in.mayHaveNulls();
    if (in instanceof IntVector iv
        && (to == LONG
            || to == DOUBLE
            || to instanceof DecimalType
            || to == INTEGER
            || to == SHORT)) {
      int[] v = iv.values();
      if (to instanceof DecimalType dt) {
        if (dt.precision() - dt.scale() < 10) {
          return generic(in, to);
        }
        DecimalVector out = new DecimalVector(dt, n);
        long mul = pow10(dt.scale());
        for (int i = 0; i < n; i++) {
          if (nulls && in.isNull(i)) {
            out.appendNull();
          } else if (dt.fitsLong()) {
            out.appendUnscaledLong(v[i] * mul);
          } else {
            out.appendUnscaled(BigInteger.valueOf(v[i]).multiply(BigInteger.valueOf(mul)));
          }
        }
        return out;
      }
      if (to == LONG) {
        LongVector out = new LongVector(LONG, n);
        for (int i = 0; i < n; i++) {
          if (nulls && in.isNull(i)) {
            out.appendNull();
          } else {
            out.appendLong(v[i]);
          }
        }
        return out;
      }
      if (to == DOUBLE) {
        DoubleVector out = new DoubleVector(n);
        for (int i = 0; i < n; i++) {
          if (nulls && in.isNull(i)) {
            out.appendNull();
          } else {
            out.appendDouble(v[i]);
          }
        }
        return out;
      }
      if (from != DATE) {
        // byte/short widen to short/int
        IntVector out = new IntVector((PrimitiveType) to, n);
        for (int i = 0; i < n; i++) {
          if (nulls && in.isNull(i)) {
            out.appendNull();
          } else {
            out.appendInt(v[i]);
          }
        }
        return out;
      }
    }
    if (in instanceof LongVector lv && from == LONG && to == DOUBLE) {
      long[] v = lv.values();
      DoubleVector out = new DoubleVector(n);
      for (int i = 0; i < n; i++) {
        if (nulls && in.isNull(i)) {
          out.appendNull();
        } else {
          out.appendDouble(v[i]);
        }
      }
      return out;
    }
    if (in instanceof LongVector lv
        && from == LONG
        && to instanceof DecimalType dt
        && dt.precision() - dt.scale() >= 19) {
      long[] v = lv.values();
      DecimalVector out = new DecimalVector(dt, n);
      BigInteger mul = BigInteger.TEN.pow(dt.scale());
      for (int i = 0; i < n; i++) {
        if (nulls && in.isNull(i)) {
          out.appendNull();
        } else {
          out.appendUnscaled(BigInteger.valueOf(v[i]).multiply(mul));
        }
      }
      return out;
    }
    if (in instanceof DecimalVector dv && to instanceof DecimalType dt && dv.isLongBacked()) {
      int s1 = dv.decimalType().scale();
      int up = dt.scale() - s1;
      if (up >= 0 && dt.precision() - dt.scale() >= dv.decimalType().precision() - s1) {
        long[] v = dv.unscaledLongs();
        DecimalVector out = new DecimalVector(dt, n);
        long mul = pow10(up);
        BigInteger bmul = BigInteger.TEN.pow(up);
        for (int i = 0; i < n; i++) {
          if (nulls && in.isNull(i)) {
            out.appendNull();
          } else if (dt.fitsLong()) {
            out.appendUnscaledLong(v[i] * mul);
          } else {
            out.appendUnscaled(BigInteger.valueOf(v[i]).multiply(bmul));
          }
        }
        return out;
      }
    }
    if (in instanceof DecimalVector dv && to == DOUBLE) {
      DoubleVector out = new DoubleVector(n);
      double div = Math.pow(10, dv.decimalType().scale());
      for (int i = 0; i < n; i++) {
        if (in.isNull(i)) {
          out.appendNull();
        } else if (dv.isLongBacked()) {
          out.appendDouble(dv.getUnscaledLong(i) / div);
        } else {
          out.appendDouble(dv.getDecimal(i).doubleValue());
        }
      }
      return out;
    }
    if (in instanceof IntVector iv && from == DATE && (to == TIMESTAMP || to == TIMESTAMP_NTZ)) {
      LongVector out = new LongVector((PrimitiveType) to, n);
      for (int i = 0; i < n; i++) {
        if (nulls && in.isNull(i)) {
          out.appendNull();
        } else {
          out.appendLong(iv.getInt(i) * DateTimes.MICROS_PER_DAY);
        }
      }
      return out;
    }
    if (in instanceof LongVector lv && (from == TIMESTAMP || from == TIMESTAMP_NTZ) && to == DATE) {
      IntVector out = new IntVector(DATE, n);
      for (int i = 0; i < n; i++) {
        if (nulls && in.isNull(i)) {
          out.appendNull();
        } else {
          out.appendInt((int) Math.floorDiv(lv.getLong(i), DateTimes.MICROS_PER_DAY));
        }
      }
      return out;
    }
    return generic(in, to);
  }

  private static ColumnVector generic(ColumnVector in, DataType to) {
    int n = in.size();
    ColumnVector out = ColumnVector.allocate(to, n);
    DataType from = in.type();
    for (int i = 0; i < n; i++) {
      out.append(castValue(in.get(i), from, to));
    }
    return out;
  }

  static final long[] POW10 = new long[19];

  static {
    POW10[0] = 1;
    for (int i = 1; i < 19; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  public static long pow10(int n) {
    return POW10[n];
  }
}
