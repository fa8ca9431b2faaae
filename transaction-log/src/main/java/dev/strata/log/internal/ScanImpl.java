package dev.strata.log.internal;

import dev.strata.format.CloseableIterator;
import dev.strata.format.PartitionValues;
import dev.strata.format.Storage;
import dev.strata.format.parquet.ParquetDataReader;
import dev.strata.format.stats.FileStats;
import dev.strata.format.stats.StatsPredicate;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.log.AddFile;
import dev.strata.log.CorruptLogException;
import dev.strata.log.DeletionVectorFiles;
import dev.strata.log.Scan;
import dev.strata.log.ScanBuilder;
import dev.strata.log.ScanFile;
import dev.strata.log.Snapshot;
import dev.strata.log.TableProperties;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/** Scans of a snapshot's data files. */
final class ScanImpl implements Scan {
  static final String PHYSICAL_NAME = "delta.columnMapping.physicalName";

  private final SnapshotImpl snapshot;
  private final StructType readSchema;
  private final List<ScanFile> files;

  private ScanImpl(SnapshotImpl snapshot, StructType readSchema, List<ScanFile> files) {
    this.snapshot = snapshot;
    this.readSchema = readSchema;
    this.files = files;
  }

  @Override
  public Snapshot snapshot() {
    return snapshot;
  }

  @Override
  public StructType readSchema() {
    return readSchema;
  }

  @Override
  public List<ScanFile> files() {
    return files;
  }

  /** The builder. */
  static final class Builder implements ScanBuilder {
    private final SnapshotImpl snapshot;
    private Predicate<Map<String, Object>> partitionFilter;
    private StatsPredicate statsFilter;
    private List<String> columns;

    Builder(SnapshotImpl snapshot) {
      this.snapshot = snapshot;
    }

    @Override
    public ScanBuilder withPartitionFilter(Predicate<Map<String, Object>> filter) {
      this.partitionFilter = filter;
      return this;
    }

    @Override
    public ScanBuilder withStatsFilter(StatsPredicate filter) {
      this.statsFilter = filter;
      return this;
    }

    @Override
    public ScanBuilder withColumns(List<String> selected) {
      this.columns = List.copyOf(selected);
      return this;
    }

    @Override
    public Scan build() {
      StructType schema = snapshot.schema();
      StructType readSchema = columns == null ? schema : schema.select(columns);
      boolean mapped =
          !"none"
              .equals(
                  snapshot
                      .configuration()
                      .getOrDefault(TableProperties.COLUMN_MAPPING_MODE, "none")
                      .toLowerCase(Locale.ROOT));
      List<StructField> partitionFields = new ArrayList<>();
      for (String column : snapshot.partitionColumns()) {
        partitionFields.add(schema.field(column));
      }
      Set<String> partitionNames = new HashSet<>();
      for (StructField f : partitionFields) {
        partitionNames.add(f.name().toLowerCase(Locale.ROOT));
      }
      List<StructField> dataFields = new ArrayList<>();
      for (StructField f : readSchema.fields()) {
        if (!partitionNames.contains(f.name().toLowerCase(Locale.ROOT))) {
          dataFields.add(f);
        }
      }
      Context context =
          new Context(
              snapshot.log().storage(),
              snapshot.tablePath(),
              snapshot.version(),
              readSchema,
              new StructType(dataFields),
              partitionNames,
              statsFilter);
      List<ScanFile> selected = new ArrayList<>();
      for (AddFile add : snapshot.allFiles()) {
        Map<String, Object> values = typedPartitionValues(add, partitionFields, mapped);
        if (partitionFilter != null && !partitionFilter.test(values)) {
          continue;
        }
        if (statsFilter != null && add.stats() != null) {
          FileStats stats = add.fileStats(schema);
          if (stats != null && !stats.mightMatch(statsFilter)) {
            continue;
          }
        }
        selected.add(new FileImpl(context, add, values));
      }
      return new ScanImpl(snapshot, readSchema, Collections.unmodifiableList(selected));
    }

    private Map<String, Object> typedPartitionValues(
        AddFile add, List<StructField> partitionFields, boolean mapped) {
      if (partitionFields.isEmpty()) {
        return Map.of();
      }
      Map<String, Object> values = new LinkedHashMap<>();
      for (StructField f : partitionFields) {
        String key = f.name();
        if (mapped && f.metadata().get(PHYSICAL_NAME) instanceof String physical) {
          key = physical;
        }
        String raw =
            add.partitionValues().containsKey(key)
                ? add.partitionValues().get(key)
                : add.partitionValues().get(f.name());
        try {
          values.put(f.name(), PartitionValues.parse(f.type(), raw));
        } catch (RuntimeException e) {
          throw new CorruptLogException(
              "Table "
                  + snapshot.tablePath()
                  + " at version "
                  + snapshot.version()
                  + ": partition value '"
                  + raw
                  + "' of column "
                  + f.name()
                  + " in file "
                  + add.path()
                  + " is not a valid "
                  + f.type().simpleString()
                  + ": "
                  + e.getMessage(),
              e);
        }
      }
      return Collections.unmodifiableMap(values);
    }
  }

  private record Context(
      Storage storage,
      String tablePath,
      long version,
      StructType readSchema,
      StructType dataSchema,
      Set<String> partitionNames,
      StatsPredicate statsFilter) {}

  private static final class FileImpl implements ScanFile {
    private final Context context;
    private final AddFile add;
    private final Map<String, Object> partitionValues;
    private final String path;

    FileImpl(Context context, AddFile add, Map<String, Object> partitionValues) {
      this.context = context;
      this.add = add;
      this.partitionValues = partitionValues;
      this.path = PathCodec.resolve(context.tablePath(), add.path());
    }

    @Override
    public AddFile add() {
      return add;
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public Map<String, Object> partitionValues() {
      return partitionValues;
    }

    @Override
    public OptionalLong numRecords() {
      return add.numLogicalRecords();
    }

    @Override
    public CloseableIterator<ColumnBatch> read() {
      Roaring64NavigableMap deleted =
          add.deletionVector() == null
              ? null
              : DeletionVectors.load(
                  context.storage(),
                  context.tablePath(),
                  context.version(),
                  add.deletionVector(),
                  path);
      // Row-group skipping would shift row indexes, which deletion vectors are keyed by.
      StatsPredicate rowGroupFilter = deleted == null ? context.statsFilter() : null;
      if (context.dataSchema().size() == 0) {
        long rows = ParquetDataReader.committedRowCount(context.storage(), path, add.size());
        long kept = deleted == null ? rows : rows - deleted.getLongCardinality();
        return new ConstantBatches(this, Math.max(0, kept));
      }
      CloseableIterator<ColumnBatch> batches =
          ParquetDataReader.openCommitted(
              context.storage(), path, add.size(), context.dataSchema(), rowGroupFilter);
      DeletionVectorFiles.RowFilter filter =
          deleted == null ? null : new DeletionVectorFiles.RowFilter(deleted);
      return new CloseableIterator<>() {
        private long rowIndex;
        private int[] keep = new int[0];

        @Override
        public boolean hasNext() {
          return batches.hasNext();
        }

        @Override
        public ColumnBatch next() {
          ColumnBatch batch = batches.next();
          long start = rowIndex;
          rowIndex += batch.numRows();
          if (filter != null) {
            if (keep.length < batch.numRows()) {
              keep = new int[batch.numRows()];
            }
            int n = filter.live(start, batch.numRows(), keep);
            if (n < batch.numRows()) {
              batch = batch.gather(keep, n);
            }
          }
          return assemble(batch, batch.numRows());
        }

        @Override
        public void close() {
          batches.close();
        }
      };
    }

    ColumnBatch assemble(ColumnBatch data, int numRows) {
      StructType schema = context.readSchema();
      ColumnVector[] vectors = new ColumnVector[schema.size()];
      int dataIndex = 0;
      for (int i = 0; i < schema.size(); i++) {
        StructField f = schema.field(i);
        if (context.partitionNames().contains(f.name().toLowerCase(Locale.ROOT))) {
          vectors[i] =
              ColumnVector.constant(f.type(), partitionValues.get(partitionKey(f)), numRows);
        } else {
          vectors[i] = data.column(dataIndex++);
        }
      }
      return new ColumnBatch(schema, vectors, numRows);
    }

    private String partitionKey(StructField f) {
      if (partitionValues.containsKey(f.name())) {
        return f.name();
      }
      for (String k : partitionValues.keySet()) {
        if (k.equalsIgnoreCase(f.name())) {
          return k;
        }
      }
      return f.name();
    }
  }

  /** Batches of partition values only, for scans that select no data column. */
  private static final class ConstantBatches implements CloseableIterator<ColumnBatch> {
    private final FileImpl file;
    private long remaining;

    ConstantBatches(FileImpl file, long rows) {
      this.file = file;
      this.remaining = rows;
    }

    @Override
    public boolean hasNext() {
      return remaining > 0;
    }

    @Override
    public ColumnBatch next() {
      if (remaining <= 0) {
        throw new NoSuchElementException();
      }
      int n = (int) Math.min(ColumnBatch.DEFAULT_ROWS, remaining);
      remaining -= n;
      return file.assemble(null, n);
    }

    @Override
    public void close() {}
  }
}
