package dev.strata.log.testing;

import dev.strata.format.PartitionPaths;
import dev.strata.format.PartitionValues;
import dev.strata.format.Row;
import dev.strata.format.Storage;
import dev.strata.format.StoragePaths;
import dev.strata.format.Storages;
import dev.strata.format.parquet.DataFileInfo;
import dev.strata.format.parquet.ParquetDataWriter;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.log.AddFile;
import dev.strata.log.DeltaLog;
import dev.strata.log.Metadata;
import dev.strata.log.Operation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds test tables through the real commit path: a create commit, then N append commits of K
 * files each. Files are log-only (they do not exist on disk) unless a test writes them: use for
 * log, snapshot and transaction tests.
 */
public final class TestTables {
  /** The default schema: {@code id long, value string, part string}. */
  public static final StructType SCHEMA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG),
          StructField.of("value", PrimitiveType.STRING),
          StructField.of("part", PrimitiveType.STRING));

  private final String tablePath;
  private Storage storage;
  private StructType schema = SCHEMA;
  private List<String> partitionColumns = List.of("part");
  private final Map<String, String> properties = new LinkedHashMap<>();
  private int commits;
  private int filesPerCommit = 1;
  private int partitions = 4;

  private TestTables(String tablePath) {
    this.tablePath = StoragePaths.normalize(tablePath);
  }

  /** A builder for a table at a local directory. */
  public static TestTables at(Path directory) {
    return new TestTables(directory.toString());
  }

  /** A builder for a table at a path or URI. */
  public static TestTables at(String tablePath) {
    return new TestTables(tablePath);
  }

  /** Uses this storage instead of the one for the path's scheme. */
  public TestTables storage(Storage newStorage) {
    this.storage = newStorage;
    return this;
  }

  public TestTables schema(StructType newSchema) {
    this.schema = newSchema;
    return this;
  }

  public TestTables partitionedBy(String... columns) {
    this.partitionColumns = List.of(columns);
    return this;
  }

  public TestTables property(String key, String value) {
    properties.put(key, value);
    return this;
  }

  /** Append commits after the create commit (version 0). */
  public TestTables commits(int n) {
    this.commits = n;
    return this;
  }

  public TestTables filesPerCommit(int k) {
    this.filesPerCommit = k;
    return this;
  }

  /** Number of distinct values of the (first) partition column files cycle through. */
  public TestTables partitions(int n) {
    this.partitions = n;
    return this;
  }

  /** Creates the table and runs the commits; returns its log. */
  public DeltaLog create() {
    Storage s = storage != null ? storage : Storages.forPath(tablePath);
    DeltaLog log = DeltaLog.forTable(s, tablePath);
    log.startTransaction()
        .updateMetadata(Metadata.create(schema, partitionColumns, properties))
        .commit(List.of(), Operation.of("CREATE TABLE"));
    for (int c = 1; c <= commits; c++) {
      log.startTransaction().commit(files(c, filesPerCommit), Operation.of("WRITE"));
    }
    return log;
  }

  /** K fake files for commit {@code c}, spread over the partitions. */
  public List<AddFile> files(int c, int k) {
    List<AddFile> adds = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      adds.add(fakeFile(c, i));
    }
    return adds;
  }

  /**
   * Writes real Parquet data files for {@code rows} (in table-schema order, partition columns
   * included) under the table, one file per partition, and returns their {@code add} actions with
   * statistics. Commit them with a transaction to make them visible.
   */
  public static List<AddFile> writeFiles(DeltaLog log, Metadata metadata, List<Row> rows) {
    StructType schema = metadata.schema();
    List<String> partitionColumns = metadata.partitionColumns();
    List<StructField> dataFields = new ArrayList<>();
    List<Integer> dataIndexes = new ArrayList<>();
    for (int i = 0; i < schema.size(); i++) {
      StructField f = schema.field(i);
      if (partitionColumns.stream().noneMatch(c -> c.equalsIgnoreCase(f.name()))) {
        dataFields.add(f);
        dataIndexes.add(i);
      }
    }
    StructType dataSchema = new StructType(dataFields);
    Map<Map<String, String>, List<Row>> groups = new LinkedHashMap<>();
    for (Row row : rows) {
      Map<String, String> pv = new LinkedHashMap<>();
      for (String c : partitionColumns) {
        int i = schema.indexOf(c);
        pv.put(c, PartitionValues.serialize(schema.field(i).type(), row.get(i)));
      }
      Object[] data = new Object[dataIndexes.size()];
      for (int j = 0; j < data.length; j++) {
        data[j] = row.get(dataIndexes.get(j));
      }
      groups.computeIfAbsent(pv, k -> new ArrayList<>()).add(new Row(dataSchema, data));
    }
    List<AddFile> adds = new ArrayList<>();
    for (Map.Entry<Map<String, String>, List<Row>> group : groups.entrySet()) {
      String dir = PartitionPaths.directory(partitionColumns, group.getKey());
      String name = "part-00000-" + UUID.randomUUID() + ".c000.snappy.parquet";
      String relative = dir.isEmpty() ? name : dir + "/" + name;
      ParquetDataWriter writer =
          ParquetDataWriter.open(
              log.storage(), StoragePaths.join(log.tablePath(), relative), dataSchema);
      writer.write(ColumnBatch.fromRows(dataSchema, group.getValue()));
      DataFileInfo info = writer.close();
      adds.add(
          AddFile.of(
              PartitionPaths.encodeAddPath(relative),
              group.getKey(),
              info.size(),
              System.currentTimeMillis(),
              info.statsJson()));
    }
    return adds;
  }

  private AddFile fakeFile(int commit, int index) {
    Map<String, String> pv = new LinkedHashMap<>();
    String dir = "";
    if (!partitionColumns.isEmpty()) {
      String value = "p" + ((commit * 31 + index) % partitions);
      pv.put(partitionColumns.get(0), value);
      dir = partitionColumns.get(0) + "=" + value + "/";
      for (int j = 1; j < partitionColumns.size(); j++) {
        pv.put(partitionColumns.get(j), "x");
        dir += partitionColumns.get(j) + "=x/";
      }
    }
    String path = dir + String.format("part-%05d-%05d-log-only.c000.snappy.parquet", commit, index);
    return AddFile.of(
        path,
        pv,
        1000 + index,
        1_700_000_000_000L + commit,
        "{\"numRecords\":" + (10 + index) + "}");
  }
}
