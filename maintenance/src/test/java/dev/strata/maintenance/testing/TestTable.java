package dev.strata.maintenance.testing;

import dev.strata.format.CloseableIterator;
import dev.strata.format.PartitionPaths;
import dev.strata.format.PartitionValues;
import dev.strata.format.Row;
import dev.strata.format.Storage;
import dev.strata.format.StoragePaths;
import dev.strata.format.Storages;
import dev.strata.format.parquet.DataFileInfo;
import dev.strata.format.parquet.ParquetDataReader;
import dev.strata.format.parquet.ParquetDataWriter;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.log.Action;
import dev.strata.log.AddFile;
import dev.strata.log.CommitResult;
import dev.strata.log.DeltaLog;
import dev.strata.log.Metadata;
import dev.strata.log.Operation;
import dev.strata.log.Snapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real table for maintenance tests: Parquet data files written with {@link ParquetDataWriter},
 * committed through the transaction log, read back file by file.
 */
public final class TestTable {
  private final String path;
  private final Storage storage;
  private final DeltaLog log;

  private TestTable(String path) {
    this(Storages.forPath(StoragePaths.normalize(path)), path);
  }

  private TestTable(Storage storage, String path) {
    this.path = StoragePaths.normalize(path);
    this.storage = storage;
    this.log = DeltaLog.forTable(storage, this.path);
  }

  /** Creates an empty table at a path or URI through the given storage (S3 tests). */
  public static TestTable create(
      Storage storage,
      String path,
      StructType schema,
      List<String> partitionColumns,
      Map<String, String> properties) {
    TestTable table = new TestTable(storage, path);
    table
        .log
        .startTransaction()
        .updateMetadata(Metadata.create(schema, partitionColumns, properties))
        .commit(List.of(), Operation.of("CREATE TABLE"));
    return table;
  }

  /** Creates an empty table. */
  public static TestTable create(
      Path dir, StructType schema, List<String> partitionColumns, Map<String, String> properties) {
    TestTable table = new TestTable(dir.toString());
    table
        .log
        .startTransaction()
        .updateMetadata(Metadata.create(schema, partitionColumns, properties))
        .commit(List.of(), Operation.of("CREATE TABLE"));
    return table;
  }

  /** Opens an existing table. */
  public static TestTable open(Path dir) {
    return new TestTable(dir.toString());
  }

  public DeltaLog log() {
    return log;
  }

  public String path() {
    return path;
  }

  public Storage storage() {
    return storage;
  }

  /** The local directory of the table. */
  public Path dir() {
    return StoragePaths.toLocalPath(path);
  }

  /**
   * Writes one data file per partition present in {@code rows} and commits them as one blind
   * append. Returns the committed version.
   */
  public long append(List<Row> rows) {
    return log.startTransaction().commit(writeFiles(rows), Operation.of("WRITE")).version();
  }

  /** Writes the rows as files (one per partition) without committing them. */
  public List<AddFile> writeFiles(List<Row> rows) {
    Snapshot snapshot = log.latestSnapshot();
    StructType schema = snapshot.schema();
    List<String> partitionColumns = snapshot.partitionColumns();
    StructType dataSchema = schema.without(partitionColumns);
    Map<Map<String, String>, List<Row>> byPartition = new LinkedHashMap<>();
    for (Row row : rows) {
      Map<String, String> pv = new LinkedHashMap<>();
      for (String column : partitionColumns) {
        int i = schema.indexOf(column);
        pv.put(column, PartitionValues.serialize(schema.field(i).type(), row.get(i)));
      }
      byPartition.computeIfAbsent(pv, k -> new ArrayList<>()).add(row);
    }
    List<AddFile> adds = new ArrayList<>();
    for (var entry : byPartition.entrySet()) {
      List<Row> dataRows = new ArrayList<>();
      for (Row row : entry.getValue()) {
        Object[] values = new Object[dataSchema.size()];
        for (int c = 0; c < values.length; c++) {
          values[c] = row.get(schema.indexOf(dataSchema.field(c).name()));
        }
        dataRows.add(new Row(dataSchema, values));
      }
      String dir = PartitionPaths.directory(partitionColumns, entry.getKey());
      String relative =
          (dir.isEmpty() ? "" : dir + "/")
              + "part-00000-"
              + UUID.randomUUID()
              + ".c000.snappy.parquet";
      ParquetDataWriter writer =
          ParquetDataWriter.open(storage, StoragePaths.join(path, relative), dataSchema);
      writer.write(ColumnBatch.fromRows(dataSchema, dataRows));
      DataFileInfo info = writer.close();
      adds.add(
          AddFile.of(
              PartitionPaths.encodeAddPath(relative),
              entry.getKey(),
              info.size(),
              System.currentTimeMillis(),
              info.statsJson()));
    }
    return adds;
  }

  /** Commits actions with an operation name. */
  public CommitResult commit(List<? extends Action> actions, String operation) {
    return log.startTransaction().commit(actions, Operation.of(operation));
  }

  /** Every row of the latest version. */
  public List<Row> rows() {
    return rows(log.latestSnapshot());
  }

  /** Every row of a version. */
  public List<Row> rows(Snapshot snapshot) {
    List<Row> rows = new ArrayList<>();
    for (AddFile file : snapshot.allFiles()) {
      rows.addAll(rows(snapshot, file));
    }
    return rows;
  }

  /** The rows of one file, with its partition values, in schema order. */
  public List<Row> rows(Snapshot snapshot, AddFile file) {
    StructType schema = snapshot.schema();
    StructType dataSchema = schema.without(snapshot.partitionColumns());
    List<Row> rows = new ArrayList<>();
    String filePath = StoragePaths.join(path, PartitionPaths.decodeAddPath(file.path()));
    try (CloseableIterator<ColumnBatch> batches =
        ParquetDataReader.open(storage, filePath, dataSchema, null)) {
      while (batches.hasNext()) {
        for (Row dataRow : batches.next().toRows()) {
          Object[] values = new Object[schema.size()];
          for (int c = 0; c < values.length; c++) {
            StructField field = schema.field(c);
            if (snapshot.partitionColumns().contains(field.name())) {
              values[c] =
                  PartitionValues.parse(field.type(), file.partitionValues().get(field.name()));
            } else {
              values[c] = dataRow.get(dataSchema.indexOf(field.name()));
            }
          }
          rows.add(new Row(schema, values));
        }
      }
    }
    return rows;
  }
}
