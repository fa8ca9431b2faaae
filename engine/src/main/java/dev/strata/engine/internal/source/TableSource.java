package dev.strata.engine.internal.source;

import dev.strata.engine.internal.exec.Source;
import dev.strata.engine.internal.exec.TaskContextImpl;
import dev.strata.engine.internal.exec.Vectors;
import dev.strata.engine.internal.expr.Attribute;
import dev.strata.engine.internal.expr.Expr;
import dev.strata.engine.internal.expr.Kernel;
import dev.strata.engine.internal.expr.StatsFilters;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.BooleanVector;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.log.DeltaLog;
import dev.strata.log.ScanBuilder;
import dev.strata.log.ScanFile;
import dev.strata.log.Snapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A Delta table at one snapshot. Filters prune partitions and skip files by statistics; only the
 * needed columns are read; small files are packed into one task.
 */
public final class TableSource implements Source {
  private final String uri;
  private final Snapshot snapshot;
  private final int parallelism;

  private final String filePathColumn;

  public TableSource(String uri, Long versionAsOf, Long timestampAsOfMillis, int parallelism) {
    this(uri, versionAsOf, timestampAsOfMillis, parallelism, null);
  }

  /**
   * @param filePathColumn when not null, an extra string column of that name holding each row's
   *     data file path as the log records it (the {@code add.path})
   */
  public TableSource(
      String uri,
      Long versionAsOf,
      Long timestampAsOfMillis,
      int parallelism,
      String filePathColumn) {
    this.uri = uri;
    this.filePathColumn = filePathColumn;
    DeltaLog log = DeltaLog.forTable(uri);
    if (versionAsOf != null) {
      snapshot = log.snapshotAt(versionAsOf);
    } else if (timestampAsOfMillis != null) {
      snapshot = log.snapshotAsOf(timestampAsOfMillis);
    } else {
      snapshot = log.latestSnapshot();
    }
    this.parallelism = parallelism;
  }

  public Snapshot snapshot() {
    return snapshot;
  }

  @Override
  public StructType schema() {
    StructType s = snapshot.schema();
    return filePathColumn == null
        ? s
        : s.add(
            StructField.of(filePathColumn, dev.strata.format.types.PrimitiveType.STRING, false));
  }

  @Override
  public long estimatedBytes() {
    return snapshot.sizeInBytes() * 3;
  }

  @Override
  public String describe() {
    return "delta " + uri + " @v" + snapshot.version();
  }

  @Override
  public Source.Scan plan(List<String> columns, List<Expr> filters) {
    Set<String> partCols = new HashSet<>();
    for (String p : snapshot.partitionColumns()) {
      partCols.add(p.toLowerCase(Locale.ROOT));
    }
    List<Expr> partFilters = new ArrayList<>();
    List<Expr> dataFilters = new ArrayList<>();
    for (Expr f : filters) {
      List<Attribute> refs = new ArrayList<>();
      Expr.collectRefs(f, refs);
      if (!refs.isEmpty()
          && refs.stream().allMatch(a -> partCols.contains(a.name().toLowerCase(Locale.ROOT)))) {
        partFilters.add(f);
      } else {
        dataFilters.add(f);
      }
    }
    int pathIndex = filePathColumn == null ? -1 : columns.indexOf(filePathColumn);
    List<String> dataColumns = new ArrayList<>(columns);
    if (pathIndex >= 0) {
      dataColumns.remove(pathIndex);
    }
    ScanBuilder builder = snapshot.scan().withColumns(dataColumns);
    StructType outSchema = schema().select(columns);
    if (!partFilters.isEmpty()) {
      builder = builder.withPartitionFilter(partitionPredicate(partFilters));
    }
    if (!dataFilters.isEmpty()) {
      builder = builder.withStatsFilter(StatsFilters.of(dataFilters));
    }
    dev.strata.log.Scan scan = builder.build();
    List<ScanFile> files = scan.files();
    List<List<ScanFile>> groups = pack(files);
    int total = snapshot.allFiles().size();
    return new Source.Scan() {
      public int numPartitions() {
        return groups.size();
      }

      public Iterator<ColumnBatch> read(int partition, TaskContextImpl ctx) {
        List<Supplier<Iterator<ColumnBatch>>> parts = new ArrayList<>();
        for (ScanFile f : groups.get(partition)) {
          parts.add(
              () -> {
                ctx.metrics().inputBytes += f.add().size();
                Iterator<ColumnBatch> it = ParquetSource.counting(f.read(), ctx);
                if (pathIndex < 0) {
                  return it;
                }
                return Vectors.map(it, b -> withPath(b, pathIndex, f.add().path(), outSchema));
              });
        }
        return Vectors.concatIterators(parts);
      }

      public String details() {
        return "files " + files.size() + " of " + total;
      }
    };
  }

  private static ColumnBatch withPath(ColumnBatch b, int at, String path, StructType schema) {
    ColumnVector[] cols = new ColumnVector[b.numColumns() + 1];
    int k = 0;
    for (int i = 0; i < cols.length; i++) {
      cols[i] =
          i == at
              ? ColumnVector.constant(
                  dev.strata.format.types.PrimitiveType.STRING, path, b.numRows())
              : b.column(k++);
    }
    return new ColumnBatch(schema, cols, b.numRows());
  }

  private List<List<ScanFile>> pack(List<ScanFile> files) {
    long sum = 0;
    for (ScanFile f : files) {
      sum += f.add().size();
    }
    long target = Math.max(4L << 20, Math.min(128L << 20, sum / Math.max(1, parallelism * 2L) + 1));
    List<List<ScanFile>> out = new ArrayList<>();
    List<ScanFile> cur = new ArrayList<>();
    long curBytes = 0;
    for (ScanFile f : files) {
      if (!cur.isEmpty() && curBytes + f.add().size() > target) {
        out.add(cur);
        cur = new ArrayList<>();
        curBytes = 0;
      }
      cur.add(f);
      curBytes += f.add().size();
    }
    if (!cur.isEmpty()) {
      out.add(cur);
    }
    return out;
  }

  private Predicate<Map<String, Object>> partitionPredicate(List<Expr> conjuncts) {
    List<StructField> fields = new ArrayList<>();
    List<Attribute> attrs = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    for (Expr c : conjuncts) {
      List<Attribute> refs = new ArrayList<>();
      Expr.collectRefs(c, refs);
      for (Attribute a : refs) {
        if (seen.add(a.id())) {
          attrs.add(a);
          fields.add(StructField.of(a.name(), a.type()));
        }
      }
    }
    StructType schema = new StructType(fields);
    Expr cond = Expr.and(conjuncts);
    return values -> {
      ColumnVector[] cols = new ColumnVector[attrs.size()];
      for (int i = 0; i < cols.length; i++) {
        cols[i] = ColumnVector.allocate(attrs.get(i).type(), 1);
        Object v = values.get(attrs.get(i).name());
        if (v == null && !values.containsKey(attrs.get(i).name())) {
          for (Map.Entry<String, Object> e : values.entrySet()) {
            if (e.getKey().equalsIgnoreCase(attrs.get(i).name())) {
              v = e.getValue();
            }
          }
        }
        try {
          cols[i].append(v);
        } catch (RuntimeException e) {
          return true;
        }
      }
      ColumnVector r = Kernel.compile(cond, attrs).eval(new ColumnBatch(schema, cols, 1));
      return r instanceof BooleanVector b && !b.isNull(0) && b.getBoolean(0);
    };
  }
}
