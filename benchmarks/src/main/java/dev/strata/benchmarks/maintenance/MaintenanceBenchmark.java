package dev.strata.benchmarks.maintenance;

import dev.strata.format.PartitionPaths;
import dev.strata.format.Storage;
import dev.strata.format.StoragePaths;
import dev.strata.format.Storages;
import dev.strata.format.parquet.DataFileInfo;
import dev.strata.format.parquet.ParquetDataWriter;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.BytesVector;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.format.vector.DoubleVector;
import dev.strata.format.vector.LongVector;
import dev.strata.log.Action;
import dev.strata.log.AddFile;
import dev.strata.log.DeltaLog;
import dev.strata.log.Metadata;
import dev.strata.log.Operation;
import dev.strata.log.Snapshot;
import dev.strata.maintenance.Optimize;
import dev.strata.maintenance.OptimizeResult;
import dev.strata.maintenance.Vacuum;
import dev.strata.maintenance.VacuumResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The maintenance workload of issue 8 on local disk: OPTIMIZE of a partitioned table of 2,000 small
 * files (2,000,000 rows), and VACUUM of a table with 10,000 removed files.
 *
 * <p>Usage: {@code MaintenanceBenchmark [workDir] [optimizeFiles] [rowsPerFile] [vacuumFiles]}
 * (defaults: a new directory under the system temp dir, 2000, 1000, 10000). Prints times and
 * files/s; the table-building time is reported separately and not part of the measurement.
 */
public final class MaintenanceBenchmark {
  static final StructType SCHEMA =
      StructType.of(
          StructField.of("order_id", PrimitiveType.LONG),
          StructField.of("customer_id", PrimitiveType.LONG),
          StructField.of("amount", PrimitiveType.DOUBLE),
          StructField.of("status", PrimitiveType.STRING),
          StructField.of("day", PrimitiveType.STRING));
  static final StructType DATA_SCHEMA = SCHEMA.without(List.of("day"));
  static final int PARTITIONS = 20;
  static final int THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

  private MaintenanceBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path work =
        args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("strata-maintenance-bench");
    int optimizeFiles = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int rowsPerFile = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int vacuumFiles = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
    System.out.printf(
        Locale.ROOT,
        "Maintenance benchmark in %s (%d cores, max heap %d MiB)%n",
        work,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    optimize(work.resolve("optimize"), optimizeFiles, rowsPerFile);
    vacuum(work.resolve("vacuum"), vacuumFiles);
  }

  static void optimize(Path dir, int files, int rowsPerFile) throws Exception {
    long t0 = System.nanoTime();
    DeltaLog log = create(dir);
    List<AddFile> adds = writeFiles(log, files, rowsPerFile);
    for (int from = 0; from < adds.size(); from += 100) {
      log.startTransaction()
          .commit(adds.subList(from, Math.min(adds.size(), from + 100)), Operation.of("WRITE"));
    }
    Snapshot before = log.latestSnapshot();
    double build = seconds(t0);
    System.out.printf(
        Locale.ROOT,
        "OPTIMIZE table: %d files, %,d rows, %.1f MiB in %d partitions (built in %.1f s)%n",
        before.numFiles(),
        (long) files * rowsPerFile,
        before.sizeInBytes() / 1048576.0,
        PARTITIONS,
        build);

    long t1 = System.nanoTime();
    double c1 = cpu();
    OptimizeResult result = Optimize.forTable(DeltaLog.forTable(log.tablePath())).execute();
    double s = seconds(t1);
    double c = cpu() - c1;
    Snapshot after = DeltaLog.forTable(log.tablePath()).latestSnapshot();
    long rows = after.allFiles().stream().mapToLong(f -> f.numRecords().orElse(0)).sum();
    System.out.printf(
        Locale.ROOT,
        "OPTIMIZE: %d files -> %d files (%d partitions) in %.2f s wall, %.2f CPU-s: %.0f files/s,"
            + " %.0f rows/s (%.0f files and %.0f rows per CPU-s); rows after %,d; version %d%n",
        result.filesRemoved(),
        result.filesAdded(),
        result.partitionsOptimized(),
        s,
        c,
        result.filesRemoved() / s,
        rows / s,
        result.filesRemoved() / c,
        rows / c,
        rows,
        result.committedVersion());

    long t2 = System.nanoTime();
    OptimizeResult again = Optimize.forTable(DeltaLog.forTable(log.tablePath())).execute();
    System.out.printf(
        Locale.ROOT,
        "OPTIMIZE again: nothing to do = %s, %.3f s%n",
        again.nothingToDo(),
        seconds(t2));
  }

  static void vacuum(Path dir, int files) throws Exception {
    long t0 = System.nanoTime();
    DeltaLog log = create(dir);
    List<AddFile> adds = writeFiles(log, files, 10);
    for (int from = 0; from < adds.size(); from += 1000) {
      log.startTransaction()
          .commit(adds.subList(from, Math.min(adds.size(), from + 1000)), Operation.of("WRITE"));
    }
    Instant now = Instant.now();
    long removedAt = now.minus(Duration.ofDays(8)).toEpochMilli();
    List<Action> removes = new ArrayList<>(adds.size());
    FileTime old = FileTime.from(now.minus(Duration.ofDays(9)));
    for (AddFile add : adds) {
      removes.add(add.toRemove(removedAt, true));
      Files.setLastModifiedTime(dir.resolve(PartitionPaths.decodeAddPath(add.path())), old);
    }
    log.startTransaction().commit(removes, Operation.of("DELETE"));
    System.out.printf(
        Locale.ROOT,
        "VACUUM table: %d removed files (removed 8 days ago) in %d partitions (built in %.1f s)%n",
        files,
        PARTITIONS,
        seconds(t0));

    long t1 = System.nanoTime();
    VacuumResult dry = Vacuum.forTable(DeltaLog.forTable(log.tablePath())).dryRun().execute();
    double d = seconds(t1);
    System.out.printf(
        Locale.ROOT,
        "VACUUM dry run: %d files listed, %d to delete, in %.2f s (%.0f files/s listed)%n",
        dry.filesConsidered(),
        dry.total().files(),
        d,
        dry.filesConsidered() / d);

    long t2 = System.nanoTime();
    double c2 = cpu();
    VacuumResult result = Vacuum.forTable(DeltaLog.forTable(log.tablePath())).execute();
    double s = seconds(t2);
    double c = cpu() - c2;
    System.out.printf(
        Locale.ROOT,
        "VACUUM: deleted %d files (%.1f MiB) in %.2f s wall, %.2f CPU-s: %.0f files/s (listing,"
            + " deleting and the two VACUUM commits)%n",
        result.filesDeleted(),
        result.total().bytes() / 1048576.0,
        s,
        c,
        result.filesDeleted() / s);
  }

  private static DeltaLog create(Path dir) throws IOException {
    Files.createDirectories(dir);
    DeltaLog log = DeltaLog.forTable(dir.toString());
    log.startTransaction()
        .updateMetadata(Metadata.create(SCHEMA, List.of("day"), Map.of()))
        .commit(List.of(), Operation.of("CREATE TABLE"));
    return log;
  }

  /** Writes {@code files} Parquet files, spread over the partitions, in parallel. */
  private static List<AddFile> writeFiles(DeltaLog log, int files, int rowsPerFile)
      throws Exception {
    Storage storage = Storages.forPath(log.tablePath());
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<AddFile>> futures = new ArrayList<>();
      for (int f = 0; f < files; f++) {
        int file = f;
        futures.add(pool.submit(() -> writeFile(storage, log.tablePath(), file, rowsPerFile)));
      }
      List<AddFile> adds = new ArrayList<>(files);
      for (Future<AddFile> future : futures) {
        adds.add(future.get());
      }
      return Collections.unmodifiableList(adds);
    } finally {
      pool.shutdown();
    }
  }

  private static AddFile writeFile(Storage storage, String table, int file, int rows) {
    String day = String.format(Locale.ROOT, "2024-01-%02d", 1 + file % PARTITIONS);
    SplittableRandom random = new SplittableRandom(file);
    ColumnVector[] columns = new ColumnVector[DATA_SCHEMA.size()];
    LongVector orderId = (LongVector) ColumnVector.allocate(PrimitiveType.LONG, rows);
    LongVector customer = (LongVector) ColumnVector.allocate(PrimitiveType.LONG, rows);
    DoubleVector amount = (DoubleVector) ColumnVector.allocate(PrimitiveType.DOUBLE, rows);
    BytesVector status = (BytesVector) ColumnVector.allocate(PrimitiveType.STRING, rows);
    String[] statuses = {"NEW", "PAID", "SHIPPED", "CANCELLED"};
    for (int i = 0; i < rows; i++) {
      orderId.append((long) file * rows + i);
      customer.append(random.nextLong(100_000));
      amount.append(Math.round(random.nextDouble(1, 500) * 100) / 100.0);
      status.append(statuses[random.nextInt(statuses.length)]);
    }
    columns[0] = orderId;
    columns[1] = customer;
    columns[2] = amount;
    columns[3] = status;
    String relative =
        "day=" + day + "/part-" + file + "-" + UUID.randomUUID() + ".c000.snappy.parquet";
    ParquetDataWriter writer =
        ParquetDataWriter.open(storage, StoragePaths.join(table, relative), DATA_SCHEMA);
    writer.write(new ColumnBatch(DATA_SCHEMA, columns, rows));
    DataFileInfo info = writer.close();
    return AddFile.of(
        PartitionPaths.encodeAddPath(relative),
        Map.of("day", day),
        info.size(),
        System.currentTimeMillis(),
        info.statsJson());
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** CPU seconds this process used so far (all threads): the cores are shared with others. */
  private static double cpu() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }
}
