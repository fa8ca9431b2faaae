package dev.strata.pipeline;

import static dev.strata.engine.functions.col;
import static dev.strata.engine.functions.count;
import static dev.strata.engine.functions.lit;

import dev.strata.engine.SaveMode;
import dev.strata.engine.Strata;
import java.time.LocalDate;

/**
 * Plays the Spark application behind the stand-in {@code spark-submit} of the tests: it really
 * writes the target table through Strata, with the txn marker the pipeline hands over, and logs
 * like Spark's YARN client (including a tracking URL) on standard error.
 */
public final class SparkStandInApp {
  private SparkStandInApp() {}

  public static void main(String[] args) {
    String appId = System.getenv("STRATA_TXN_APP_ID");
    long version = Long.parseLong(System.getenv("STRATA_TXN_VERSION"));
    String target = System.getenv("STRATA_TARGET");
    String day = after(args, "--day");
    String source = after(args, "--source");
    System.err.println("INFO Client: Submitting application application_1700000000000_0042");
    System.err.println(
        "INFO Client: \n\t tracking URL: http://rm.example:8088/proxy/application_1700000000000_0042/");
    try (Strata s = Strata.builder().parallelism(1).build()) {
      s.read()
          .table(source)
          .where(col("day").equalTo(lit(LocalDate.parse(day))))
          .groupBy("day", "kind")
          .agg(count(lit(1)).as("n"))
          .write()
          .mode(SaveMode.OVERWRITE)
          .partitionBy("day")
          .replaceWhere("day = '" + day + "'")
          .idempotent(appId, version)
          .save(target);
    }
    System.out.println("wrote " + target + " for " + day);
  }

  private static String after(String[] args, String name) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    throw new IllegalArgumentException("missing " + name);
  }
}
