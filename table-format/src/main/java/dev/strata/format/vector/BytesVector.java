package dev.strata.format.vector;

import dev.strata.format.types.PrimitiveType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strings (UTF-8) and binaries: all values in one byte array, value {@code i} at {@code
 * [offsets[i], offsets[i + 1])}. No object per value unless {@link #get} is called.
 */
public final class BytesVector extends ColumnVector {
  private byte[] data;
  private int[] offsets;

  public BytesVector(PrimitiveType type, int capacity) {
    super(type);
    offsets = new int[capacity + 1];
    data = new byte[capacity * 8];
  }

  /** The shared byte array; value {@code i} starts at {@link #offset}. */
  public byte[] data() {
    return data;
  }

  public int offset(int row) {
    return offsets[row];
  }

  public int length(int row) {
    return offsets[row + 1] - offsets[row];
  }

  /** The value at {@code row} as a String (decoding UTF-8). */
  public String getString(int row) {
    return new String(data, offsets[row], length(row), StandardCharsets.UTF_8);
  }

  /** A copy of the bytes at {@code row}. */
  public byte[] getBytes(int row) {
    return Arrays.copyOfRange(data, offsets[row], offsets[row + 1]);
  }

  private void ensureRows() {
    if (size + 1 >= offsets.length) {
      offsets = Arrays.copyOf(offsets, offsets.length * 2);
      growNulls(offsets.length - 1);
    }
  }

  private void ensureBytes(int extra) {
    int needed = offsets[size] + extra;
    if (needed > data.length) {
      data = Arrays.copyOf(data, Math.max(needed, data.length * 2));
    }
  }

  public void appendBytes(byte[] bytes, int from, int length) {
    ensureRows();
    ensureBytes(length);
    System.arraycopy(bytes, from, data, offsets[size], length);
    offsets[size + 1] = offsets[size] + length;
    size++;
  }

  /** Appends the remaining bytes of {@code buffer} without moving its position. */
  public void appendBytes(java.nio.ByteBuffer buffer) {
    int length = buffer.remaining();
    if (buffer.hasArray()) {
      appendBytes(buffer.array(), buffer.arrayOffset() + buffer.position(), length);
      return;
    }
    ensureRows();
    ensureBytes(length);
    buffer.duplicate().get(data, offsets[size], length);
    offsets[size + 1] = offsets[size] + length;
    size++;
  }

  public void appendBytes(byte[] bytes) {
    appendBytes(bytes, 0, bytes.length);
  }

  public void appendString(String value) {
    appendBytes(value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected int capacity() {
    return offsets.length - 1;
  }

  @Override
  public Object get(int row) {
    if (isNull(row)) {
      return null;
    }
    return type == PrimitiveType.STRING ? getString(row) : getBytes(row);
  }

  @Override
  public void appendNull() {
    ensureRows();
    markNull(size);
    offsets[size + 1] = offsets[size];
    size++;
  }

  @Override
  public void append(Object value) {
    if (value == null) {
      appendNull();
    } else if (value instanceof String s) {
      appendString(s);
    } else if (value instanceof byte[] b) {
      appendBytes(b);
    } else {
      throw new IllegalArgumentException("Not a " + type.simpleString() + ": " + value);
    }
  }

  @Override
  public void appendFrom(ColumnVector source, int row) {
    if (source.isNull(row)) {
      appendNull();
    } else {
      BytesVector s = (BytesVector) source;
      appendBytes(s.data, s.offsets[row], s.offsets[row + 1] - s.offsets[row]);
    }
  }

  @Override
  public int hashAt(int row) {
    if (isNull(row)) {
      return 0;
    }
    int h = 1;
    for (int i = offsets[row], end = offsets[row + 1]; i < end; i++) {
      h = 31 * h + data[i];
    }
    return h * 0x9E3779B1;
  }

  @Override
  public boolean equalsAt(int row, ColumnVector other, int otherRow) {
    if (isNull(row) || other.isNull(otherRow)) {
      return isNull(row) && other.isNull(otherRow);
    }
    BytesVector o = (BytesVector) other;
    return Arrays.equals(
        data, offsets[row], offsets[row + 1], o.data, o.offsets[otherRow], o.offsets[otherRow + 1]);
  }

  /** Whether the value at {@code row} equals the given bytes. */
  public boolean equalsBytes(int row, byte[] bytes) {
    return !isNull(row)
        && Arrays.equals(data, offsets[row], offsets[row + 1], bytes, 0, bytes.length);
  }

  @Override
  public int compareAt(int row, ColumnVector other, int otherRow) {
    if (isNull(row) || other.isNull(otherRow)) {
      return compareNulls(row, other, otherRow);
    }
    BytesVector o = (BytesVector) other;
    // unsigned byte order of UTF-8 is code point order, as Spark compares strings
    return Arrays.compareUnsigned(
        data, offsets[row], offsets[row + 1], o.data, o.offsets[otherRow], o.offsets[otherRow + 1]);
  }

  @Override
  public void reset() {
    super.reset();
    offsets[0] = 0;
  }

  @Override
  public long sizeInBytes() {
    return 32L + data.length + offsets.length * 4L + (nulls == null ? 0 : nulls.length);
  }
}
