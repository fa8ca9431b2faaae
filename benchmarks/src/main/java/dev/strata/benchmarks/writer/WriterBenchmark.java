package dev.strata.benchmarks.writer;

import dev.strata.engine.Dataset;
import dev.strata.engine.SaveMode;
import dev.strata.engine.Strata;
import dev.strata.engine.WriteResult;
import dev.strata.format.Row;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.writer.MergeMetrics;
import dev.strata.writer.StrataTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The writer benchmark, in one run:
 *
 * <ol>
 *   <li>5,000,000 orders written by Strata as a table partitioned by {@code order_date} (one task
 *       per core) against the same rows written by plain parquet-mr into one file on one thread,
 *       both snappy: rows/s and the ratio;
 *   <li>MERGE of 1% updates and 0.2% inserts into a 2,000,000-row table: time and files rewritten.
 * </ol>
 *
 * The input is generated in memory before the clocks start, so both writers are timed on writing
 * alone. Each side runs once on a smaller input first to warm up the JIT.
 *
 * <p>Arguments (all optional): {@code --rows N} (5,000,000), {@code --merge-rows N} (2,000,000),
 * {@code --dir PATH} (a temporary directory), {@code --parallelism N} (available cores).
 */
public final class WriterBenchmark {
  private WriterBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = 5_000_000;
    int mergeRows = 2_000_000;
    int parallelism = Runtime.getRuntime().availableProcessors();
    Path dir = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> rows = Integer.parseInt(args[++i]);
        case "--merge-rows" -> mergeRows = Integer.parseInt(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        case "--parallelism" -> parallelism = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
      }
    }
    if (dir == null) {
      dir = Files.createTempDirectory("strata-writer-bench");
    }
    Files.createDirectories(dir);
    System.out.printf(
        "Writer benchmark: %,d rows, merge into %,d rows, %d cores, dir %s%n",
        rows, mergeRows, parallelism, dir);
    try (Strata strata = Strata.builder().parallelism(parallelism).build()) {
      // Warm-up on 10% of the rows, not reported.
      OrdersData warm = new OrdersData(Math.max(10_000, rows / 10), 1);
      RawParquetWriter.write(warm, dir.resolve("warm.parquet"), CompressionCodecName.SNAPPY);
      strataWrite(strata, warm, dir.resolve("warm-table"), parallelism);

      OrdersData data = new OrdersData(rows, 42);
      System.gc();
      long cpu0 = processCpuNanos();
      long t0 = System.nanoTime();
      long rawBytes =
          RawParquetWriter.write(data, dir.resolve("raw.parquet"), CompressionCodecName.SNAPPY);
      double rawSeconds = (System.nanoTime() - t0) / 1e9;
      double rawCpu = (processCpuNanos() - cpu0) / 1e9;

      System.gc();
      cpu0 = processCpuNanos();
      Timed strataRun = strataWrite(strata, data, dir.resolve("orders"), parallelism);
      double strataCpu = (processCpuNanos() - cpu0) / 1e9;

      double rawRate = rows / rawSeconds;
      double strataRate = rows / strataRun.seconds;
      System.out.printf(
          "raw parquet-mr, 1 file, 1 thread, snappy : %6.2f s  %,10.0f rows/s  %,d bytes%n",
          rawSeconds, rawRate, rawBytes);
      System.out.printf(
          "Strata, partitioned by order_date        : %6.2f s  %,10.0f rows/s  %,d bytes in %d"
              + " files (version %d)%n",
          strataRun.seconds,
          strataRate,
          strataRun.result.bytesAdded(),
          strataRun.result.filesAdded(),
          strataRun.result.version());
      System.out.printf(
          "ratio Strata / raw (wall clock)          : %6.2fx (goal >= 1.5x)%n",
          strataRate / rawRate);
      System.out.printf(
          "CPU: raw %.2f s (%,.0f rows per CPU-s), Strata %.2f s (%,.0f rows per CPU-s);"
              + " load average %.1f on %d cores%n",
          rawCpu,
          rows / rawCpu,
          strataCpu,
          rows / strataCpu,
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
          Runtime.getRuntime().availableProcessors());
      data = null;

      merge(strata, dir, mergeRows, parallelism);
    }
    deleteTree(dir);
  }

  private record Timed(double seconds, WriteResult result) {}

  /** CPU time of the whole process (all threads, GC included). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static Timed strataWrite(Strata strata, OrdersData data, Path table, int parallelism) {
    Dataset ds = dataset(strata, data, parallelism);
    long t0 = System.nanoTime();
    WriteResult result =
        ds.write().mode(SaveMode.OVERWRITE).partitionBy("order_date").save(table.toString());
    return new Timed((System.nanoTime() - t0) / 1e9, result);
  }

  /** One in-memory partition per core, contiguous slices of the rows. */
  private static Dataset dataset(Strata strata, OrdersData data, int parallelism) {
    List<ColumnBatch> parts = new ArrayList<>();
    for (int p = 0; p < parallelism; p++) {
      int from = (int) ((long) data.rows * p / parallelism);
      int to = (int) ((long) data.rows * (p + 1) / parallelism);
      parts.add(data.batch(from, to));
    }
    return strata.createDataset(OrdersData.SCHEMA, parts);
  }

  private static void merge(Strata strata, Path dir, int rows, int parallelism) {
    OrdersData base = new OrdersData(rows, 7);
    String table = dir.resolve("merge-target").toString();
    dataset(strata, base, parallelism)
        .write()
        .mode(SaveMode.OVERWRITE)
        .partitionBy("order_date")
        .save(table);
    int files = (int) StrataTable.forPath(strata, table).history(1).size();
    SplittableRandom rng = new SplittableRandom(99);
    int updates = rows / 100;
    int inserts = rows / 500;
    Set<Integer> picked = new HashSet<>();
    List<Row> source = new ArrayList<>(updates + inserts);
    while (picked.size() < updates) {
      int i = rng.nextInt(rows);
      if (picked.add(i)) {
        source.add(
            Row.of(
                base.orderId[i],
                base.customerId[i],
                base.productId[i],
                base.quantity[i] + 1,
                java.math.BigDecimal.valueOf(base.priceCents[i], 2),
                dev.strata.format.vector.LongVector.toInstant(base.tsMicros[i] + 1_000_000),
                java.time.LocalDate.ofEpochDay(base.day[i]),
                "SHIPPED",
                base.comment[i]));
      }
    }
    for (int j = 0; j < inserts; j++) {
      long id = rows + 1L + j;
      int day = OrdersData.FIRST_DAY + rng.nextInt(OrdersData.DAYS);
      source.add(
          Row.of(
              id,
              1L + rng.nextInt(200_000),
              "P00001",
              1,
              java.math.BigDecimal.valueOf(999, 2),
              dev.strata.format.vector.LongVector.toInstant((day * 86_400L + 60) * 1_000_000L),
              java.time.LocalDate.ofEpochDay(day),
              "NEW",
              "late order"));
    }
    Dataset updatesDs = strata.createDataset(source, OrdersData.SCHEMA);
    long filesBefore = countFiles(table);
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    MergeMetrics m =
        StrataTable.forPath(strata, table)
            .as("t")
            .merge(updatesDs.as("s"), "t.order_id = s.order_id")
            .whenMatched()
            .updateAll()
            .whenNotMatched()
            .insertAll()
            .execute();
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpu = (processCpuNanos() - cpu0) / 1e9;
    System.out.printf(
        "MERGE %,d updates + %,d inserts into %,d rows: %6.2f s (%.2f CPU-s); target files %d,"
            + " scanned %d,"
            + " rewritten %d, added %d; rows updated %,d, inserted %,d, copied %,d%n",
        updates,
        inserts,
        rows,
        seconds,
        cpu,
        filesBefore,
        m.targetFilesScanned(),
        m.filesRemoved(),
        m.filesAdded(),
        m.rowsUpdated(),
        m.rowsInserted(),
        m.rowsCopied());
    if (files < 0) {
      throw new IllegalStateException();
    }
  }

  private static long countFiles(String table) {
    return dev.strata.log.DeltaLog.forTable(table).latestSnapshot().numFiles();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
