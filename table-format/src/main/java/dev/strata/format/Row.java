package dev.strata.format;

import dev.strata.format.types.StructType;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.StringJoiner;

/**
 * One row as external Java values (see {@link dev.strata.format.vector.ColumnVector}); what {@code
 * collect()} returns and what {@code createDataset} takes. Immutable.
 */
public final class Row {
  private final StructType schema;
  private final Object[] values;

  /**
   * @param schema the row's schema, or null for a row built by position only
   */
  public Row(StructType schema, Object[] values) {
    this.schema = schema;
    this.values = values.clone();
  }

  /** A row of values without a schema. */
  public static Row of(Object... values) {
    return new Row(null, values);
  }

  /** The schema, or null. */
  public StructType schema() {
    return schema;
  }

  public int size() {
    return values.length;
  }

  public Object get(int index) {
    return values[index];
  }

  /** The value of the named field; needs a schema. */
  public Object get(String name) {
    if (schema == null) {
      throw new IllegalStateException("Row has no schema; access fields by position");
    }
    int index = schema.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException("No field " + name + " in " + schema.fieldNames());
    }
    return values[index];
  }

  public boolean isNullAt(int index) {
    return values[index] == null;
  }

  public long getLong(int index) {
    return ((Number) values[index]).longValue();
  }

  public int getInt(int index) {
    return ((Number) values[index]).intValue();
  }

  public double getDouble(int index) {
    return ((Number) values[index]).doubleValue();
  }

  public String getString(int index) {
    return (String) values[index];
  }

  public BigDecimal getDecimal(int index) {
    return (BigDecimal) values[index];
  }

  /** A copy of the values. */
  public Object[] values() {
    return values.clone();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Row other) || other.values.length != values.length) {
      return false;
    }
    for (int i = 0; i < values.length; i++) {
      if (!valueEquals(values[i], other.values[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean valueEquals(Object a, Object b) {
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y) == 0;
    }
    return java.util.Objects.equals(a, b);
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (Object v : values) {
      int vh;
      if (v instanceof byte[] bytes) {
        vh = Arrays.hashCode(bytes);
      } else if (v instanceof BigDecimal d) {
        vh = d.stripTrailingZeros().hashCode();
      } else {
        vh = java.util.Objects.hashCode(v);
      }
      h = 31 * h + vh;
    }
    return h;
  }

  @Override
  public String toString() {
    StringJoiner joiner = new StringJoiner(", ", "[", "]");
    for (Object v : values) {
      joiner.add(v instanceof byte[] b ? Arrays.toString(b) : String.valueOf(v));
    }
    return joiner.toString();
  }
}
