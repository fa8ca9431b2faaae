package dev.strata.benchmarks.log;

import dev.strata.format.LocalStorage;
import dev.strata.format.Storage;
import dev.strata.format.StoragePaths;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.AddFile;
import dev.strata.log.CommitInfo;
import dev.strata.log.DeltaLog;
import dev.strata.log.Metadata;
import dev.strata.log.Operation;
import dev.strata.log.Protocol;
import dev.strata.log.Snapshot;
import dev.strata.log.TableProperties;
import io.delta.kernel.Scan;
import io.delta.kernel.Table;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.utils.CloseableIterator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The transaction-log benchmark: time to the latest snapshot and to the full file list, Strata vs
 * Delta Kernel 4.4.0, on (a) 10,000 commits / 100,000 live files with a checkpoint and (b) 1,000
 * commits without checkpoints; and the latency of one-file append commits on local disk.
 *
 * <p>Run: {@code mvn -q -pl benchmarks -am install -DskipTests && mvn -q -pl benchmarks exec:java
 * -Dexec.mainClass=dev.strata.benchmarks.log.LogBenchmark -Dexec.args="[workDir] [scale]"}; scale
 * (default 1.0) shrinks the tables for a quick run.
 */
public final class LogBenchmark {
  private static final StructType SCHEMA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG),
          StructField.of("value", PrimitiveType.STRING),
          StructField.of("day", PrimitiveType.STRING));

  private LogBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "target/log-bench").toAbsolutePath();
    double scale = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
    int repeats = 5;
    Files.createDirectories(work);
    int bigCommits = (int) (10_000 * scale);
    int smallCommits = (int) (1_000 * scale);
    Path big = work.resolve("big-" + bigCommits);
    Path small = work.resolve("small-" + smallCommits);
    Storage storage = new LocalStorage();
    long t0 = System.nanoTime();
    build(storage, big, bigCommits, 10, true);
    build(storage, small, smallCommits, 10, false);
    System.out.printf(Locale.ROOT, "tables ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);

    System.out.println(
        "cores="
            + Runtime.getRuntime().availableProcessors()
            + " heap="
            + Runtime.getRuntime().maxMemory() / (1 << 20)
            + "MiB");
    System.out.println(
        "table                         impl    snapshot_ms(p50)  files_ms(p50)  files");
    for (Path table : List.of(big, small)) {
      // One warm-up round of each, then the measured ones.
      measure(table, 1, false);
      measure(table, repeats, true);
    }
    commitLatency(storage, work.resolve("appends"), 300);
  }

  private static void measure(Path table, int repeats, boolean print) throws Exception {
    String path = table.toString();
    long[] strataSnap = new long[repeats];
    long[] strataFiles = new long[repeats];
    long[] kernelSnap = new long[repeats];
    long[] kernelFiles = new long[repeats];
    long strataCount = 0;
    long kernelCount = 0;
    for (int r = 0; r < repeats; r++) {
      long start = System.nanoTime();
      Snapshot s = DeltaLog.forTable(path).latestSnapshot();
      strataSnap[r] = System.nanoTime() - start;
      strataCount = s.allFiles().size();
      strataFiles[r] = System.nanoTime() - start;

      Engine engine = kernelEngine();
      start = System.nanoTime();
      Table t = Table.forPath(engine, path);
      io.delta.kernel.Snapshot ks = t.getLatestSnapshot(engine);
      kernelSnap[r] = System.nanoTime() - start;
      long n = countKernelFiles(engine, ks);
      kernelFiles[r] = System.nanoTime() - start;
      kernelCount = n;
    }
    if (strataCount != kernelCount) {
      throw new IllegalStateException(
          "Strata sees " + strataCount + " files, Kernel " + kernelCount);
    }
    if (print) {
      String name = table.getFileName().toString();
      System.out.printf(
          Locale.ROOT,
          "%-29s strata  %16.1f  %13.1f  %d%n",
          name,
          p50(strataSnap),
          p50(strataFiles),
          strataCount);
      System.out.printf(
          Locale.ROOT,
          "%-29s kernel  %16.1f  %13.1f  %d%n",
          name,
          p50(kernelSnap),
          p50(kernelFiles),
          kernelCount);
    }
  }

  private static long countKernelFiles(Engine engine, io.delta.kernel.Snapshot snapshot) {
    Scan scan = snapshot.getScanBuilder().build();
    long n = 0;
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<Row> rows = files.next().getRows()) {
          while (rows.hasNext()) {
            rows.next();
            n++;
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return n;
  }

  private static Engine kernelEngine() {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
    conf.set("fs.file.impl.disable.cache", "true");
    return DefaultEngine.create(conf);
  }

  private static double p50(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }

  /**
   * Writes the table's commits directly as JSON (the commit path would add minutes of checkpoint
   * writes that no reader looks at): version 0 creates the table, every later commit adds {@code
   * filesPerCommit} files; with {@code checkpoint}, the checkpoint of the newest multiple of 10 is
   * written through {@link DeltaLog#checkpoint}, as the commit path would have left it.
   */
  private static void build(
      Storage storage, Path dir, int commits, int filesPerCommit, boolean checkpoint) {
    Path marker = dir.resolve("_ready");
    if (Files.exists(marker)) {
      return;
    }
    String table = StoragePaths.normalize(dir.toString());
    String log = StoragePaths.join(table, "_delta_log");
    Metadata metadata =
        Metadata.create(SCHEMA, List.of("day"), Map.of(TableProperties.CHECKPOINT_INTERVAL, "10"));
    long ts = System.currentTimeMillis() - commits * 1000L;
    List<String> lines = new ArrayList<>();
    lines.add(Actions.info(ts, "CREATE TABLE"));
    lines.add(dev.strata.log.Actions.toJson(Protocol.DEFAULT));
    lines.add(dev.strata.log.Actions.toJson(metadata));
    write(storage, log, 0, lines);
    for (int v = 1; v < commits; v++) {
      lines.clear();
      lines.add(Actions.info(ts + v, "WRITE"));
      for (int i = 0; i < filesPerCommit; i++) {
        String day = "2024-01-" + String.format("%02d", 1 + (v % 28));
        String stats =
            "{\"numRecords\":1000,\"minValues\":{\"id\":"
                + (v * 1000L)
                + ",\"value\":\"a\"},\"maxValues\":{\"id\":"
                + (v * 1000L + 999)
                + ",\"value\":\"z\"},\"nullCount\":{\"id\":0,\"value\":0}}";
        AddFile add =
            AddFile.of(
                "day="
                    + day
                    + "/part-"
                    + String.format("%05d", i)
                    + "-"
                    + v
                    + "-bench.c000.snappy.parquet",
                Map.of("day", day),
                1_000_000L + i,
                ts + v,
                stats);
        lines.add(dev.strata.log.Actions.toJson(add));
      }
      write(storage, log, v, lines);
    }
    if (checkpoint) {
      DeltaLog deltaLog = DeltaLog.forTable(storage, table);
      long cp = ((commits - 1) / 10) * 10;
      deltaLog.checkpoint(deltaLog.snapshotAt(cp));
    }
    storage.write(StoragePaths.join(table, "_ready"), new byte[0]);
  }

  private static void write(Storage storage, String log, long version, List<String> lines) {
    String path = StoragePaths.join(log, String.format("%020d.json", version));
    byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    if (!storage.createIfAbsent(path, bytes)) {
      throw new IllegalStateException("exists: " + path);
    }
  }

  /** One-file appends through the real commit path (checkpoint every 10 included). */
  private static void commitLatency(Storage storage, Path dir, int appends) throws Exception {
    if (Files.exists(dir)) {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    DeltaLog log = DeltaLog.forTable(storage, dir.toString());
    Metadata metadata = Metadata.create(SCHEMA, List.of("day"), Map.of());
    log.startTransaction().updateMetadata(metadata).commit(List.of(), Operation.of("CREATE TABLE"));
    long[] all = new long[appends];
    List<Long> plain = new ArrayList<>();
    for (int i = 0; i < appends; i++) {
      AddFile add =
          AddFile.of(
              "day=2024-01-01/part-" + i + ".parquet",
              Map.of("day", "2024-01-01"),
              1000,
              1,
              "{\"numRecords\":10}");
      long start = System.nanoTime();
      var result = log.startTransaction().commit(List.of(add), Operation.of("WRITE"));
      all[i] = System.nanoTime() - start;
      if (!result.checkpointWritten()) {
        plain.add(all[i]);
      }
    }
    long[] sorted = all.clone();
    Arrays.sort(sorted);
    long[] noCp = plain.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(
        Locale.ROOT,
        "commit one-file append (%d commits, local disk): p50 %.2f ms  p99 %.2f ms  max %.2f ms;"
            + " without the commits that also wrote a checkpoint: p50 %.2f ms  p99 %.2f ms%n",
        appends,
        sorted[appends / 2] / 1e6,
        sorted[(int) (appends * 0.99)] / 1e6,
        sorted[appends - 1] / 1e6,
        noCp[noCp.length / 2] / 1e6,
        noCp[(int) (noCp.length * 0.99)] / 1e6);
  }

  /** Commit-info lines for the generated tables. */
  private static final class Actions {
    static String info(long ts, String operation) {
      return dev.strata.log.Actions.toJson(
          new CommitInfo(
              ts,
              operation,
              Map.of(),
              Map.of(),
              null,
              "WriteSerializable",
              true,
              "Strata/bench",
              null,
              null,
              null));
    }
  }
}
