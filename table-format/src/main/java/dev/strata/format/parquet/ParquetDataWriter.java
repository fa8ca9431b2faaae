package dev.strata.format.parquet;

import dev.strata.format.SchemaMismatchException;
import dev.strata.format.Storage;
import dev.strata.format.StrataException;
import dev.strata.format.internal.parquet.ParquetFileWriterImpl;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;

/**
 * Writes column batches to one Parquet data file and returns what the log records about it (size,
 * row count, Delta statistics). The file appears whole on {@link #close()}; {@link #abort()} leaves
 * nothing behind. Not thread-safe: one writer per task.
 *
 * <p>Use {@link #estimatedBytes()} to roll over to a new file at a target size.
 */
public final class ParquetDataWriter {
  private final ParquetFileWriterImpl impl;
  private DataFileInfo result;

  private ParquetDataWriter(ParquetFileWriterImpl impl) {
    this.impl = impl;
  }

  /**
   * Opens a writer for a new file at {@code path}. Columns are written under their physical names
   * ({@code delta.columnMapping.physicalName} metadata) with their field ids, if any.
   */
  public static ParquetDataWriter open(
      Storage storage, String path, StructType schema, ParquetWriteOptions options) {
    return new ParquetDataWriter(new ParquetFileWriterImpl(storage, path, schema, options));
  }

  /** Opens a writer with {@link ParquetWriteOptions#defaults()}. */
  public static ParquetDataWriter open(Storage storage, String path, StructType schema) {
    return open(storage, path, schema, ParquetWriteOptions.defaults());
  }

  /**
   * Appends the rows of a batch whose columns match the writer's schema by position and type.
   *
   * @throws SchemaMismatchException when the batch does not fit the schema (nothing is written)
   */
  public void write(ColumnBatch batch) {
    impl.write(batch);
  }

  /** Bytes written so far plus what is buffered for the current row group (compressed size). */
  public long estimatedBytes() {
    return impl.estimatedBytes();
  }

  /** Rows written so far. */
  public long numRecords() {
    return impl.numRecords();
  }

  /**
   * Finishes the file: it becomes visible whole. Calling close again returns the same result.
   *
   * @throws StrataException if the file cannot be finished (then nothing is left behind)
   */
  public DataFileInfo close() {
    if (result == null) {
      result = impl.finish();
    }
    return result;
  }

  /** Discards the file; nothing is left behind. A later {@link #close()} fails. */
  public void abort() {
    impl.abort();
  }
}
