package dev.strata.format.vector;

import dev.strata.format.types.ArrayType;
import dev.strata.format.types.DataType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.MapType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructType;
import java.util.Arrays;

/**
 * One column of a {@link ColumnBatch}: values in a primitive array, a null mask, and an append API
 * used by readers and operators. Strings and binaries live in one byte array with offsets, so no
 * object exists per value. Nested types hold child vectors.
 *
 * <p>The generic accessors ({@link #get}, {@link #append(Object)}) use the external Java values of
 * {@link dev.strata.format.Row}: Boolean, Byte, Short, Integer, Long, Float, Double, BigDecimal,
 * String, byte[], LocalDate, Instant (timestamp), LocalDateTime (timestamp_ntz), Row (struct), List
 * (array), Map (map). Hot loops use the typed subclasses instead.
 *
 * <p>Vectors are not thread-safe; a vector is written by one task, then only read.
 */
public abstract class ColumnVector {
  protected final DataType type;
  protected int size;

  /** Null mask; null while no null has been appended. */
  protected boolean[] nulls;

  protected ColumnVector(DataType type) {
    this.type = type;
  }

  /** A new, empty vector for {@code type} with room for {@code capacity} values. */
  public static ColumnVector allocate(DataType type, int capacity) {
    int cap = Math.max(capacity, 4);
    if (type instanceof DecimalType decimal) {
      return new DecimalVector(decimal, cap);
    }
    if (type instanceof StructType struct) {
      return new StructVector(struct, cap);
    }
    if (type instanceof ArrayType array) {
      return new ArrayVector(array, cap);
    }
    if (type instanceof MapType map) {
      return new MapVector(map, cap);
    }
    PrimitiveType primitive = (PrimitiveType) type;
    return switch (primitive) {
      case BOOLEAN -> new BooleanVector(cap);
      case BYTE, SHORT, INTEGER, DATE -> new IntVector(primitive, cap);
      case LONG, TIMESTAMP, TIMESTAMP_NTZ -> new LongVector(primitive, cap);
      case FLOAT -> new FloatVector(cap);
      case DOUBLE -> new DoubleVector(cap);
      case STRING, BINARY -> new BytesVector(primitive, cap);
      case VOID -> new NullVector();
    };
  }

  /** A vector of {@code count} copies of one external value (null allowed). */
  public static ColumnVector constant(DataType type, Object value, int count) {
    ColumnVector vector = allocate(type, count);
    for (int i = 0; i < count; i++) {
      vector.append(value);
    }
    return vector;
  }

  public final DataType type() {
    return type;
  }

  public final int size() {
    return size;
  }

  /** Whether the value at {@code row} is null. */
  public boolean isNull(int row) {
    return nulls != null && nulls[row];
  }

  /** False when no value is null (a fast path for operators). */
  public boolean mayHaveNulls() {
    return nulls != null;
  }

  /** The number of null values. */
  public int nullCount() {
    if (nulls == null) {
      return 0;
    }
    int count = 0;
    for (int i = 0; i < size; i++) {
      if (nulls[i]) {
        count++;
      }
    }
    return count;
  }

  protected final void markNull(int row) {
    if (nulls == null) {
      nulls = new boolean[Math.max(capacity(), row + 1)];
    } else if (nulls.length <= row) {
      nulls = Arrays.copyOf(nulls, Math.max(capacity(), row + 1));
    }
    nulls[row] = true;
  }

  protected final void growNulls(int newCapacity) {
    if (nulls != null && nulls.length < newCapacity) {
      nulls = Arrays.copyOf(nulls, newCapacity);
    }
  }

  /** The current capacity of the value arrays. */
  protected abstract int capacity();

  /** The external Java value at {@code row}, or null. */
  public abstract Object get(int row);

  /** Appends a null value. */
  public abstract void appendNull();

  /**
   * Appends an external Java value (null allowed). Numbers are converted to this vector's type
   * where exact; anything else is an {@link IllegalArgumentException}.
   */
  public abstract void append(Object value);

  /** Appends the value at {@code row} of {@code source}, a vector of the same type. */
  public abstract void appendFrom(ColumnVector source, int row);

  /** Appends {@code count} values of {@code source} starting at {@code from}. */
  public void appendRange(ColumnVector source, int from, int count) {
    for (int i = 0; i < count; i++) {
      appendFrom(source, from + i);
    }
  }

  /** A new vector holding the values at the given rows, in that order. */
  public ColumnVector gather(int[] rows, int count) {
    ColumnVector out = allocate(type, count);
    for (int i = 0; i < count; i++) {
      out.appendFrom(this, rows[i]);
    }
    return out;
  }

  /** A new vector with the values in {@code [from, from + count)}. */
  public ColumnVector slice(int from, int count) {
    ColumnVector out = allocate(type, count);
    out.appendRange(this, from, count);
    return out;
  }

  /** A hash of the value at {@code row}, consistent with {@link #equalsAt}; null hashes to 0. */
  public abstract int hashAt(int row);

  /**
   * Whether the value at {@code row} equals the value at {@code otherRow} of {@code other}, a
   * vector of the same type. Two nulls are equal here (grouping semantics); SQL comparison
   * operators handle nulls themselves.
   */
  public abstract boolean equalsAt(int row, ColumnVector other, int otherRow);

  /**
   * Orders the value at {@code row} against {@code otherRow} of {@code other} (same type); nulls
   * sort first.
   */
  public abstract int compareAt(int row, ColumnVector other, int otherRow);

  /** Empties the vector, keeping its arrays for reuse. */
  public void reset() {
    size = 0;
    if (nulls != null) {
      Arrays.fill(nulls, false);
    }
  }

  /** An estimate of the heap this vector occupies, for memory accounting. */
  public abstract long sizeInBytes();

  protected final int compareNulls(int row, ColumnVector other, int otherRow) {
    boolean a = isNull(row);
    boolean b = other.isNull(otherRow);
    if (a && b) {
      return 0;
    }
    return a ? -1 : 1;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(type.simpleString()).append('[');
    for (int i = 0; i < Math.min(size, 20); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(get(i));
    }
    return sb.append(size > 20 ? ", ...]" : "]").toString();
  }
}
