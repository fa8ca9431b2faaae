package dev.strata.format.vector;

import dev.strata.format.types.PrimitiveType;
import java.util.Arrays;

/** Doubles. */
public final class DoubleVector extends ColumnVector {
  private double[] values;

  public DoubleVector(int capacity) {
    super(PrimitiveType.DOUBLE);
    values = new double[capacity];
  }

  public double getDouble(int row) {
    return values[row];
  }

  /** The value array; valid up to {@link #size()}. */
  public double[] values() {
    return values;
  }

  private void ensure() {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
      growNulls(values.length);
    }
  }

  public void appendDouble(double value) {
    ensure();
    values[size++] = value;
  }

  @Override
  protected int capacity() {
    return values.length;
  }

  @Override
  public Object get(int row) {
    return isNull(row) ? null : values[row];
  }

  @Override
  public void appendNull() {
    ensure();
    markNull(size);
    values[size++] = 0;
  }

  @Override
  public void append(Object value) {
    if (value == null) {
      appendNull();
    } else if (value instanceof Number n) {
      appendDouble(n.doubleValue());
    } else {
      throw new IllegalArgumentException("Not a double: " + value);
    }
  }

  @Override
  public void appendFrom(ColumnVector source, int row) {
    if (source.isNull(row)) {
      appendNull();
    } else {
      appendDouble(((DoubleVector) source).values[row]);
    }
  }

  @Override
  public int hashAt(int row) {
    return isNull(row) ? 0 : Double.hashCode(values[row] == 0.0 ? 0.0 : values[row]);
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
    double a = values[row];
    double b = ((DoubleVector) other).values[otherRow];
    // -0.0 equals 0.0 and NaN equals NaN (sorting last), as in Spark
    return a == b ? 0 : Double.compare(a, b);
  }

  @Override
  public long sizeInBytes() {
    return 16L + values.length * (nulls == null ? 8L : 9L);
  }
}
