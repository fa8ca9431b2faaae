package dev.strata.writer.internal;

import dev.strata.format.CloseableIterator;
import dev.strata.format.types.DataType;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.log.AddFile;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the writer needs from the engine. Expressions are SQL strings or engine {@code Column}s.
 *
 * <p>What the writer needs from the engine: compiled SQL conditions, partition and statistics
 * predicates for file pruning, and reading one data file of a table.
 */
public interface EngineBridge {

  /** Compiles a boolean SQL expression over batches of {@code schema}. */
  Constraints.Condition compile(Object expression, StructType schema);

  /**
   * One aliased input of a joined batch: its columns come in this order, inputs one after another.
   */
  record Input(String alias, StructType schema) {}

  /**
   * Compiles a SQL expression over batches that hold the columns of {@code inputs} side by side;
   * names may be qualified by an input's alias. The result is cast to {@code resultType}.
   */
  Constraints.Condition compile(Object expression, List<Input> inputs, DataType resultType);

  /**
   * The predicate as a filter over log partition values, or null when it references columns other
   * than the partition columns.
   */
  Predicate<Map<String, String>> partitionFilter(
      Object expression, StructType schema, List<String> partitionColumns);

  /**
   * Whether a file may hold rows matching the predicate, judged by its partition values and min/max
   * statistics; true when unknown.
   */
  Predicate<AddFile> fileFilter(
      Object expression, StructType schema, List<String> partitionColumns);

  /** Reads one data file as batches of the full table schema (partition columns filled in). */
  CloseableIterator<ColumnBatch> readFile(
      dev.strata.format.Storage storage,
      String tableRoot,
      AddFile file,
      StructType schema,
      List<String> partitionColumns);

  /** The data to write: its schema and a way to run one task per partition over it. */
  interface WriteInput {
    StructType schema();

    <R> List<R> runTasks(TaskBody<R> body);

    /** The engine's size estimate of the input in bytes, or -1 when unknown. */
    default long estimatedBytes() {
      return -1;
    }

    /**
     * The same rows hash-partitioned by {@code columns}, so each distinct value of them lands in
     * exactly one task; this input itself when it cannot be clustered.
     */
    default WriteInput clusteredBy(List<String> columns) {
      return this;
    }

    /**
     * The same rows range-partitioned and sorted by {@code columns} (the sort spills), so each task
     * sees one value of them after another; this input itself when it cannot be sorted.
     */
    default WriteInput sortedBy(List<String> columns) {
      return this;
    }

    /** Whether {@link #sortedBy} produced this input: tasks see partition values one by one. */
    default boolean sortedByPartition() {
      return false;
    }
  }

  /** The work of one task attempt over one input partition. */
  interface TaskBody<R> {
    R run(int partition, int attempt, Iterator<ColumnBatch> input);
  }
}
