package dev.strata.log;

import dev.strata.format.CloseableIterator;
import dev.strata.format.PartitionValues;
import dev.strata.format.StorageException;
import dev.strata.format.StoragePaths;
import dev.strata.format.StrataException;
import dev.strata.format.parquet.ParquetDataReader;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * The change data feed of a table between two versions, as Delta defines it: for a commit with
 * {@code cdc} actions, the rows of its change data files; for any other commit, the rows of its
 * data-changing {@code add}s as {@code insert} and of its {@code remove}s as {@code delete} (a file
 * re-added with a larger deletion vector yields the newly deleted rows as {@code delete}). Each row
 * carries {@code _change_type}, {@code _commit_version} and {@code _commit_timestamp}.
 *
 * <pre>{@code
 * List<ColumnBatch> changes =
 *     ChangeDataFeed.forTable(DeltaLog.forTable("/data/orders")).startingVersion(3).read();
 * }</pre>
 */
public final class ChangeDataFeed {
  /** The change type column. */
  public static final String CHANGE_TYPE = "_change_type";

  /** The commit version column. */
  public static final String COMMIT_VERSION = "_commit_version";

  /** The commit timestamp column. */
  public static final String COMMIT_TIMESTAMP = "_commit_timestamp";

  private final DeltaLog log;
  private Long startingVersion;
  private Long endingVersion;
  private Instant startingTimestamp;
  private Instant endingTimestamp;

  private ChangeDataFeed(DeltaLog log) {
    this.log = log;
  }

  /** The change data feed of the table behind {@code log}. */
  public static ChangeDataFeed forTable(DeltaLog log) {
    return new ChangeDataFeed(log);
  }

  /** The first version whose changes are returned (default 0). */
  public ChangeDataFeed startingVersion(long version) {
    this.startingVersion = version;
    this.startingTimestamp = null;
    return this;
  }

  /** The last version whose changes are returned (default: the latest). */
  public ChangeDataFeed endingVersion(long version) {
    this.endingVersion = version;
    this.endingTimestamp = null;
    return this;
  }

  /** Starts at the first version committed at or after {@code time}. */
  public ChangeDataFeed startingTimestamp(Instant time) {
    this.startingTimestamp = time;
    this.startingVersion = null;
    return this;
  }

  /** Ends at the last version committed at or before {@code time}. */
  public ChangeDataFeed endingTimestamp(Instant time) {
    this.endingTimestamp = time;
    this.endingVersion = null;
    return this;
  }

  /** The schema of the change rows: the table's columns, then the three change columns. */
  public static StructType schema(StructType tableSchema) {
    List<StructField> fields = new ArrayList<>(tableSchema.fields());
    fields.add(StructField.of(CHANGE_TYPE, PrimitiveType.STRING));
    fields.add(StructField.of(COMMIT_VERSION, PrimitiveType.LONG));
    fields.add(StructField.of(COMMIT_TIMESTAMP, PrimitiveType.TIMESTAMP));
    return new StructType(fields);
  }

  /**
   * Reads the changes, version by version, in the schema of the latest version of the range.
   *
   * @throws StrataException naming the version when its changes cannot be reconstructed: the change
   *     data feed was off then, a change data file was deleted (VACUUM), or the commit was cleaned
   *     up from the log
   */
  public List<ColumnBatch> read() {
    Snapshot latest = log.latestSnapshot();
    List<CommitEntry> history = log.history(0);
    Map<Long, Long> timestamps = new HashMap<>();
    for (CommitEntry e : history) {
      timestamps.put(e.version(), e.timestamp());
    }
    long from = startingVersion != null ? startingVersion : 0;
    long to = endingVersion != null ? endingVersion : latest.version();
    if (startingTimestamp != null) {
      from = Long.MAX_VALUE;
      for (CommitEntry e : history) {
        if (e.timestamp() >= startingTimestamp.toEpochMilli()) {
          from = Math.min(from, e.version());
        }
      }
    }
    if (endingTimestamp != null) {
      to = -1;
      for (CommitEntry e : history) {
        if (e.timestamp() <= endingTimestamp.toEpochMilli()) {
          to = Math.max(to, e.version());
        }
      }
    }
    String table = log.tablePath();
    if (to > latest.version()) {
      throw new StrataException(
          "Cannot read changes of table "
              + table
              + " up to version "
              + to
              + ": the latest version is "
              + latest.version());
    }
    List<ColumnBatch> out = new ArrayList<>();
    if (from > to) {
      return out;
    }
    Snapshot before = from == 0 ? null : log.snapshotAt(from - 1);
    Metadata metadata = before == null ? null : before.metadata();
    StructType tableSchema = log.snapshotAt(to).schema();
    StructType outSchema = schema(tableSchema);
    for (long v = from; v <= to; v++) {
      List<Action> actions;
      try {
        actions = log.commitActions(v);
      } catch (RuntimeException e) {
        throw unavailable(table, v, "its commit is no longer in the log (" + e.getMessage() + ")");
      }
      for (Action a : actions) {
        if (a instanceof Metadata m) {
          metadata = m;
        }
      }
      if (metadata == null
          || !TableProperties.isTrue(
              metadata.configuration(), TableProperties.ENABLE_CHANGE_DATA_FEED)) {
        throw unavailable(
            table,
            v,
            "the change data feed was not enabled at that version ("
                + TableProperties.ENABLE_CHANGE_DATA_FEED
                + " was not true)");
      }
      String mode = metadata.configuration().get(TableProperties.COLUMN_MAPPING_MODE);
      if (mode != null && !mode.equalsIgnoreCase("none")) {
        throw unavailable(table, v, "Strata does not read changes of column-mapped tables");
      }
      long timestamp = timestamps.getOrDefault(v, 0L);
      new VersionChanges(log, v, timestamp, tableSchema, outSchema, metadata.partitionColumns())
          .collect(actions, out);
    }
    return out;
  }

  private static StrataException unavailable(String table, long version, String why) {
    return new StrataException(
        "Cannot read the changes of table "
            + table
            + " at version "
            + version
            + ": "
            + why
            + ". Start the range after that version.");
  }

  /** The change rows of one commit. */
  private static final class VersionChanges {
    private final DeltaLog log;
    private final long version;
    private final long timestampMicros;
    private final StructType tableSchema;
    private final StructType outSchema;
    private final List<String> partitionColumns;

    VersionChanges(
        DeltaLog log,
        long version,
        long timestampMillis,
        StructType tableSchema,
        StructType outSchema,
        List<String> partitionColumns) {
      this.log = log;
      this.version = version;
      this.timestampMicros = timestampMillis * 1000;
      this.tableSchema = tableSchema;
      this.outSchema = outSchema;
      this.partitionColumns = partitionColumns;
    }

    void collect(List<Action> actions, List<ColumnBatch> out) {
      List<AddCDCFile> cdc = new ArrayList<>();
      for (Action a : actions) {
        if (a instanceof AddCDCFile c) {
          cdc.add(c);
        }
      }
      if (!cdc.isEmpty()) {
        for (AddCDCFile c : cdc) {
          read(c.path(), c.partitionValues(), null, false, null, out);
        }
        return;
      }
      Map<String, AddFile> adds = new LinkedHashMap<>();
      Map<String, RemoveFile> removes = new LinkedHashMap<>();
      for (Action a : actions) {
        if (a instanceof AddFile add && add.dataChange()) {
          adds.put(add.path(), add);
        } else if (a instanceof RemoveFile r && r.dataChange()) {
          removes.put(r.path(), r);
        }
      }
      for (AddFile add : adds.values()) {
        RemoveFile old = removes.remove(add.path());
        Roaring64NavigableMap now = vector(add.path(), add.deletionVector());
        if (old == null) {
          read(add.path(), add.partitionValues(), now, false, "insert", out);
          continue;
        }
        // The same file re-added with another vector: the difference is what changed.
        Roaring64NavigableMap was = vector(old.path(), old.deletionVector());
        Roaring64NavigableMap deleted = Roaring64NavigableMap.andNot(now, was);
        Roaring64NavigableMap restored = Roaring64NavigableMap.andNot(was, now);
        if (!deleted.isEmpty()) {
          read(add.path(), add.partitionValues(), deleted, true, "delete", out);
        }
        if (!restored.isEmpty()) {
          read(add.path(), add.partitionValues(), restored, true, "insert", out);
        }
      }
      for (RemoveFile r : removes.values()) {
        Map<String, String> values = r.partitionValues() == null ? Map.of() : r.partitionValues();
        read(r.path(), values, vector(r.path(), r.deletionVector()), false, "delete", out);
      }
    }

    private Roaring64NavigableMap vector(String path, DeletionVectorDescriptor dv) {
      if (dv == null) {
        return new Roaring64NavigableMap();
      }
      return DeletionVectorFiles.read(
          log.storage(),
          log.tablePath(),
          version,
          new AddFile(path, Map.of(), 0, 0, true, null, null, dv, null, null));
    }

    /**
     * Reads a data or change file: skips the rows in {@code rows} (or, with {@code keepOnly}, keeps
     * only them), and labels rows with {@code changeType} (null: the file has its own {@code
     * _change_type} column).
     */
    private void read(
        String logPath,
        Map<String, String> partitionValues,
        Roaring64NavigableMap rows,
        boolean keepOnly,
        String changeType,
        List<ColumnBatch> out) {
      Roaring64NavigableMap skip = rows;
      String path = absolute(log.tablePath(), logPath);
      List<StructField> dataFields = new ArrayList<>();
      for (StructField f : tableSchema.fields()) {
        if (!isPartition(f.name())) {
          dataFields.add(f);
        }
      }
      if (changeType == null) {
        dataFields.add(StructField.of(CHANGE_TYPE, PrimitiveType.STRING));
      }
      StructType dataSchema = new StructType(dataFields);
      long rowIndex = 0;
      try (CloseableIterator<ColumnBatch> batches =
          ParquetDataReader.open(log.storage(), path, dataSchema, null)) {
        while (batches.hasNext()) {
          ColumnBatch batch = batches.next();
          long start = rowIndex;
          rowIndex += batch.numRows();
          if (skip != null && (keepOnly || !skip.isEmpty())) {
            int[] keep = new int[batch.numRows()];
            int n = 0;
            for (int i = 0; i < batch.numRows(); i++) {
              if (skip.contains(start + i) == keepOnly) {
                keep[n++] = i;
              }
            }
            if (n == 0) {
              continue;
            }
            if (n < batch.numRows()) {
              batch = batch.gather(keep, n);
            }
          }
          out.add(assemble(batch, partitionValues, changeType));
        }
      } catch (StorageException e) {
        throw unavailable(
            log.tablePath(),
            version,
            "file "
                + logPath
                + " cannot be read ("
                + e.getMessage()
                + "); VACUUM may have deleted it");
      }
    }

    private boolean isPartition(String name) {
      for (String p : partitionColumns) {
        if (p.equalsIgnoreCase(name)) {
          return true;
        }
      }
      return false;
    }

    private ColumnBatch assemble(
        ColumnBatch data, Map<String, String> partitionValues, String changeType) {
      int n = data.numRows();
      ColumnVector[] columns = new ColumnVector[outSchema.size()];
      int d = 0;
      for (int i = 0; i < tableSchema.size(); i++) {
        StructField f = tableSchema.field(i);
        if (isPartition(f.name())) {
          String raw = lookup(partitionValues, f.name());
          Object value = raw == null ? null : PartitionValues.parse(f.type(), raw);
          columns[i] = ColumnVector.constant(f.type(), value, n);
        } else {
          columns[i] = data.column(d++);
        }
      }
      int at = tableSchema.size();
      columns[at] =
          changeType == null
              ? data.column(d)
              : ColumnVector.constant(PrimitiveType.STRING, changeType, n);
      columns[at + 1] = ColumnVector.constant(PrimitiveType.LONG, version, n);
      columns[at + 2] =
          ColumnVector.constant(
              PrimitiveType.TIMESTAMP,
              Instant.ofEpochSecond(
                  Math.floorDiv(timestampMicros, 1_000_000L),
                  Math.floorMod(timestampMicros, 1_000_000L) * 1000),
              n);
      return new ColumnBatch(outSchema, columns, n);
    }

    private static String lookup(Map<String, String> values, String name) {
      if (values.containsKey(name)) {
        return values.get(name);
      }
      for (Map.Entry<String, String> e : values.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue();
        }
      }
      return null;
    }
  }

  private static String absolute(String table, String logPath) {
    String decoded = dev.strata.format.PartitionPaths.decodeAddPath(logPath);
    return decoded.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")
        ? decoded
        : StoragePaths.join(table, decoded);
  }
}
