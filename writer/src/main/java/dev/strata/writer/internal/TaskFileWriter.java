package dev.strata.writer.internal;

import dev.strata.format.Storage;
import dev.strata.format.parquet.DataFileInfo;
import dev.strata.format.parquet.ParquetDataWriter;
import dev.strata.format.parquet.ParquetWriteOptions;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the rows one task attempt receives: splits each batch by partition values, keeps one open
 * Parquet file per partition and rolls a file over when it reaches the target size. Partition
 * columns are not stored in the files (Delta keeps them in the log). Not thread-safe.
 */
public final class TaskFileWriter {
  private final StagedWrite.Attempt attempt;
  private final Storage storage;
  private final StructType tableSchema;
  private final List<String> partitionColumns;
  private final ParquetWriteOptions options;
  private final long targetFileSize;
  private final int maxOpenFiles;
  private final int[] partitionIndexes;
  private final int[] dataIndexes;
  private final StructType dataSchema;
  private final LinkedHashMap<Object, OpenFile> open = new LinkedHashMap<>(16, 0.75f, true);
  private final List<WrittenFile> written = new ArrayList<>();
  private long rowsWritten;
  private final String directoryPrefix;

  public TaskFileWriter(
      StagedWrite.Attempt attempt,
      StructType tableSchema,
      List<String> partitionColumns,
      ParquetWriteOptions options,
      long targetFileSize,
      int maxOpenFiles) {
    this(attempt, tableSchema, partitionColumns, options, targetFileSize, maxOpenFiles, "");
  }

  /**
   * A writer whose files go under {@code directoryPrefix} (e.g. {@code _change_data}), partition
   * directories below it.
   */
  public TaskFileWriter(
      StagedWrite.Attempt attempt,
      StructType tableSchema,
      List<String> partitionColumns,
      ParquetWriteOptions options,
      long targetFileSize,
      int maxOpenFiles,
      String directoryPrefix) {
    this.directoryPrefix = directoryPrefix;
    this.attempt = attempt;
    this.storage = attempt.storage();
    this.tableSchema = tableSchema;
    this.partitionColumns = partitionColumns;
    this.options = options;
    this.targetFileSize = targetFileSize;
    this.maxOpenFiles = Math.max(1, maxOpenFiles);
    this.partitionIndexes = new int[partitionColumns.size()];
    for (int i = 0; i < partitionIndexes.length; i++) {
      partitionIndexes[i] = tableSchema.indexOf(partitionColumns.get(i));
    }
    List<StructField> dataFields = new ArrayList<>();
    List<Integer> data = new ArrayList<>();
    for (int i = 0; i < tableSchema.size(); i++) {
      final int column = i;
      if (Arrays.stream(partitionIndexes).noneMatch(p -> p == column)) {
        data.add(i);
        dataFields.add(tableSchema.field(i));
      }
    }
    this.dataIndexes = data.stream().mapToInt(Integer::intValue).toArray();
    this.dataSchema = new StructType(dataFields);
  }

  /** Writes every batch of {@code batches}; each batch is in the table schema. */
  public void writeAll(Iterator<ColumnBatch> batches) {
    while (batches.hasNext()) {
      write(batches.next());
    }
  }

  /** Writes one batch in the table schema. */
  public void write(ColumnBatch batch) {
    int n = batch.numRows();
    if (n == 0) {
      return;
    }
    rowsWritten += n;
    if (partitionIndexes.length == 0) {
      writeTo(Boolean.TRUE, batch, batch.project(dataIndexes, dataSchema));
      return;
    }
    ColumnVector[] keys = new ColumnVector[partitionIndexes.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = batch.column(partitionIndexes[i]);
    }
    if (allSamePartition(keys, n)) {
      writeTo(keyAt(keys, 0), batch, batch.project(dataIndexes, dataSchema));
      return;
    }
    Map<Object, int[]> groups = new HashMap<>();
    Map<Object, Integer> counts = new HashMap<>();
    for (int row = 0; row < n; row++) {
      Object key = keyAt(keys, row);
      int[] rows = groups.get(key);
      int count = rows == null ? 0 : counts.get(key);
      if (rows == null) {
        rows = new int[16];
        groups.put(key, rows);
      } else if (count == rows.length) {
        rows = Arrays.copyOf(rows, count * 2);
        groups.put(key, rows);
      }
      rows[count] = row;
      counts.put(key, count + 1);
    }
    for (Map.Entry<Object, int[]> group : groups.entrySet()) {
      int count = counts.get(group.getKey());
      ColumnBatch part = batch.gather(group.getValue(), count);
      writeTo(group.getKey(), part, part.project(dataIndexes, dataSchema));
    }
  }

  private static boolean allSamePartition(ColumnVector[] keys, int n) {
    for (ColumnVector key : keys) {
      for (int row = 1; row < n; row++) {
        if (!key.equalsAt(row, key, 0)) {
          return false;
        }
      }
    }
    return true;
  }

  private static Object keyAt(ColumnVector[] keys, int row) {
    if (keys.length == 1) {
      return keyValue(keys[0].get(row));
    }
    Object[] values = new Object[keys.length];
    for (int i = 0; i < keys.length; i++) {
      values[i] = keyValue(keys[i].get(row));
    }
    return Arrays.asList(values);
  }

  private static Object keyValue(Object value) {
    return value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
  }

  private void writeTo(Object key, ColumnBatch full, ColumnBatch data) {
    OpenFile file = open.get(key);
    if (file == null) {
      if (open.size() >= maxOpenFiles) {
        // Bound memory: each open Parquet writer buffers a row group. Closing the least recently
        // used one costs an extra (smaller) file for that partition if more rows come.
        Map.Entry<Object, OpenFile> eldest = open.entrySet().iterator().next();
        open.remove(eldest.getKey());
        finish(eldest.getValue());
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 0; i < partitionIndexes.length; i++) {
        ColumnVector vector = full.column(partitionIndexes[i]);
        values.put(partitionColumns.get(i), DataFiles.partitionValue(vector.type(), vector.get(0)));
      }
      file = openFile(values);
      open.put(key, file);
    }
    file.writer.write(data);
    if (file.writer.estimatedBytes() >= targetFileSize) {
      open.remove(key);
      finish(file);
    }
  }

  private OpenFile openFile(Map<String, String> partitionValues) {
    String dir = DataFiles.partitionDirectory(partitionColumns, partitionValues);
    if (!directoryPrefix.isEmpty()) {
      dir = dir.isEmpty() ? directoryPrefix : directoryPrefix + "/" + dir;
    }
    StagedWrite.FileTarget target = attempt.newFile(dir);
    ParquetDataWriter writer =
        ParquetDataWriter.open(storage, target.writePath(), dataSchema, options);
    return new OpenFile(target, partitionValues, writer);
  }

  private void finish(OpenFile file) {
    DataFileInfo info = file.writer.close();
    written.add(
        new WrittenFile(
            file.target.finalRelativePath(),
            file.partitionValues,
            info.size(),
            info.numRecords(),
            info.statsJson()));
  }

  /** Closes every open file and returns all files this attempt wrote. */
  public List<WrittenFile> finish() {
    for (OpenFile file : open.values()) {
      finish(file);
    }
    open.clear();
    return List.copyOf(written);
  }

  /** Rows passed to {@link #write}. */
  public long rowsWritten() {
    return rowsWritten;
  }

  /** Abandons open files; the attempt's {@link StagedWrite.Attempt#abort} deletes the rest. */
  public void abort() {
    for (OpenFile file : open.values()) {
      try {
        file.writer.abort();
      } catch (RuntimeException e) {
        // already failing; the attempt directory is deleted anyway
      }
    }
    open.clear();
  }

  private record OpenFile(
      StagedWrite.FileTarget target,
      Map<String, String> partitionValues,
      ParquetDataWriter writer) {}
}
