package dev.strata.format.vector;

import dev.strata.format.types.PrimitiveType;
import java.util.Arrays;

/** Floats. */
public final class FloatVector extends ColumnVector {
  private float[] values;

  public FloatVector(int capacity) {
    super(PrimitiveType.FLOAT);
    values = new float[capacity];
  }

  public float getFloat(int row) {
    return values[row];
  }

  /** The value array; valid up to {@link #size()}. */
  public float[] values() {
    return values;
  }

  private void ensure() {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
      growNulls(values.length);
    }
  }

  public void appendFloat(float value) {
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
      appendFloat(n.floatValue());
    } else {
      throw new IllegalArgumentException("Not a float: " + value);
    }
  }

  @Override
  public void appendFrom(ColumnVector source, int row) {
    if (source.isNull(row)) {
      appendNull();
    } else {
      appendFloat(((FloatVector) source).values[row]);
    }
  }

  @Override
  public int hashAt(int row) {
    return isNull(row) ? 0 : Float.hashCode(values[row] == 0.0f ? 0.0f : values[row]);
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
    float a = values[row];
    float b = ((FloatVector) other).values[otherRow];
    // -0.0 equals 0.0 and NaN equals NaN (sorting last), as in Spark
    return a == b ? 0 : Float.compare(a, b);
  }

  @Override
  public long sizeInBytes() {
    return 16L + values.length * (nulls == null ? 4L : 5L);
  }
}
