package dev.strata.maintenance;

import dev.strata.format.CloseableIterator;
import dev.strata.format.Storage;
import dev.strata.format.StrataException;
import dev.strata.format.parquet.DataFileInfo;
import dev.strata.format.parquet.ParquetDataReader;
import dev.strata.format.parquet.ParquetDataWriter;
import dev.strata.format.parquet.ParquetWriteOptions;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.log.Action;
import dev.strata.log.AddFile;
import dev.strata.log.CommitResult;
import dev.strata.log.CommitStateUnknownException;
import dev.strata.log.ConcurrentModificationException;
import dev.strata.log.DeletionVectorFiles;
import dev.strata.log.DeltaLog;
import dev.strata.log.Operation;
import dev.strata.log.OptimisticTransaction;
import dev.strata.log.Snapshot;
import dev.strata.log.TableProperties;
import dev.strata.maintenance.internal.BinPlanner;
import dev.strata.maintenance.internal.BinPlanner.Bin;
import dev.strata.maintenance.internal.TablePaths;
import dev.strata.maintenance.internal.Workers;
import dev.strata.maintenance.internal.ZOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * OPTIMIZE: compacts small files per partition (bin-packing), or rewrites partitions sorted along a
 * Z-order curve over some columns so that min/max statistics skip files on each of them.
 *
 * <p>The commit only rearranges data ({@code dataChange=false} on every add and remove), so
 * concurrent appends never conflict with it. It conflicts only when a file it rewrote was removed
 * meanwhile (a concurrent DELETE, MERGE or OPTIMIZE); then it plans again on the new snapshot,
 * reusing the files already written for bins that are still valid. A run with nothing to do commits
 * nothing.
 *
 * <pre>{@code
 * OptimizeResult result =
 *     Optimize.forTable(DeltaLog.forTable("/data/orders")).zOrderBy(List.of("a", "b")).execute();
 * }</pre>
 */
public final class Optimize {
  /** Default target size of the files OPTIMIZE writes: 128 MiB. */
  public static final long DEFAULT_TARGET_FILE_SIZE = 128L * 1024 * 1024;

  /** Table property overriding the target file size (bytes). */
  public static final String TARGET_FILE_SIZE_PROPERTY = "delta.targetFileSize";

  /** Default minimum number of files in a bin worth rewriting. */
  public static final int DEFAULT_MIN_INPUT_FILES = 2;

  /** Default cap on the input bytes Z-ordered together in memory. */
  public static final long DEFAULT_MAX_ZORDER_BIN_BYTES = 512L * 1024 * 1024;

  /** Default share of deleted rows above which a large file with a deletion vector is rewritten. */
  public static final double DEFAULT_MAX_DELETED_ROWS_RATIO = 0.05;

  private static final int MAX_ATTEMPTS = 5;

  private final DeltaLog log;
  private Long targetFileSize;
  private int minInputFiles = DEFAULT_MIN_INPUT_FILES;
  private List<String> zOrderBy = List.of();
  private long maxZOrderBinBytes = DEFAULT_MAX_ZORDER_BIN_BYTES;
  private int maxConcurrentTasks = Math.max(1, Runtime.getRuntime().availableProcessors());
  private boolean dryRun;
  private boolean purgeDeletionVectors;
  private double maxDeletedRowsRatio = DEFAULT_MAX_DELETED_ROWS_RATIO;
  private Predicate<Map<String, String>> partitionFilter;
  private String predicateText;
  private ProgressListener progress = ProgressListener.NONE;

  private Optimize(DeltaLog log) {
    this.log = log;
  }

  /** An OPTIMIZE of the table behind {@code log}. */
  public static Optimize forTable(DeltaLog log) {
    return new Optimize(log);
  }

  /** The table's target file size: {@code delta.targetFileSize}, else 128 MiB. */
  public static long targetFileSize(Map<String, String> configuration) {
    String value = configuration.get(TARGET_FILE_SIZE_PROPERTY);
    if (value != null) {
      try {
        long parsed = Long.parseLong(value.trim());
        if (parsed > 0) {
          return parsed;
        }
      } catch (NumberFormatException e) {
        // Fall through to the default, as Delta ignores unparsable values.
      }
    }
    return DEFAULT_TARGET_FILE_SIZE;
  }

  /**
   * Only partitions whose values (as strings in the log, keyed by partition column) match.
   *
   * @param description the predicate as the user wrote it, recorded in the commit
   */
  public Optimize where(Predicate<Map<String, String>> filter, String description) {
    this.partitionFilter = filter;
    this.predicateText = description;
    return this;
  }

  /** The size of the files to write (default: the table's, else 128 MiB). */
  public Optimize targetFileSize(long bytes) {
    if (bytes <= 0) {
      throw new StrataException("The target file size must be positive, got " + bytes);
    }
    this.targetFileSize = bytes;
    return this;
  }

  /** A bin needs at least this many files to be rewritten (default 2). */
  public Optimize minInputFiles(int files) {
    this.minInputFiles = Math.max(1, files);
    return this;
  }

  /** Z-orders by these (non-partition) columns instead of bin-packing. */
  public Optimize zOrderBy(List<String> columns) {
    this.zOrderBy = columns == null ? List.of() : List.copyOf(columns);
    return this;
  }

  /** At most this many input bytes are Z-ordered together (they are sorted in memory). */
  public Optimize maxZOrderBinBytes(long bytes) {
    this.maxZOrderBinBytes = Math.max(1, bytes);
    return this;
  }

  /** Bins rewritten in parallel. */
  public Optimize maxConcurrentTasks(int tasks) {
    this.maxConcurrentTasks = Math.max(1, tasks);
    return this;
  }

  /**
   * Rewrites every file that has a deletion vector, whatever its size, so that no deleted row is
   * left in the data files (Delta's {@code REORG TABLE ... APPLY (PURGE)}).
   */
  public Optimize purgeDeletionVectors() {
    this.purgeDeletionVectors = true;
    return this;
  }

  /**
   * Files at or above the target size are rewritten when more than this share of their rows is
   * deleted by their deletion vector (default {@value #DEFAULT_MAX_DELETED_ROWS_RATIO}, as Delta's
   * {@code optimize.maxDeletedRowsRatio}); smaller files are compacted anyway.
   */
  public Optimize maxDeletedRowsRatio(double ratio) {
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new StrataException("maxDeletedRowsRatio must be between 0 and 1, got " + ratio);
    }
    this.maxDeletedRowsRatio = ratio;
    return this;
  }

  /** Plans without writing or committing anything. */
  public Optimize dryRun() {
    this.dryRun = true;
    return this;
  }

  /** Progress of the rewrite, in input files. */
  public Optimize progress(ProgressListener listener) {
    this.progress = listener == null ? ProgressListener.NONE : listener;
    return this;
  }

  /** Runs the OPTIMIZE. */
  public OptimizeResult execute() {
    Snapshot snapshot = log.latestSnapshot();
    validate(snapshot);
    long target =
        targetFileSize != null ? targetFileSize : targetFileSize(snapshot.configuration());
    String zTag = String.join(",", zOrderBy);
    List<AddFile> before = inScope(snapshot);
    FileSizeStats beforeStats = sizes(before);

    // Files already written, by the exact set of input paths they replace.
    Map<Set<String>, List<AddFile>> written = new HashMap<>();
    Set<AddFile> committedOutputs = new HashSet<>();
    Storage storage = log.storage();
    int attempt = 0;
    try {
      while (true) {
        attempt++;
        List<AddFile> files = attempt == 1 ? before : inScope(snapshot);
        List<Bin> bins =
            zOrderBy.isEmpty()
                ? BinPlanner.binPack(
                    files, target, minInputFiles, purgeDeletionVectors, maxDeletedRowsRatio)
                : BinPlanner.zOrder(files, zTag, maxZOrderBinBytes);
        long inputFiles = bins.stream().mapToLong(b -> b.files().size()).sum();
        long inputBytes = bins.stream().mapToLong(Bin::bytes).sum();
        long partitions = bins.stream().map(Bin::partitionValues).distinct().count();
        if (bins.isEmpty() || dryRun) {
          long estimatedOutputs = 0;
          for (Bin bin : bins) {
            estimatedOutputs += Math.max(1, (bin.bytes() + target - 1) / target);
          }
          return new OptimizeResult(
              log.tablePath(),
              dryRun,
              snapshot.version(),
              null,
              zOrderBy,
              partitions,
              bins.size(),
              files.size(),
              inputFiles,
              inputBytes,
              estimatedOutputs,
              0,
              beforeStats,
              dryRun ? null : beforeStats,
              attempt);
        }

        List<List<AddFile>> outputs = rewrite(bins, snapshot, target, zTag, written);
        List<Action> actions = new ArrayList<>();
        long now = System.currentTimeMillis();
        List<AddFile> inputs = new ArrayList<>();
        List<AddFile> added = new ArrayList<>();
        for (int i = 0; i < bins.size(); i++) {
          for (AddFile in : bins.get(i).files()) {
            inputs.add(in);
            actions.add(in.toRemove(now, false));
          }
          for (AddFile out : outputs.get(i)) {
            added.add(out);
            actions.add(out);
          }
        }
        long addedBytes = added.stream().mapToLong(AddFile::size).sum();
        FileSizeStats addedStats = sizes(added);
        OptimisticTransaction txn = log.startTransaction(snapshot).recordReadFiles(inputs);
        Operation operation =
            new Operation(
                "OPTIMIZE",
                parameters(),
                metrics(bins, partitions, inputFiles, inputBytes, added, addedBytes, addedStats),
                null);
        try {
          CommitResult result = txn.commit(actions, operation);
          committedOutputs.addAll(added);
          Snapshot after = log.snapshotAt(result.version());
          return new OptimizeResult(
              log.tablePath(),
              false,
              snapshot.version(),
              result.version(),
              zOrderBy,
              partitions,
              bins.size(),
              files.size(),
              inputFiles,
              inputBytes,
              added.size(),
              addedBytes,
              beforeStats,
              sizes(inScope(after)),
              attempt);
        } catch (ConcurrentModificationException conflict) {
          if (attempt >= MAX_ATTEMPTS) {
            throw conflict;
          }
          snapshot = log.latestSnapshot();
          validate(snapshot);
        }
      }
    } catch (CommitStateUnknownException unknown) {
      // The commit may have happened: the written files may be live now. Leave them.
      written.clear();
      throw unknown;
    } finally {
      List<String> orphans = new ArrayList<>();
      for (List<AddFile> files : written.values()) {
        for (AddFile file : files) {
          if (!committedOutputs.contains(file)) {
            orphans.add(TablePaths.absolute(log.tablePath(), file.path()));
          }
        }
      }
      if (!orphans.isEmpty()) {
        try {
          storage.deleteAll(orphans);
        } catch (RuntimeException e) {
          // Never-committed files: VACUUM deletes them after the retention.
        }
      }
    }
  }

  private void validate(Snapshot snapshot) {
    List<String> partitionColumns = snapshot.partitionColumns();
    StructType schema = snapshot.schema();
    for (String column : zOrderBy) {
      if (partitionColumns.stream().anyMatch(p -> p.equalsIgnoreCase(column))) {
        throw new StrataException(
            "Cannot Z-order "
                + log.tablePath()
                + " by partition column '"
                + column
                + "': files of one partition share its value; choose data columns");
      }
      if (schema.indexOf(column) < 0) {
        throw new StrataException(
            "Cannot Z-order "
                + log.tablePath()
                + " by '"
                + column
                + "': no such column; the columns are "
                + schema.fieldNames());
      }
    }
    String mode = snapshot.configuration().get(TableProperties.COLUMN_MAPPING_MODE);
    if (mode != null && !mode.equalsIgnoreCase("none")) {
      throw new StrataException(
          "Cannot OPTIMIZE "
              + log.tablePath()
              + ": tables with column mapping ('"
              + mode
              + "') are read-only for Strata");
    }
  }

  private List<AddFile> inScope(Snapshot snapshot) {
    if (partitionFilter == null) {
      return snapshot.allFiles();
    }
    List<AddFile> selected = new ArrayList<>();
    for (AddFile file : snapshot.allFiles()) {
      if (partitionFilter.test(file.partitionValues())) {
        selected.add(file);
      }
    }
    return selected;
  }

  private static FileSizeStats sizes(List<AddFile> files) {
    long[] sizes = new long[files.size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = files.get(i).size();
    }
    return FileSizeStats.of(sizes);
  }

  private Map<String, Object> parameters() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("predicate", predicateText == null ? "[]" : "[\"" + predicateText + "\"]");
    parameters.put("zOrderBy", zOrderBy.isEmpty() ? "[]" : jsonArray(zOrderBy));
    return parameters;
  }

  private static String jsonArray(List<String> values) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        s.append(',');
      }
      s.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return s.append(']').toString();
  }

  private static Map<String, String> metrics(
      List<Bin> bins,
      long partitions,
      long inputFiles,
      long inputBytes,
      List<AddFile> added,
      long addedBytes,
      FileSizeStats addedStats) {
    Map<String, String> metrics = new LinkedHashMap<>();
    metrics.put("numRemovedFiles", Long.toString(inputFiles));
    metrics.put("numRemovedBytes", Long.toString(inputBytes));
    metrics.put("numAddedFiles", Long.toString(added.size()));
    metrics.put("numAddedBytes", Long.toString(addedBytes));
    metrics.put("minFileSize", Long.toString(addedStats.min()));
    metrics.put("p25FileSize", Long.toString(addedStats.p25()));
    metrics.put("p50FileSize", Long.toString(addedStats.p50()));
    metrics.put("p75FileSize", Long.toString(addedStats.p75()));
    metrics.put("maxFileSize", Long.toString(addedStats.max()));
    metrics.put("numBatches", Integer.toString(bins.size()));
    metrics.put("numPartitionsOptimized", Long.toString(partitions));
    return metrics;
  }

  /** Rewrites every bin (reusing earlier outputs for identical bins) in parallel. */
  private List<List<AddFile>> rewrite(
      List<Bin> bins,
      Snapshot snapshot,
      long target,
      String zTag,
      Map<Set<String>, List<AddFile>> written) {
    StructType dataSchema = snapshot.schema().without(snapshot.partitionColumns());
    ParquetWriteOptions options = writeOptions(snapshot.configuration());
    long totalFiles = bins.stream().mapToLong(b -> b.files().size()).sum();
    progress.start(zOrderBy.isEmpty() ? "Compacting" : "Z-ordering", totalFiles, "files");
    List<Callable<List<AddFile>>> tasks = new ArrayList<>();
    List<Set<String>> keys = new ArrayList<>();
    for (int i = 0; i < bins.size(); i++) {
      Bin bin = bins.get(i);
      Set<String> key = new HashSet<>();
      for (AddFile f : bin.files()) {
        // With the vector: a file whose vector changed since must be read again.
        key.add(
            f.deletionVector() == null ? f.path() : f.path() + "#" + f.deletionVector().uniqueId());
      }
      keys.add(key);
      List<AddFile> previous;
      synchronized (written) {
        previous = written.get(key);
      }
      if (previous != null) {
        tasks.add(
            () -> {
              progress.advance(bin.files().size());
              return previous;
            });
        continue;
      }
      int binIndex = i;
      tasks.add(
          () -> {
            List<AddFile> out =
                new BinRewriter(snapshot, dataSchema, options, target, zTag)
                    .rewrite(bin, binIndex, written, key);
            return out;
          });
    }
    try {
      return Workers.runAll(tasks, maxConcurrentTasks);
    } finally {
      progress.finish();
    }
  }

  private static ParquetWriteOptions writeOptions(Map<String, String> configuration) {
    ParquetWriteOptions.Builder builder = ParquetWriteOptions.builder();
    String codec = configuration.get("delta.parquet.compression.codec");
    if (codec != null) {
      builder.codec(ParquetWriteOptions.Codec.fromName(codec));
    }
    String indexed = configuration.get("delta.dataSkippingNumIndexedCols");
    if (indexed != null) {
      try {
        builder.numIndexedCols(Integer.parseInt(indexed.trim()));
      } catch (NumberFormatException e) {
        // Ignored as Delta ignores it.
      }
    }
    return builder.build();
  }

  /** Reads one bin's files and writes them back as fewer, larger (or sorted) files. */
  private final class BinRewriter {
    private final Snapshot snapshot;
    private final StructType dataSchema;
    private final ParquetWriteOptions options;
    private final long target;
    private final String zTag;

    BinRewriter(
        Snapshot snapshot,
        StructType dataSchema,
        ParquetWriteOptions options,
        long target,
        String zTag) {
      this.snapshot = snapshot;
      this.dataSchema = dataSchema;
      this.options = options;
      this.target = target;
      this.zTag = zTag;
    }

    List<AddFile> rewrite(
        Bin bin, int binIndex, Map<Set<String>, List<AddFile>> written, Set<String> key) {
      List<AddFile> outputs = new ArrayList<>();
      // Registered before writing so that a failure half-way still cleans up what was written.
      synchronized (written) {
        written.put(key, outputs);
      }
      OutputFiles files = new OutputFiles(bin, binIndex, outputs);
      if (zOrderBy.isEmpty()) {
        try {
          for (AddFile input : bin.files()) {
            try (CloseableIterator<ColumnBatch> batches = read(input)) {
              while (batches.hasNext()) {
                files.write(batches.next());
              }
            }
            progress.advance(1);
          }
          files.finish();
        } catch (RuntimeException e) {
          files.abort();
          throw e;
        }
        return outputs;
      }
      ColumnBatch all = readAll(bin);
      int[] order = ZOrder.order(all, zOrderIndexes());
      ColumnBatch sorted = all.gather(order, order.length);
      long outputFiles = Math.max(1, (bin.bytes() + target - 1) / target);
      int rowsPerFile = (int) Math.max(1, (sorted.numRows() + outputFiles - 1) / outputFiles);
      try {
        for (int from = 0; from < sorted.numRows(); from += rowsPerFile) {
          int count = Math.min(rowsPerFile, sorted.numRows() - from);
          for (int off = 0; off < count; off += ColumnBatch.DEFAULT_ROWS) {
            files.write(sorted.slice(from + off, Math.min(ColumnBatch.DEFAULT_ROWS, count - off)));
          }
          files.finish();
        }
      } catch (RuntimeException e) {
        files.abort();
        throw e;
      }
      return outputs;
    }

    private int[] zOrderIndexes() {
      int[] indexes = new int[zOrderBy.size()];
      for (int i = 0; i < indexes.length; i++) {
        indexes[i] = dataSchema.indexOf(zOrderBy.get(i));
      }
      return indexes;
    }

    private ColumnBatch readAll(Bin bin) {
      List<ColumnBatch> batches = new ArrayList<>();
      long rows = 0;
      for (AddFile input : bin.files()) {
        try (CloseableIterator<ColumnBatch> it = read(input)) {
          while (it.hasNext()) {
            ColumnBatch batch = it.next();
            batches.add(batch);
            rows += batch.numRows();
          }
        }
        progress.advance(1);
      }
      if (rows > Integer.MAX_VALUE - 16) {
        throw new StrataException(
            "Z-order bin of "
                + log.tablePath()
                + " has too many rows ("
                + rows
                + "); lower maxZOrderBinBytes");
      }
      ColumnVector[] columns = new ColumnVector[dataSchema.size()];
      for (int c = 0; c < columns.length; c++) {
        columns[c] = ColumnVector.allocate(dataSchema.field(c).type(), (int) rows);
        for (ColumnBatch batch : batches) {
          columns[c].appendRange(batch.column(c), 0, batch.numRows());
        }
      }
      return new ColumnBatch(dataSchema, columns, (int) rows);
    }

    /** The live rows of a file: those its deletion vector deletes are purged here. */
    private CloseableIterator<ColumnBatch> read(AddFile input) {
      Roaring64NavigableMap deleted =
          DeletionVectorFiles.read(log.storage(), log.tablePath(), snapshot.version(), input);
      CloseableIterator<ColumnBatch> raw =
          ParquetDataReader.openCommitted(
              log.storage(),
              TablePaths.absolute(log.tablePath(), input.path()),
              input.size(),
              dataSchema,
              null);
      if (deleted.isEmpty()) {
        return raw;
      }
      DeletionVectorFiles.RowFilter filter = new DeletionVectorFiles.RowFilter(deleted);
      return new CloseableIterator<>() {
        private long rowIndex;

        @Override
        public boolean hasNext() {
          return raw.hasNext();
        }

        @Override
        public ColumnBatch next() {
          ColumnBatch batch = raw.next();
          int[] keep = new int[batch.numRows()];
          int live = filter.live(rowIndex, batch.numRows(), keep);
          rowIndex += batch.numRows();
          return live == batch.numRows() ? batch : batch.gather(keep, live);
        }

        @Override
        public void close() {
          raw.close();
        }
      };
    }

    /** The output files of one bin: names, the open writer, the finished add actions. */
    private final class OutputFiles {
      private final Bin bin;
      private final int binIndex;
      private final List<AddFile> outputs;
      private final String directory;
      private ParquetDataWriter writer;
      private String logPath;

      OutputFiles(Bin bin, int binIndex, List<AddFile> outputs) {
        this.bin = bin;
        this.binIndex = binIndex;
        this.outputs = outputs;
        // New files go next to the ones they replace: same partition directory, same escaping.
        String first = bin.files().get(0).path();
        int slash = first.lastIndexOf('/');
        this.directory = slash < 0 ? "" : first.substring(0, slash + 1);
      }

      void write(ColumnBatch batch) {
        if (batch.numRows() == 0) {
          return;
        }
        if (writer == null) {
          String suffix = options.codec().fileSuffix();
          String name =
              String.format(
                  Locale.ROOT,
                  "part-%05d-%s.c000%s.parquet",
                  binIndex,
                  UUID.randomUUID(),
                  suffix.isEmpty() ? "" : "." + suffix);
          logPath = directory + name;
          writer =
              ParquetDataWriter.open(
                  log.storage(),
                  TablePaths.absolute(log.tablePath(), logPath),
                  dataSchema,
                  options);
        }
        writer.write(batch.withSchema(dataSchema));
        if (zOrderBy.isEmpty() && writer.estimatedBytes() >= target) {
          finish();
        }
      }

      void finish() {
        if (writer == null) {
          return;
        }
        DataFileInfo info = writer.close();
        writer = null;
        Map<String, String> tags = zOrderBy.isEmpty() ? null : Map.of(BinPlanner.ZORDER_TAG, zTag);
        outputs.add(
            new AddFile(
                logPath,
                bin.partitionValues(),
                info.size(),
                System.currentTimeMillis(),
                false,
                info.statsJson(),
                tags,
                null,
                null,
                null));
      }

      void abort() {
        if (writer != null) {
          writer.abort();
          writer = null;
        }
      }
    }
  }
}
