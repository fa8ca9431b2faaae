package dev.strata.benchmarks.s3;

import dev.strata.engine.Strata;
import dev.strata.examples.OrdersGenerator;
import dev.strata.format.AtomicOutput;
import dev.strata.format.LocalStorage;
import dev.strata.format.Storage;
import dev.strata.format.StoragePaths;
import dev.strata.format.s3.S3Storage;
import dev.strata.format.s3.S3StorageConfig;
import dev.strata.format.testing.S3ProxyFixture;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.AddFile;
import dev.strata.log.DeltaLog;
import dev.strata.log.Metadata;
import dev.strata.log.Operation;
import dev.strata.log.Snapshot;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * S3 against local disk, on an in-process S3 server (S3Proxy, filesystem blob store): commit
 * latency of a one-file append (p50/p99), and streaming write and read throughput of one large file
 * (a multipart upload on S3).
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks -am test-compile} then {@code mvn -B -q -pl benchmarks
 * exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.strata.benchmarks.s3.S3Benchmark
 * -Dexec.args="--file-mb=512 --commits=300 --rows=2000000"}.
 */
public final class S3Benchmark {
  /** One measured line. */
  public record Measurement(String store, String what, double value, String unit) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%-6s %-34s %10.2f %s", store, what, value, unit);
    }
  }

  private S3Benchmark() {}

  public static void main(String[] args) throws Exception {
    int fileMb = 512;
    int commits = 300;
    int rows = 2_000_000;
    for (String arg : args) {
      if (arg.startsWith("--file-mb=")) {
        fileMb = Integer.parseInt(arg.substring("--file-mb=".length()));
      } else if (arg.startsWith("--rows=")) {
        rows = Integer.parseInt(arg.substring("--rows=".length()));
      } else if (arg.startsWith("--commits=")) {
        commits = Integer.parseInt(arg.substring("--commits=".length()));
      } else {
        throw new IllegalArgumentException("Unknown argument " + arg);
      }
    }
    for (Measurement m : run(fileMb, commits, rows)) {
      System.out.println(m);
    }
  }

  /** Runs every measurement and returns them; the server and temp files are removed after. */
  public static List<Measurement> run(int fileMb, int commits, int rows) throws Exception {
    Path work = Files.createTempDirectory("strata-s3-bench-");
    List<Measurement> out = new ArrayList<>();
    try (S3ProxyFixture server = S3ProxyFixture.startPrivate();
        S3Storage s3 = S3Storage.create(server.configBuilder().build())) {
      String bucket = server.createBucket();
      Storage local = new LocalStorage();
      String s3Root = "s3://" + bucket + "/bench";
      String localRoot = StoragePaths.normalize(work.toString());

      out.addAll(commitLatency("local", local, localRoot + "/commits", commits));
      out.addAll(commitLatency("s3", s3, s3Root + "/commits", commits));
      out.addAll(throughput("local", local, localRoot + "/big.bin", fileMb));
      out.addAll(throughput("s3", s3, s3Root + "/big.bin", fileMb));
      if (rows > 0) {
        Path input = work.resolve("input");
        OrdersGenerator.generate(input, rows, OrdersGenerator.DEFAULT_SEED);
        String csv = StoragePaths.normalize(input.resolve("orders.csv").toString());
        server.setSystemProperties();
        try (Strata strata = Strata.builder().build()) {
          out.addAll(partitionedWrite("local", strata, csv, localRoot + "/lakehouse", rows));
          out.addAll(partitionedWrite("s3", strata, csv, s3Root + "/lakehouse", rows));
        } finally {
          server.clearSystemProperties();
        }
      }
      out.add(new Measurement("s3", "part size", S3StorageConfig.DEFAULT_PART_SIZE >> 20, "MiB"));
    } finally {
      new LocalStorage().deleteDirectoryTree(StoragePaths.normalize(work.toString()));
    }
    return out;
  }

  static List<Measurement> commitLatency(String store, Storage storage, String table, int commits) {
    DeltaLog log = DeltaLog.forTable(storage, table);
    StructType schema =
        new StructType(List.of(new StructField("id", PrimitiveType.LONG, true, Map.of())));
    log.startTransaction()
        .updateMetadata(Metadata.create(schema, List.of(), Map.of()))
        .commit(List.of(), Operation.of("CREATE TABLE"));
    int warmup = Math.min(20, commits / 5);
    long[] nanos = new long[commits];
    for (int i = -warmup; i < commits; i++) {
      AddFile add =
          AddFile.of(
              "part-" + UUID.randomUUID() + ".snappy.parquet",
              Map.of(),
              1_000_000,
              System.currentTimeMillis(),
              "{\"numRecords\":1000}");
      long start = System.nanoTime();
      log.startTransaction().commit(List.of(add), Operation.of("WRITE"));
      long elapsed = System.nanoTime() - start;
      if (i >= 0) {
        nanos[i] = elapsed;
      }
    }
    Arrays.sort(nanos);
    return List.of(
        new Measurement(store, "commit one-file append p50", percentile(nanos, 50) / 1e6, "ms"),
        new Measurement(store, "commit one-file append p99", percentile(nanos, 99) / 1e6, "ms"),
        new Measurement(store, "commits measured", commits, ""));
  }

  /** The workload's bronze stage: orders.csv to a table partitioned by order_date. */
  static List<Measurement> partitionedWrite(
      String store, Strata strata, String csv, String root, int rows) {
    String table = root + "/bronze/orders";
    long start = System.nanoTime();
    strata
        .read()
        .schema(ORDERS)
        .option("header", "true")
        .csv(csv)
        .write()
        .mode("overwrite")
        .partitionBy("order_date")
        .save(table);
    double seconds = (System.nanoTime() - start) / 1e9;
    Snapshot snapshot = DeltaLog.forTable(table).latestSnapshot();
    long written = 0;
    for (AddFile add : snapshot.allFiles()) {
      written += add.numRecords().orElse(0);
    }
    if (written != rows) {
      throw new IllegalStateException("Wrote " + written + " rows of " + rows + " to " + table);
    }
    return List.of(
        new Measurement(store, "partitioned write " + rows + " rows", seconds * 1000, "ms"),
        new Measurement(store, "partitioned write rate", rows / seconds / 1e6, "M rows/s"),
        new Measurement(
            store,
            "partitioned write " + snapshot.numFiles() + " files",
            snapshot.sizeInBytes() / seconds / (1 << 20),
            "MiB/s"));
  }

  private static final StructType ORDERS =
      StructType.of(
          StructField.of("order_id", PrimitiveType.LONG),
          StructField.of("customer_id", PrimitiveType.LONG),
          StructField.of("product_id", PrimitiveType.STRING),
          StructField.of("quantity", PrimitiveType.INTEGER),
          StructField.of("price", new DecimalType(10, 2)),
          StructField.of("order_ts", PrimitiveType.TIMESTAMP),
          StructField.of("order_date", PrimitiveType.DATE),
          StructField.of("status", PrimitiveType.STRING),
          StructField.of("comment", PrimitiveType.STRING));

  static List<Measurement> throughput(String store, Storage storage, String path, int fileMb)
      throws Exception {
    byte[] block = new byte[4 << 20];
    new Random(1).nextBytes(block);
    long bytes = (long) fileMb << 20;
    long start = System.nanoTime();
    try (AtomicOutput out = storage.create(path)) {
      for (long left = bytes; left > 0; left -= block.length) {
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    }
    double writeSeconds = (System.nanoTime() - start) / 1e9;
    start = System.nanoTime();
    long read = 0;
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = storage.open(path)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        read += n;
      }
    }
    double readSeconds = (System.nanoTime() - start) / 1e9;
    if (read != bytes) {
      throw new IllegalStateException("Read " + read + " bytes of " + bytes + " from " + path);
    }
    storage.delete(path);
    double mb = bytes / (double) (1 << 20);
    return List.of(
        new Measurement(store, "write " + fileMb + " MiB file", mb / writeSeconds, "MiB/s"),
        new Measurement(store, "read " + fileMb + " MiB file", mb / readSeconds, "MiB/s"));
  }

  private static double percentile(long[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
