package dev.strata.format.vector;

import dev.strata.format.types.MapType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps: entry {@code j} of row {@code i} is at {@code offsets[i] + j} of the key and value vectors.
 */
public final class MapVector extends ColumnVector {
  private final ColumnVector keys;
  private final ColumnVector values;
  private int[] offsets;

  public MapVector(MapType type, int capacity) {
    super(type);
    this.offsets = new int[capacity + 1];
    this.keys = ColumnVector.allocate(type.keyType(), capacity * 2);
    this.values = ColumnVector.allocate(type.valueType(), capacity * 2);
  }

  public ColumnVector keys() {
    return keys;
  }

  public ColumnVector values() {
    return values;
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

  /**
   * Closes the current row after its entries were appended to {@link #keys()}/{@link #values()}.
   */
  public void endRow() {
    grow();
    offsets[size + 1] = keys.size();
    size++;
  }

  @Override
  public Object get(int row) {
    if (isNull(row)) {
      return null;
    }
    Map<Object, Object> map = new LinkedHashMap<>();
    for (int i = offsets[row]; i < offsets[row + 1]; i++) {
      map.put(keys.get(i), values.get(i));
    }
    return map;
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
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("Not a map: " + value);
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      keys.append(e.getKey());
      values.append(e.getValue());
    }
    endRow();
  }

  @Override
  public void appendFrom(ColumnVector source, int row) {
    if (source.isNull(row)) {
      appendNull();
      return;
    }
    MapVector s = (MapVector) source;
    keys.appendRange(s.keys, s.offsets[row], s.length(row));
    values.appendRange(s.values, s.offsets[row], s.length(row));
    endRow();
  }

  @Override
  public int hashAt(int row) {
    if (isNull(row)) {
      return 0;
    }
    int h = 23;
    for (int i = offsets[row]; i < offsets[row + 1]; i++) {
      h = h * 31 + keys.hashAt(i) * 7 + values.hashAt(i);
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
    MapVector o = (MapVector) other;
    int n = length(row);
    int m = o.length(otherRow);
    for (int i = 0; i < Math.min(n, m); i++) {
      int c = keys.compareAt(offsets[row] + i, o.keys, o.offsets[otherRow] + i);
      if (c == 0) {
        c = values.compareAt(offsets[row] + i, o.values, o.offsets[otherRow] + i);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(n, m);
  }

  @Override
  public void reset() {
    super.reset();
    keys.reset();
    values.reset();
  }

  @Override
  public long sizeInBytes() {
    return 16L + offsets.length * 4L + keys.sizeInBytes() + values.sizeInBytes();
  }
}
