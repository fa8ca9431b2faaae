package dev.strata.format.vector;

import dev.strata.format.types.PrimitiveType;
import java.util.Arrays;

/** Booleans. */
public final class BooleanVector extends ColumnVector {
  private boolean[] values;

  public BooleanVector(int capacity) {
    super(PrimitiveType.BOOLEAN);
    values = new boolean[capacity];
  }

  public boolean getBoolean(int row) {
    return values[row];
  }

  /** The value array; valid up to {@link #size()}. */
  public boolean[] values() {
    return values;
  }

  private void ensure() {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
      growNulls(values.length);
    }
  }

  public void appendBoolean(boolean value) {
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
    values[size++] = false;
  }

  @Override
  public void append(Object value) {
    if (value == null) {
      appendNull();
    } else if (value instanceof Boolean b) {
      appendBoolean(b);
    } else {
      throw new IllegalArgumentException("Not a boolean: " + value);
    }
  }

  @Override
  public void appendFrom(ColumnVector source, int row) {
    if (source.isNull(row)) {
      appendNull();
    } else {
      appendBoolean(((BooleanVector) source).values[row]);
    }
  }

  @Override
  public int hashAt(int row) {
    return isNull(row) ? 0 : (values[row] ? 1231 : 1237);
  }

  @Override
  public boolean equalsAt(int row, ColumnVector other, int otherRow) {
    if (isNull(row) || other.isNull(otherRow)) {
      return isNull(row) && other.isNull(otherRow);
    }
    return values[row] == ((BooleanVector) other).values[otherRow];
  }

  @Override
  public int compareAt(int row, ColumnVector other, int otherRow) {
    if (isNull(row) || other.isNull(otherRow)) {
      return compareNulls(row, other, otherRow);
    }
    return Boolean.compare(values[row], ((BooleanVector) other).values[otherRow]);
  }

  @Override
  public long sizeInBytes() {
    return 16L + values.length * (nulls == null ? 1L : 2L);
  }
}
