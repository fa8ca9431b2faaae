package dev.strata.format.vector;

import dev.strata.format.types.PrimitiveType;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Longs, timestamps (microseconds since the epoch, UTC) and timestamp_ntz (microseconds of the
 * local date-time taken as UTC).
 */
public final class LongVector extends ColumnVector {
  private long[] values;

  public LongVector(PrimitiveType type, int capacity) {
    super(type);
    values = new long[capacity];
  }

  public long getLong(int row) {
    return values[row];
  }

  /** The value array; valid up to {@link #size()}. */
  public long[] values() {
    return values;
  }

  private void ensure() {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
      growNulls(values.length);
    }
  }

  public void appendLong(long value) {
    ensure();
    values[size++] = value;
  }

  @Override
  protected int capacity() {
    return values.length;
  }

  /** Microseconds since the epoch of an instant. */
  public static long toMicros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
  }

  /** The instant of microseconds since the epoch. */
  public static Instant toInstant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }

  @Override
  public Object get(int row) {
    if (isNull(row)) {
      return null;
    }
    long v = values[row];
    return switch ((PrimitiveType) type) {
      case TIMESTAMP -> toInstant(v);
      case TIMESTAMP_NTZ -> LocalDateTime.ofInstant(toInstant(v), ZoneOffset.UTC);
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
    } else if (value instanceof Instant instant) {
      appendLong(toMicros(instant));
    } else if (value instanceof LocalDateTime local) {
      appendLong(toMicros(local.toInstant(ZoneOffset.UTC)));
    } else if (value instanceof Number n && !(value instanceof Double || value instanceof Float)) {
      appendLong(n.longValue());
    } else {
      throw new IllegalArgumentException("Not a " + type.simpleString() + ": " + value);
    }
  }

  @Override
  public void appendFrom(ColumnVector source, int row) {
    if (source.isNull(row)) {
      appendNull();
    } else {
      appendLong(((LongVector) source).values[row]);
    }
  }

  @Override
  public int hashAt(int row) {
    if (isNull(row)) {
      return 0;
    }
    long h = values[row] * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  @Override
  public boolean equalsAt(int row, ColumnVector other, int otherRow) {
    if (isNull(row) || other.isNull(otherRow)) {
      return isNull(row) && other.isNull(otherRow);
    }
    return values[row] == ((LongVector) other).values[otherRow];
  }

  @Override
  public int compareAt(int row, ColumnVector other, int otherRow) {
    if (isNull(row) || other.isNull(otherRow)) {
      return compareNulls(row, other, otherRow);
    }
    return Long.compare(values[row], ((LongVector) other).values[otherRow]);
  }

  @Override
  public long sizeInBytes() {
    return 16L + values.length * (nulls == null ? 8L : 9L);
  }
}
