package dev.strata.engine.internal.source;

import dev.strata.engine.internal.exec.Source;
import dev.strata.engine.internal.exec.TaskContextImpl;
import dev.strata.engine.internal.exec.Vectors;
import dev.strata.engine.internal.expr.Expr;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Batches held in memory (createDataset), split into partitions. */
public final class RowsSource implements Source {
  private final StructType schema;
  private final List<ColumnBatch> partitions;
  private final long bytes;

  public RowsSource(StructType schema, List<ColumnBatch> partitions) {
    this.schema = schema;
    this.partitions = partitions;
    long b = 0;
    for (ColumnBatch p : partitions) {
      b += p.sizeInBytes();
    }
    this.bytes = b;
  }

  /** Splits one batch into {@code n} contiguous partitions. */
  public static RowsSource split(StructType schema, ColumnBatch all, int n) {
    List<ColumnBatch> parts = new ArrayList<>();
    int rows = all.numRows();
    n = Math.max(1, Math.min(n, Math.max(1, rows)));
    for (int p = 0; p < n; p++) {
      int from = (int) ((long) rows * p / n), to = (int) ((long) rows * (p + 1) / n);
      parts.add(all.slice(from, to - from));
    }
    return new RowsSource(schema, parts);
  }

  @Override
  public StructType schema() {
    return schema;
  }

  @Override
  public long estimatedBytes() {
    return bytes;
  }

  @Override
  public String describe() {
    return "LocalRelation";
  }

  @Override
  public Scan plan(List<String> columns, List<Expr> filters) {
    int[] idx = columns.stream().mapToInt(schema::indexOf).toArray();
    StructType out = schema.select(columns);
    return new Scan() {
      public int numPartitions() {
        return partitions.size();
      }

      public Iterator<ColumnBatch> read(int partition, TaskContextImpl ctx) {
        ColumnBatch b = partitions.get(partition).project(idx, out);
        ctx.metrics().inputRows += b.numRows();
        ctx.metrics().inputBytes += b.sizeInBytes();
        return Vectors.chunks(b, ColumnBatch.DEFAULT_ROWS);
      }
    };
  }
}
