package dev.strata.log;

import dev.strata.format.CloseableIterator;
import dev.strata.format.vector.ColumnBatch;
import java.util.Map;
import java.util.OptionalLong;

/** One data file of a {@link Scan}. */
public interface ScanFile {

  /** The file's {@code add} action. */
  AddFile add();

  /** The storage path of the file (decoded, absolute). */
  String path();

  /** The typed partition values by logical column name (null values allowed). */
  Map<String, Object> partitionValues();

  /** The number of rows the file yields (physical rows minus deleted ones), when stats say. */
  OptionalLong numRecords();

  /**
   * Reads the file as batches of the scan's {@link Scan#readSchema()}: logical column names,
   * partition columns filled from the log, column mapping resolved, deleted rows removed.
   */
  CloseableIterator<ColumnBatch> read();
}
