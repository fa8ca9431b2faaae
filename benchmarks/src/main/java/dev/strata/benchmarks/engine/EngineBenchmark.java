package dev.strata.benchmarks.engine;

import static dev.strata.engine.functions.*;

import dev.strata.engine.Dataset;
import dev.strata.engine.JobMetrics;
import dev.strata.engine.Strata;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Times the engine on the orders workload (../shared/bench/WORKLOAD.md): CSV scan, filter +
 * project, group-by aggregation, broadcast join with products and keep-latest dedupe.
 *
 * <p>Usage: {@code EngineBenchmark DATA_DIR [parallelism] [runs]} where DATA_DIR holds orders.csv
 * and products.csv from {@code gen_orders.py}. Prints the best of the runs per step.
 */
public final class EngineBenchmark {
  static final StructType ORDERS =
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

  static final StructType PRODUCTS =
      StructType.of(
          StructField.of("product_id", PrimitiveType.STRING),
          StructField.of("category", PrimitiveType.STRING),
          StructField.of("name", PrimitiveType.STRING));

  private EngineBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "data/n2m");
    int parallelism =
        args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    String orders = dir.resolve("orders.csv").toString();
    String products = dir.resolve("products.csv").toString();
    long fileBytes = Files.size(dir.resolve("orders.csv"));
    try (Strata strata = Strata.builder().parallelism(parallelism).build()) {
      Function<Strata, Dataset> read =
          s -> s.read().schema(ORDERS).option("header", "true").csv(orders);
      long rows = read.apply(strata).count();
      System.out.printf(
          "orders.csv: %,d rows, %,d bytes, parallelism %d%n", rows, fileBytes, parallelism);
      List<Step> steps =
          List.of(
              new Step("csv scan (all columns)", s -> touch(read.apply(s))),
              new Step(
                  "filter + project",
                  s ->
                      touch(
                          read.apply(s)
                              .filter(
                                  "quantity > 0 AND product_id IS NOT NULL AND product_id <> ''")
                              .selectExpr(
                                  "order_id",
                                  "customer_id",
                                  "quantity * price AS amount",
                                  "order_date"))),
              new Step(
                  "group-by aggregation",
                  s ->
                      (long)
                          read.apply(s)
                              .groupBy("order_date")
                              .agg(
                                  count("*").as("n"),
                                  sum(col("quantity").multiply(col("price"))).as("revenue"),
                                  countDistinct(col("customer_id")).as("customers"))
                              .collect()
                              .size()),
              new Step(
                  "broadcast join products",
                  s ->
                      touch(
                          read.apply(s)
                              .join(
                                  broadcast(
                                      s.read()
                                          .schema(PRODUCTS)
                                          .option("header", "true")
                                          .csv(products)),
                                  "product_id"))),
              new Step(
                  "keep-latest dedupe",
                  s ->
                      read.apply(s)
                          .dropDuplicates(List.of("order_id"), col("order_ts").desc())
                          .count()));
      for (Step step : steps) {
        long best = Long.MAX_VALUE;
        long bestCpu = Long.MAX_VALUE;
        long out = 0;
        JobMetrics last = null;
        for (int r = 0; r < runs; r++) {
          long t0 = System.nanoTime();
          long c0 = cpuNanos();
          out = step.body.apply(strata);
          long ms = (System.nanoTime() - t0) / 1_000_000;
          best = Math.min(best, ms);
          bestCpu = Math.min(bestCpu, (cpuNanos() - c0) / 1_000_000);
          last = strata.lastJob();
        }
        double rps = rows / (best / 1000.0);
        System.out.printf(
            "%-26s %7d ms wall %7d ms cpu  %,12.0f rows/s  %,12.0f rows/s/core  %,12.0f rows/cpu-s  (out %,d rows; %d stages, %d tasks)%n",
            step.name,
            best,
            bestCpu,
            rps,
            rps / parallelism,
            rows / (bestCpu / 1000.0),
            out,
            last.stages().size(),
            last.totalTasks());
      }
    }
  }

  /** CPU time of the whole process (all threads), to judge work on a shared machine. */
  private static long cpuNanos() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }

  private static long touch(Dataset ds) {
    AtomicLong n = new AtomicLong();
    ds.foreachBatch(b -> n.addAndGet(b.numRows()));
    return n.get();
  }

  private record Step(String name, Function<Strata, Long> body) {}
}
