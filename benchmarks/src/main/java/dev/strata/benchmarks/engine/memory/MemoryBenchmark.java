package dev.strata.benchmarks.engine.memory;

import static dev.strata.engine.functions.*;

import dev.strata.engine.Dataset;
import dev.strata.engine.JobMetrics;
import dev.strata.engine.Strata;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory and caching benchmark of the engine.
 *
 * <ol>
 *   <li>Three actions on one shared intermediate of the orders workload (valid orders with their
 *       amount), once without and once with {@code cache()}: wall time and rows read by scans (what
 *       each action recomputed).
 *   <li>A 10,000,000-row aggregation with 5,000,000 groups in a child JVM at {@code -Xmx256m} and
 *       at {@code -Xmx4g}: wall time and spilled bytes.
 * </ol>
 *
 * <p>Usage: {@code MemoryBenchmark DATA_DIR [parallelism]} where DATA_DIR holds orders.csv from
 * {@code gen_orders.py --rows 2000000}. {@code MemoryBenchmark --aggregate ROWS} is the child.
 */
public final class MemoryBenchmark {
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

  private MemoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--aggregate")) {
      aggregateChild(Long.parseLong(args[1]));
      return;
    }
    Path dir = Path.of(args.length > 0 ? args[0] : "data/n2m");
    int parallelism =
        args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
    String orders = dir.resolve("orders.csv").toString();
    for (boolean cache : new boolean[] {false, true}) {
      try (Strata s = Strata.builder().parallelism(parallelism).build()) {
        long start = System.nanoTime();
        Dataset valid =
            s.read()
                .schema(ORDERS)
                .option("header", "true")
                .csv(orders)
                .filter("quantity > 0 AND product_id IS NOT NULL")
                .selectExpr("order_id", "customer_id", "order_date", "quantity * price AS amount");
        if (cache) {
          valid = valid.cache();
        }
        long rowsRead = 0;
        long count = valid.count();
        rowsRead += s.lastJob().inputRows();
        int days = valid.groupBy("order_date").agg(sum(col("amount"))).collect().size();
        rowsRead += s.lastJob().inputRows();
        List<?> top =
            valid
                .groupBy("customer_id")
                .agg(sum(col("amount")).as("total"))
                .orderBy(col("total").desc())
                .limit(10)
                .collect();
        JobMetrics last = s.lastJob();
        rowsRead += last.inputRows();
        long skipped = last.stages().stream().filter(st -> st.skipped()).count();
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "three actions %-9s: %.2f s, rows read by scans %,d (valid rows %,d, %d days, top %d,"
                + " skipped stages in last job %d)%n",
            cache ? "cache()" : "no cache", secs, rowsRead, count, days, top.size(), skipped);
      }
    }
    for (String heap : new String[] {"-Xmx256m", "-Xmx4g"}) {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add(heap);
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(MemoryBenchmark.class.getName());
      cmd.add("--aggregate");
      cmd.add("10000000");
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          System.out.println(heap + ": " + line);
        }
      }
      p.waitFor();
    }
  }

  /** 10M rows, 5M groups: sum and count per group, then a checksum over the groups. */
  static void aggregateChild(long n) {
    try (Strata s = Strata.builder().parallelism(2).build()) {
      long start = System.nanoTime();
      Dataset agg =
          s.range(n)
              .selectExpr("id % " + (n / 2) + " AS k", "(id * 7919) % 1000003 AS v")
              .groupBy("k")
              .agg(sum(col("v")).as("sv"), count(col("v")).as("c"));
      List<?> r = agg.agg(count(col("k")), sum(col("sv")), sum(col("c"))).collect();
      JobMetrics m = s.lastJob();
      System.out.printf(
          "10M-row aggregation: %.2f s, spill %,d bytes, execution peak %,d bytes, heap %,d,"
              + " result %s%n",
          (System.nanoTime() - start) / 1e9,
          m.spillBytes(),
          m.executionMemoryPeakBytes(),
          Runtime.getRuntime().maxMemory(),
          r.get(0));
    }
  }
}
