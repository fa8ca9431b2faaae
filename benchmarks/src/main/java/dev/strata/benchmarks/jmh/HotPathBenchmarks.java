package dev.strata.benchmarks.jmh;

import static dev.strata.engine.functions.col;
import static dev.strata.engine.functions.count;
import static dev.strata.engine.functions.lit;
import static dev.strata.engine.functions.sum;

import dev.strata.engine.Dataset;
import dev.strata.engine.Strata;
import dev.strata.format.CloseableIterator;
import dev.strata.format.LocalStorage;
import dev.strata.format.Row;
import dev.strata.format.StoragePaths;
import dev.strata.format.parquet.ParquetDataReader;
import dev.strata.format.parquet.ParquetDataWriter;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.log.Action;
import dev.strata.log.AddFile;
import dev.strata.log.DeltaLog;
import dev.strata.log.Metadata;
import dev.strata.log.Operation;
import dev.strata.log.Protocol;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH micro-benchmarks of the hot paths: Parquet write and read of one batch of orders, hash
 * aggregation, hash join probe, and log replay of 10,000 actions. Run with {@code java -cp
 * benchmarks/target/strata-bench.jar org.openjdk.jmh.Main HotPath}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPathBenchmarks {
  static final int ROWS = 100_000;
  static final StructType ORDERS =
      StructType.of(
          StructField.of("order_id", PrimitiveType.LONG),
          StructField.of("customer_id", PrimitiveType.LONG),
          StructField.of("product_id", PrimitiveType.STRING),
          StructField.of("quantity", PrimitiveType.INTEGER),
          StructField.of("price", new DecimalType(10, 2)),
          StructField.of("order_ts", PrimitiveType.TIMESTAMP),
          StructField.of("order_date", PrimitiveType.DATE),
          StructField.of("status", PrimitiveType.STRING));

  private final LocalStorage storage = new LocalStorage();
  private Path dir;
  private ColumnBatch batch;
  private String parquetFile;
  private Strata strata;
  private Dataset orders;
  private Dataset products;
  private String logTable;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("strata-jmh");
    List<Row> rows = new ArrayList<>(ROWS);
    String[] statuses = {"NEW", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"};
    for (int i = 0; i < ROWS; i++) {
      rows.add(
          Row.of(
              1_000_000L + i,
              (long) (i * 7919 % 20_000),
              "P" + (i * 31 % 1000),
              1 + i % 9,
              BigDecimal.valueOf(100 + i % 9_900, 2),
              Instant.ofEpochSecond(1_704_067_200L + i * 13L),
              LocalDate.of(2024, 1, 1 + i % 30),
              statuses[i % statuses.length]));
    }
    batch = ColumnBatch.fromRows(ORDERS, rows);
    parquetFile = StoragePaths.normalize(dir.resolve("read.parquet").toString());
    ParquetDataWriter writer = ParquetDataWriter.open(storage, parquetFile, ORDERS);
    writer.write(batch);
    writer.close();

    strata = Strata.builder().parallelism(2).build();
    orders = strata.createDataset(rows, ORDERS);
    List<Row> productRows = new ArrayList<>();
    for (int p = 0; p < 1000; p++) {
      productRows.add(Row.of("P" + p, "cat_" + (p % 20)));
    }
    products =
        strata.createDataset(
            productRows,
            StructType.of(
                StructField.of("product_id", PrimitiveType.STRING),
                StructField.of("category", PrimitiveType.STRING)));

    logTable = StoragePaths.normalize(dir.resolve("log-table").toString());
    DeltaLog log = DeltaLog.forTable(logTable);
    StructType schema = StructType.of(StructField.of("id", PrimitiveType.LONG));
    log.startTransaction()
        .updateProtocol(Protocol.DEFAULT)
        .updateMetadata(
            Metadata.create(schema, List.of(), Map.of("delta.checkpointInterval", "1000000")))
        .commit(List.of(), Operation.of("CREATE TABLE"));
    // 100 commits of 100 adds: 10,000 actions to replay, no checkpoint
    for (int c = 0; c < 100; c++) {
      List<Action> adds = new ArrayList<>();
      for (int f = 0; f < 100; f++) {
        adds.add(
            new AddFile(
                "part-" + c + "-" + f + ".parquet",
                Map.of(),
                1024,
                1_700_000_000_000L,
                true,
                "{\"numRecords\":10,\"minValues\":{\"id\":0},\"maxValues\":{\"id\":9},\"nullCount\":{\"id\":0}}",
                null,
                null,
                null,
                null));
      }
      DeltaLog.forTable(logTable).startTransaction().commit(adds, Operation.of("WRITE"));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    strata.close();
    storage.deleteDirectoryTree(StoragePaths.normalize(dir.toString()));
  }

  /** Parquet write of one 100,000-row batch (snappy, stats). */
  @Benchmark
  public Object parquetWriteBatch() {
    String path =
        StoragePaths.normalize(dir.resolve("w-" + System.nanoTime() + ".parquet").toString());
    ParquetDataWriter writer = ParquetDataWriter.open(storage, path, ORDERS);
    writer.write(batch);
    Object info = writer.close();
    storage.delete(path);
    return info;
  }

  /** Vectorized Parquet read of the same 100,000 rows. */
  @Benchmark
  public void parquetReadBatch(Blackhole hole) {
    try (CloseableIterator<ColumnBatch> it =
        ParquetDataReader.open(storage, parquetFile, ORDERS, null)) {
      while (it.hasNext()) {
        hole.consume(it.next());
      }
    }
  }

  /** Hash aggregation: 100,000 rows into 30 x 5 groups. */
  @Benchmark
  public Object hashAggregation() {
    return orders
        .groupBy("order_date", "status")
        .agg(count(lit(1)).as("n"), sum(col("quantity").multiply(col("price"))).as("revenue"))
        .collect();
  }

  /** Hash join probe: 100,000 order rows against a 1,000-row broadcast side. */
  @Benchmark
  public long hashJoinProbe() {
    return orders
        .join(dev.strata.engine.functions.broadcast(products), List.of("product_id"), "inner")
        .count();
  }

  /** Log replay of 10,000 add actions in 101 JSON commits to the latest snapshot's file list. */
  @Benchmark
  public int logReplay10kActions() {
    return DeltaLog.forTable(logTable).latestSnapshot().allFiles().size();
  }
}
