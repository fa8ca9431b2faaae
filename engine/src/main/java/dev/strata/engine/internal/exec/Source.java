package dev.strata.engine.internal.exec;

import dev.strata.engine.internal.expr.Expr;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import java.util.Iterator;
import java.util.List;

/** A data source (files, a table, rows in memory, a range). */
public interface Source {
  StructType schema();

  /** Estimated bytes in memory, for broadcast decisions. */
  long estimatedBytes();

  String describe();

  /**
   * Plans a read of the named columns (in that order) under the given conjunctive filters. Filters
   * reference this source's columns by name; a source may use them to skip data but need not apply
   * them row by row (the engine filters again).
   */
  Scan plan(List<String> columns, List<Expr> filters);

  /** A planned read: its partitions. */
  interface Scan {
    int numPartitions();

    /** The batches of one partition, with exactly the planned columns. */
    Iterator<ColumnBatch> read(int partition, TaskContextImpl ctx);

    /** Extra words for explain() (files, pruning). */
    default String details() {
      return "";
    }
  }
}
