package dev.strata.format.vector;

import dev.strata.format.types.ArrayType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Arrays: element {@code j} of row {@code i} is {@code elements[offsets[i] + j]}. */
public final class ArrayVector extends ColumnVector {
  private final ColumnVector elements;
  private int[] offsets;

  public ArrayVector(ArrayType type, int capacity) {
    super(type);
    this.offsets = new int[capacity + 1];
    this.elements = ColumnVector.allocate(type.elementType(), capacity * 2);
  }

  public ColumnVector elements() {
    return elements;
  }

  public int offset(int row) {
    return offsets[row];
  }

  public int length(int row) {
    return offsets[row + 1] - offsets[row];
  }

  @Override
  protected int capacity() {
    return offsets.length - 1;
  }

  private void grow() {
    if (size + 1 >= offsets.length) {
      offsets = Arrays.copyOf(offsets, offsets.length * 2);
      growNulls(offsets.length - 1);
    }
  }

  /** Closes the current row after its elements were appended to {@link #elements()}. */
  public void endRow() {
    grow();
    offsets[size + 1] = elements.size();
    size++;
  }

  @Override
  public Object get(int row) {
    if (isNull(row)) {
      return null;
    }
    List<Object> list = new ArrayList<>(length(row));
    for (int i = offsets[row]; i < offsets[row + 1]; i++) {
      list.add(elements.get(i));
    }
    return list;
  }

  @Override
  public void appendNull() {
    grow();
    markNull(size);
    offsets[size + 1] = offsets[size];
    size++;
  }

  @Override
  public void append(Object value) {
    if (value == null) {
      appendNull();
      return;
    }
    if (value instanceof List<?> list) {
      for (Object element : list) {
        elements.append(element);
      }
    } else if (value instanceof Object[] array) {
      for (Object element : array) {
        elements.append(element);
      }
    } else {
      throw new IllegalArgumentException("Not an array: " + value);
    }
    endRow();
  }

  @Override
  public void appendFrom(ColumnVector source, int row) {
    if (source.isNull(row)) {
      appendNull();
      return;
    }
    ArrayVector s = (ArrayVector) source;
    elements.appendRange(s.elements, s.offsets[row], s.length(row));
    endRow();
  }

  @Override
  public int hashAt(int row) {
    if (isNull(row)) {
      return 0;
    }
    int h = 19;
    for (int i = offsets[row]; i < offsets[row + 1]; i++) {
      h = h * 31 + elements.hashAt(i);
    }
    return h;
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
    ArrayVector o = (ArrayVector) other;
    int n = length(row);
    int m = o.length(otherRow);
    for (int i = 0; i < Math.min(n, m); i++) {
      int c = elements.compareAt(offsets[row] + i, o.elements, o.offsets[otherRow] + i);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(n, m);
  }

  @Override
  public void reset() {
    super.reset();
    elements.reset();
  }

  @Override
  public long sizeInBytes() {
    return 16L + offsets.length * 4L + elements.sizeInBytes();
  }
}
