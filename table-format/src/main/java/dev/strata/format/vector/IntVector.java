package dev.strata.format.vector;

import dev.strata.format.types.PrimitiveType;
import java.time.LocalDate;
import java.util.Arrays;

/** Bytes, shorts, ints and dates (days since 1970-01-01), all held as ints. */
public final class IntVector extends ColumnVector {
  private int[] values;

  public IntVector(PrimitiveType type, int capacity) {
    super(type);
    values = new int[capacity];
  }

  public int getInt(int row) {
    return values[row];
  }

  /** The value array; valid up to {@link #size()}. */
  public int[] values() {
    return values;
  }

  private void ensure() {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
      growNulls(values.length);
    }
  }

  public void appendInt(int value) {
    ensure();
    values[size++] = value;
  }

  @Override
  protected int capacity() {
    return values.length;
  }

  @Override
  public Object get(int row) {
    if (isNull(row)) {
      return null;
    }
    int v = values[row];
    return switch ((PrimitiveType) type) {
      case BYTE -> (byte) v;
      case SHORT -> (short) v;
      case DATE -> LocalDate.ofEpochDay(v);
      default -> v;
    };
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
    } else if (value instanceof LocalDate date) {
      appendInt((int) date.toEpochDay());
    } else if (value instanceof Number n
        && !(value instanceof Double || value instanceof Float)
        && n.longValue() == n.intValue()) {
      appendInt(n.intValue());
    } else {
      throw new IllegalArgumentException("Not a " + type.simpleString() + ": " + value);
    }
  }

  @Override
  public void appendFrom(ColumnVector source, int row) {
    if (source.isNull(row)) {
      appendNull();
    } else {
      appendInt(((IntVector) source).values[row]);
    }
  }

  @Override
  public int hashAt(int row) {
    return isNull(row) ? 0 : Integer.hashCode(values[row]) * 0x9E3779B1;
  }

  @Override
  public boolean equalsAt(int row, ColumnVector other, int otherRow) {
    if (isNull(row) || other.isNull(otherRow)) {
      return isNull(row) && other.isNull(otherRow);
    }
    return values[row] == ((IntVector) other).values[otherRow];
  }

  @Override
  public int compareAt(int row, ColumnVector other, int otherRow) {
    if (isNull(row) || other.isNull(otherRow)) {
      return compareNulls(row, other, otherRow);
    }
    return Integer.compare(values[row], ((IntVector) other).values[otherRow]);
  }

  @Override
  public long sizeInBytes() {
    return 16L + values.length * (nulls == null ? 4L : 5L);
  }
}
