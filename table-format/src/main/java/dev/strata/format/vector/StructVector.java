package dev.strata.format.vector;

import dev.strata.format.Row;
import dev.strata.format.types.StructType;
import java.util.Arrays;
import java.util.List;

/** Structs: one child vector per field, all of this vector's size. */
public final class StructVector extends ColumnVector {
  private final StructType structType;
  private final ColumnVector[] children;
  private int capacity;

  public StructVector(StructType type, int capacity) {
    super(type);
    this.structType = type;
    this.capacity = capacity;
    this.children = new ColumnVector[type.size()];
    for (int i = 0; i < children.length; i++) {
      children[i] = ColumnVector.allocate(type.field(i).type(), capacity);
    }
  }

  /** Wraps existing child vectors (all of one size) and an optional null mask. */
  public StructVector(StructType type, ColumnVector[] children, int size, boolean[] nulls) {
    super(type);
    this.structType = type;
    this.children = children;
    this.size = size;
    this.capacity = Math.max(size, 4);
    if (nulls != null) {
      this.nulls = Arrays.copyOf(nulls, capacity);
    }
  }

  public StructType structType() {
    return structType;
  }

  public ColumnVector child(int field) {
    return children[field];
  }

  @Override
  protected int capacity() {
    return capacity;
  }

  private void grow() {
    if (size == capacity) {
      capacity *= 2;
      growNulls(capacity);
    }
  }

  /**
   * Closes the current (non-null) row after one value was appended to each child, as readers
   * assembling nested data do.
   */
  public void endRow() {
    grow();
    size++;
  }

  @Override
  public Object get(int row) {
    if (isNull(row)) {
      return null;
    }
    Object[] values = new Object[children.length];
    for (int i = 0; i < children.length; i++) {
      values[i] = children[i].get(row);
    }
    return new Row(structType, values);
  }

  @Override
  public void appendNull() {
    grow();
    markNull(size);
    for (ColumnVector child : children) {
      child.appendNull();
    }
    size++;
  }

  @Override
  public void append(Object value) {
    if (value == null) {
      appendNull();
      return;
    }
    grow();
    if (value instanceof Row row) {
      for (int i = 0; i < children.length; i++) {
        children[i].append(row.get(i));
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < children.length; i++) {
        children[i].append(list.get(i));
      }
    } else {
      throw new IllegalArgumentException("Not a struct: " + value);
    }
    size++;
  }

  @Override
  public void appendFrom(ColumnVector source, int row) {
    if (source.isNull(row)) {
      appendNull();
      return;
    }
    grow();
    StructVector s = (StructVector) source;
    for (int i = 0; i < children.length; i++) {
      children[i].appendFrom(s.children[i], row);
    }
    size++;
  }

  @Override
  public int hashAt(int row) {
    if (isNull(row)) {
      return 0;
    }
    int h = 17;
    for (ColumnVector child : children) {
      h = h * 31 + child.hashAt(row);
    }
    return h;
  }

  @Override
  public boolean equalsAt(int row, ColumnVector other, int otherRow) {
    if (isNull(row) || other.isNull(otherRow)) {
      return isNull(row) && other.isNull(otherRow);
    }
    StructVector o = (StructVector) other;
    for (int i = 0; i < children.length; i++) {
      if (!children[i].equalsAt(row, o.children[i], otherRow)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int compareAt(int row, ColumnVector other, int otherRow) {
    if (isNull(row) || other.isNull(otherRow)) {
      return compareNulls(row, other, otherRow);
    }
    StructVector o = (StructVector) other;
    for (int i = 0; i < children.length; i++) {
      int c = children[i].compareAt(row, o.children[i], otherRow);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  @Override
  public void reset() {
    super.reset();
    for (ColumnVector child : children) {
      child.reset();
    }
  }

  @Override
  public long sizeInBytes() {
    long total = 16L + (nulls == null ? 0 : nulls.length);
    for (ColumnVector child : children) {
      total += child.sizeInBytes();
    }
    return total;
  }
}
