package dev.strata.benchmarks;

import dev.strata.benchmarks.medallion.LimitsBenchmark;
import dev.strata.benchmarks.medallion.MedallionBenchmark;
import java.util.Arrays;

/**
 * Entry point of {@code strata-bench.jar}: {@code medallion} runs the fixed workload stage by stage
 * and checks its results; {@code limits} measures the limits Strata is compared with.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      System.out.println(
          """
          Usage:
            java -jar benchmarks/target/strata-bench.jar medallion --data DIR --warehouse DIR \\
                [--stages bronze,silver,gold,merge,backfill,optimize] [--repeat N] [--out results.json]
            java -jar benchmarks/target/strata-bench.jar limits --data DIR [--out limits.json]

          DIR holds orders.csv, products.csv and updates.csv from shared/bench/gen_orders.py
          (or: java -cp benchmarks/target/strata-bench.jar dev.strata.examples.OrdersGenerator).
          """);
      return;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    int exit =
        switch (args[0]) {
          case "medallion" -> MedallionBenchmark.run(rest);
          case "limits" -> LimitsBenchmark.run(rest);
          default -> {
            System.err.println("strata-bench: unknown command " + args[0] + " (medallion, limits)");
            yield 2;
          }
        };
    System.exit(exit);
  }
}
