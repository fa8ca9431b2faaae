package dev.strata.format.parquet;

import dev.strata.format.CloseableIterator;
import dev.strata.format.CorruptFileException;
import dev.strata.format.FileStatus;
import dev.strata.format.SchemaMismatchException;
import dev.strata.format.Storage;
import dev.strata.format.StorageException;
import dev.strata.format.internal.hadoop.HadoopConfigurations;
import dev.strata.format.internal.parquet.ParquetBatchReader;
import dev.strata.format.internal.parquet.ParquetSchemas;
import dev.strata.format.internal.parquet.StorageInputFile;
import dev.strata.format.stats.StatsPredicate;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import java.io.IOException;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * Reads Parquet data files into column batches. Reads what Spark and other Delta writers produce:
 * INT96 and INT64 timestamps, decimals as INT32/INT64/FIXED_LEN_BYTE_ARRAY/BINARY, nested structs,
 * standard and legacy lists and maps.
 */
public final class ParquetDataReader {
  private ParquetDataReader() {}

  /**
   * Opens a file for reading.
   *
   * <p>The batches have {@code readSchema}: file columns are matched by field id ({@code
   * parquet.field.id} or {@code delta.columnMapping.id} metadata), else by physical name ({@code
   * delta.columnMapping.physicalName}), else by name (case-insensitive fallback). Columns the file
   * lacks read as nulls. Only the requested columns are read from storage.
   *
   * @param rowGroupFilter skips row groups whose statistics cannot match; null reads them all
   * @throws CorruptFileException when the file is not readable Parquet
   * @throws SchemaMismatchException when a column's type in the file cannot be read as requested
   */
  public static CloseableIterator<ColumnBatch> open(
      Storage storage, String path, StructType readSchema, StatsPredicate rowGroupFilter) {
    return open(storage, path, readSchema, rowGroupFilter, ColumnBatch.DEFAULT_ROWS);
  }

  /** Like {@link #open(Storage, String, StructType, StatsPredicate)} with a batch size. */
  public static CloseableIterator<ColumnBatch> open(
      Storage storage,
      String path,
      StructType readSchema,
      StatsPredicate rowGroupFilter,
      int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive");
    }
    return new ParquetBatchReader(
        StorageInputFile.of(storage, path), readSchema, rowGroupFilter, batchSize);
  }

  /**
   * Like {@link #open(Storage, String, StructType, StatsPredicate)} for a file whose size is known
   * (from a listing or the log), saving a round trip to the store.
   */
  public static CloseableIterator<ColumnBatch> open(
      Storage storage, FileStatus file, StructType readSchema, StatsPredicate rowGroupFilter) {
    return new ParquetBatchReader(
        new StorageInputFile(storage, file.path(), file.size()),
        readSchema,
        rowGroupFilter,
        ColumnBatch.DEFAULT_ROWS);
  }

  /**
   * Like {@link #open(Storage, String, StructType, StatsPredicate)} for a file the table log
   * describes: the file must have the length the log recorded. A different length means the file
   * was replaced (by another, possibly valid, Parquet file) or truncated since it was committed;
   * reading it would return rows that are not the committed ones.
   *
   * @param expectedLength the size the log recorded; 0 or less skips the check
   * @throws CorruptFileException when the length differs, naming both sizes
   */
  public static CloseableIterator<ColumnBatch> openCommitted(
      Storage storage,
      String path,
      long expectedLength,
      StructType readSchema,
      StatsPredicate rowGroupFilter) {
    return new ParquetBatchReader(
        committedInput(storage, path, expectedLength),
        readSchema,
        rowGroupFilter,
        ColumnBatch.DEFAULT_ROWS);
  }

  /** Like {@link #rowCount} with the length check of {@link #openCommitted}. */
  public static long committedRowCount(Storage storage, String path, long expectedLength) {
    return rowCount(committedInput(storage, path, expectedLength));
  }

  private static StorageInputFile committedInput(
      Storage storage, String path, long expectedLength) {
    StorageInputFile input = StorageInputFile.of(storage, path);
    if (expectedLength > 0 && input.getLength() != expectedLength) {
      throw new CorruptFileException(
          path,
          "the file is "
              + input.getLength()
              + " bytes but the table log recorded "
              + expectedLength
              + " bytes when it was committed: it was replaced or truncated since. Restore the"
              + " original file, or remove it from the table",
          null);
    }
    return input;
  }

  /** The schema of a file as Strata types (Parquet field ids in {@code parquet.field.id}). */
  public static StructType schema(Storage storage, String path) {
    return ParquetSchemas.fromParquet(footer(storage, path).getFileMetaData().getSchema());
  }

  /** The number of rows in a file, from its footer. */
  public static long rowCount(Storage storage, String path) {
    return rowCount(StorageInputFile.of(storage, path));
  }

  private static long rowCount(StorageInputFile input) {
    long rows = 0;
    for (BlockMetaData block : footer(input).getBlocks()) {
      rows += block.getRowCount();
    }
    return rows;
  }

  /** The number of row groups in a file. */
  public static int rowGroupCount(Storage storage, String path) {
    return footer(storage, path).getBlocks().size();
  }

  private static ParquetMetadata footer(Storage storage, String path) {
    return footer(StorageInputFile.of(storage, path));
  }

  private static ParquetMetadata footer(StorageInputFile input) {
    String path = input.toString();
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            input, HadoopReadOptions.builder(HadoopConfigurations.shared()).build())) {
      return reader.getFooter();
    } catch (StorageException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new CorruptFileException(
          path, "not a readable Parquet file (" + e.getMessage() + ")", e);
    }
  }
}
