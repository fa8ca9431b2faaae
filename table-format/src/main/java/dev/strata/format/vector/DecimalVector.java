package dev.strata.format.vector;

import dev.strata.format.types.DecimalType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * Exact decimals. With precision up to 18 the unscaled values are longs; above that, BigIntegers.
 */
public final class DecimalVector extends ColumnVector {
  private final DecimalType decimalType;
  private long[] longs;
  private BigInteger[] bigs;

  public DecimalVector(DecimalType type, int capacity) {
    super(type);
    this.decimalType = type;
    if (type.fitsLong()) {
      longs = new long[capacity];
    } else {
      bigs = new BigInteger[capacity];
    }
  }

  public DecimalType decimalType() {
    return decimalType;
  }

  /** Whether unscaled values are held as longs ({@link #getUnscaledLong}). */
  public boolean isLongBacked() {
    return longs != null;
  }

  /** The unscaled value at {@code row}; only when {@link #isLongBacked()}. */
  public long getUnscaledLong(int row) {
    return longs[row];
  }

  /** The unscaled long array; only when {@link #isLongBacked()}. */
  public long[] unscaledLongs() {
    return longs;
  }

  /** The unscaled value at {@code row}. */
  public BigInteger getUnscaled(int row) {
    return longs != null ? BigInteger.valueOf(longs[row]) : bigs[row];
  }

  public BigDecimal getDecimal(int row) {
    return longs != null
        ? BigDecimal.valueOf(longs[row], decimalType.scale())
        : new BigDecimal(bigs[row], decimalType.scale());
  }

  private void ensure() {
    int cap = capacity();
    if (size == cap) {
      if (longs != null) {
        longs = Arrays.copyOf(longs, cap * 2);
      } else {
        bigs = Arrays.copyOf(bigs, cap * 2);
      }
      growNulls(cap * 2);
    }
  }

  public void appendUnscaledLong(long unscaled) {
    ensure();
    if (longs != null) {
      longs[size++] = unscaled;
    } else {
      bigs[size++] = BigInteger.valueOf(unscaled);
    }
  }

  public void appendUnscaled(BigInteger unscaled) {
    ensure();
    if (longs != null) {
      longs[size++] = unscaled.longValueExact();
    } else {
      bigs[size++] = unscaled;
    }
  }

  /**
   * Appends a decimal, rescaled to this vector's scale (rounding half-up, as Spark casts); a value
   * that does not fit the precision is an {@link ArithmeticException}.
   */
  public void appendDecimal(BigDecimal value) {
    BigDecimal scaled = value.setScale(decimalType.scale(), RoundingMode.HALF_UP);
    if (scaled.precision() - scaled.scale() > decimalType.precision() - decimalType.scale()) {
      throw new ArithmeticException(
          "Decimal " + value.toPlainString() + " does not fit " + decimalType.simpleString());
    }
    appendUnscaled(scaled.unscaledValue());
  }

  @Override
  protected int capacity() {
    return longs != null ? longs.length : bigs.length;
  }

  @Override
  public Object get(int row) {
    return isNull(row) ? null : getDecimal(row);
  }

  @Override
  public void appendNull() {
    ensure();
    markNull(size);
    if (longs != null) {
      longs[size++] = 0;
    } else {
      bigs[size++] = BigInteger.ZERO;
    }
  }

  @Override
  public void append(Object value) {
    if (value == null) {
      appendNull();
    } else if (value instanceof BigDecimal d) {
      appendDecimal(d);
    } else if (value instanceof BigInteger i) {
      appendDecimal(new BigDecimal(i));
    } else if (value instanceof Number n && !(value instanceof Double || value instanceof Float)) {
      appendDecimal(BigDecimal.valueOf(n.longValue()));
    } else if (value instanceof Number n) {
      appendDecimal(BigDecimal.valueOf(n.doubleValue()));
    } else {
      throw new IllegalArgumentException("Not a decimal: " + value);
    }
  }

  @Override
  public void appendFrom(ColumnVector source, int row) {
    if (source.isNull(row)) {
      appendNull();
      return;
    }
    DecimalVector s = (DecimalVector) source;
    if (s.decimalType.scale() != decimalType.scale()) {
      appendDecimal(s.getDecimal(row));
    } else if (s.longs != null) {
      appendUnscaledLong(s.longs[row]);
    } else {
      appendUnscaled(s.bigs[row]);
    }
  }

  @Override
  public int hashAt(int row) {
    if (isNull(row)) {
      return 0;
    }
    if (longs != null) {
      long h = longs[row] * 0x9E3779B97F4A7C15L;
      return (int) (h ^ (h >>> 32));
    }
    BigInteger v = bigs[row];
    if (v.bitLength() < 64) {
      long h = v.longValue() * 0x9E3779B97F4A7C15L;
      return (int) (h ^ (h >>> 32));
    }
    return v.hashCode();
  }

  @Override
  public boolean equalsAt(int row, ColumnVector other, int otherRow) {
    if (isNull(row) || other.isNull(otherRow)) {
      return isNull(row) && other.isNull(otherRow);
    }
    return compareAt(row, other, otherRow) == 0;
  }

  @Override
  public int compareAt(int row, ColumnVector other, int otherRow) {
    if (isNull(row) || other.isNull(otherRow)) {
      return compareNulls(row, other, otherRow);
    }
    DecimalVector o = (DecimalVector) other;
    if (longs != null && o.longs != null && decimalType.scale() == o.decimalType.scale()) {
      return Long.compare(longs[row], o.longs[otherRow]);
    }
    return getDecimal(row).compareTo(o.getDecimal(otherRow));
  }

  @Override
  public long sizeInBytes() {
    return 16L + (longs != null ? longs.length * 8L : bigs.length * 40L);
  }
}
