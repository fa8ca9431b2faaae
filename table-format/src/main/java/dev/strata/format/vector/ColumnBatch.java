package dev.strata.format.vector;

import dev.strata.format.Row;
import dev.strata.format.types.StructType;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of rows in columnar form: one {@link ColumnVector} per field of the schema, all of {@link
 * #numRows()} values. What the Parquet reader produces, what the engine computes on and what the
 * writer consumes. Immutable by convention once built.
 */
public final class ColumnBatch {
  /** The number of rows readers and operators aim for per batch. */
  public static final int DEFAULT_ROWS = 4096;

  private final StructType schema;
  private final ColumnVector[] columns;
  private final int numRows;

  public ColumnBatch(StructType schema, ColumnVector[] columns, int numRows) {
    if (columns.length != schema.size()) {
      throw new IllegalArgumentException(
          "Batch has " + columns.length + " columns but its schema " + schema.size());
    }
    this.schema = schema;
    this.columns = columns;
    this.numRows = numRows;
  }

  /** An empty batch of the schema. */
  public static ColumnBatch empty(StructType schema) {
    ColumnVector[] columns = new ColumnVector[schema.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = ColumnVector.allocate(schema.field(i).type(), 1);
    }
    return new ColumnBatch(schema, columns, 0);
  }

  /** A batch holding {@code rows} (external values, in schema order). */
  public static ColumnBatch fromRows(StructType schema, List<Row> rows) {
    ColumnVector[] columns = new ColumnVector[schema.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = ColumnVector.allocate(schema.field(i).type(), rows.size());
    }
    for (Row row : rows) {
      for (int i = 0; i < columns.length; i++) {
        columns[i].append(row.get(i));
      }
    }
    return new ColumnBatch(schema, columns, rows.size());
  }

  public StructType schema() {
    return schema;
  }

  public int numRows() {
    return numRows;
  }

  public int numColumns() {
    return columns.length;
  }

  public ColumnVector column(int index) {
    return columns[index];
  }

  /** The column of that name (case-insensitive fallback). */
  public ColumnVector column(String name) {
    int index = schema.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException("No column " + name + " in " + schema.fieldNames());
    }
    return columns[index];
  }

  public ColumnVector[] columns() {
    return columns.clone();
  }

  /** The row at {@code index} as external values. */
  public Row row(int index) {
    Object[] values = new Object[columns.length];
    for (int i = 0; i < columns.length; i++) {
      values[i] = columns[i].get(index);
    }
    return new Row(schema, values);
  }

  /** Every row as external values. */
  public List<Row> toRows() {
    List<Row> rows = new ArrayList<>(numRows);
    for (int i = 0; i < numRows; i++) {
      rows.add(row(i));
    }
    return rows;
  }

  /** A batch of the rows at the given positions, in that order. */
  public ColumnBatch gather(int[] rows, int count) {
    ColumnVector[] out = new ColumnVector[columns.length];
    for (int i = 0; i < columns.length; i++) {
      out[i] = columns[i].gather(rows, count);
    }
    return new ColumnBatch(schema, out, count);
  }

  /** A batch of rows {@code [from, from + count)}. */
  public ColumnBatch slice(int from, int count) {
    if (from == 0 && count == numRows) {
      return this;
    }
    ColumnVector[] out = new ColumnVector[columns.length];
    for (int i = 0; i < columns.length; i++) {
      out[i] = columns[i].slice(from, count);
    }
    return new ColumnBatch(schema, out, count);
  }

  /** A batch of the given columns (by index) under a new schema. */
  public ColumnBatch project(int[] indexes, StructType newSchema) {
    ColumnVector[] out = new ColumnVector[indexes.length];
    for (int i = 0; i < indexes.length; i++) {
      out[i] = columns[indexes[i]];
    }
    return new ColumnBatch(newSchema, out, numRows);
  }

  /** The same vectors under a schema with other names or nullability. */
  public ColumnBatch withSchema(StructType newSchema) {
    return new ColumnBatch(newSchema, columns, numRows);
  }

  /** An estimate of the heap this batch occupies. */
  public long sizeInBytes() {
    long total = 64;
    for (ColumnVector column : columns) {
      total += column.sizeInBytes();
    }
    return total;
  }

  @Override
  public String toString() {
    return "ColumnBatch[" + numRows + " rows, " + schema.simpleString() + "]";
  }
}
