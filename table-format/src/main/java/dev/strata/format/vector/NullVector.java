package dev.strata.format.vector;

import dev.strata.format.types.PrimitiveType;

/** A column of the void type: every value is null. */
public final class NullVector extends ColumnVector {
  public NullVector() {
    super(PrimitiveType.VOID);
  }

  @Override
  public boolean isNull(int row) {
    return true;
  }

  @Override
  public boolean mayHaveNulls() {
    return true;
  }

  @Override
  public int nullCount() {
    return size;
  }

  @Override
  protected int capacity() {
    return Integer.MAX_VALUE;
  }

  @Override
  public Object get(int row) {
    return null;
  }

  @Override
  public void appendNull() {
    size++;
  }

  @Override
  public void append(Object value) {
    if (value != null) {
      throw new IllegalArgumentException("A void column holds only nulls, not " + value);
    }
    size++;
  }

  @Override
  public void appendFrom(ColumnVector source, int row) {
    size++;
  }

  @Override
  public int hashAt(int row) {
    return 0;
  }

  @Override
  public boolean equalsAt(int row, ColumnVector other, int otherRow) {
    return other.isNull(otherRow);
  }

  @Override
  public int compareAt(int row, ColumnVector other, int otherRow) {
    return other.isNull(otherRow) ? 0 : -1;
  }

  @Override
  public long sizeInBytes() {
    return 16;
  }
}
