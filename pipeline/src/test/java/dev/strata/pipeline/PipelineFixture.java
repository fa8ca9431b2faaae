package dev.strata.pipeline;

import static dev.strata.engine.functions.col;
import static dev.strata.engine.functions.count;
import static dev.strata.engine.functions.lit;
import static dev.strata.engine.functions.sum;

import dev.strata.engine.Strata;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.CommitEntry;
import dev.strata.log.DeltaLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small real pipeline for the end-to-end tests: a CSV of events over a few days, and
 *
 * <pre>
 *   raw    (csv -> raw/events, replace the day)
 *   clean  (raw  -> clean/events, amount > 0, MERGE by id)
 *   daily  (clean -> daily/totals, per day: count and sum, replace the day)
 *   audit  (raw  -> audit/counts, per day: count, append)
 * </pre>
 */
final class PipelineFixture {
  static final StructType EVENTS =
      new StructType(
          List.of(
              new StructField("id", PrimitiveType.LONG, true, Map.of()),
              new StructField("day", PrimitiveType.DATE, true, Map.of()),
              new StructField("amount", PrimitiveType.INTEGER, true, Map.of()),
              new StructField("kind", PrimitiveType.STRING, true, Map.of())));

  static final int ROWS_PER_DAY = 40;

  final Path root;
  final Path csv;
  final String lakehouse;

  PipelineFixture(Path root, int days) throws IOException {
    this.root = root;
    this.csv = root.resolve("events.csv");
    this.lakehouse = root.resolve("lh").toString();
    StringBuilder sb = new StringBuilder("id,day,amount,kind\n");
    long id = 1;
    for (int d = 0; d < days; d++) {
      LocalDate day = LocalDate.parse("2024-01-01").plusDays(d);
      for (int i = 0; i < ROWS_PER_DAY; i++) {
        // Every 10th row has a negative amount, the first of day 1 a zero (both dropped by clean).
        int amount = (i % 10 == 9) ? -i : i + d;
        sb.append(id++)
            .append(',')
            .append(day)
            .append(',')
            .append(amount)
            .append(',')
            .append(i % 2 == 0 ? "a" : "b")
            .append('\n');
      }
    }
    Files.writeString(csv, sb.toString());
  }

  static List<String> days(int n) {
    List<String> out = new ArrayList<>();
    for (int d = 0; d < n; d++) {
      out.add(LocalDate.parse("2024-01-01").plusDays(d).toString());
    }
    return out;
  }

  /** Expected daily/totals: day -> (count, sum) of positive amounts. */
  static Map<String, long[]> expectedDaily(List<String> days) {
    Map<String, long[]> m = new TreeMap<>();
    for (String day : days) {
      int d =
          (int) (LocalDate.parse(day).toEpochDay() - LocalDate.parse("2024-01-01").toEpochDay());
      long c = 0;
      long s = 0;
      for (int i = 0; i < ROWS_PER_DAY; i++) {
        if (i % 10 != 9 && i + d > 0) {
          c++;
          s += i + d;
        }
      }
      m.put(day, new long[] {c, s});
    }
    return m;
  }

  Pipeline.Builder builder(Transformation rawBody, Transformation cleanBody) {
    return Pipeline.builder("events")
        .lakehouse(lakehouse)
        .partitioning(Partitioning.daily("day"))
        .retry(RetryPolicy.none())
        .step(
            Step.named("raw")
                .input("events", Input.csv(csv.toString()).schema(EVENTS).option("header", "true"))
                .transform(rawBody)
                .target("raw/events")
                .mode(WriteMode.replacePartition())
                .build())
        .step(
            Step.named("clean")
                .input("raw", "raw/events")
                .transform(cleanBody)
                .target("clean/events")
                .mode(WriteMode.merge("id"))
                .build())
        .step(
            Step.named("daily")
                .input("clean", "clean/events")
                .transform(
                    (in, day) ->
                        in.partition("clean")
                            .groupBy("day")
                            .agg(count(lit(1)).as("n"), sum(col("amount")).as("total")))
                .target("daily/totals")
                .mode(WriteMode.replacePartition())
                .build())
        .step(
            Step.named("audit")
                .input("raw", "raw/events")
                .transform(
                    (in, day) -> in.partition("raw").groupBy("day").agg(count(lit(1)).as("rows")))
                .target("audit/counts")
                .mode(WriteMode.append())
                .build());
  }

  /** The default bodies. */
  Pipeline pipeline() {
    return builder(PipelineFixture::rawBody, PipelineFixture::cleanBody).build();
  }

  static dev.strata.engine.Dataset rawBody(Inputs in, PartitionKey day) {
    return in.get("events").where(col("day").equalTo(lit(day.date())));
  }

  static dev.strata.engine.Dataset cleanBody(Inputs in, PartitionKey day) {
    return in.partition("raw").where(col("amount").gt(0));
  }

  String table(String name) {
    return pipeline().table(name);
  }

  /** Number of commits of a table (0 when it does not exist). */
  static int commits(String table) {
    DeltaLog log = DeltaLog.forTable(table);
    return log.tableExists() ? log.history(0).size() : 0;
  }

  static List<CommitEntry> history(String table) {
    return DeltaLog.forTable(table).history(0);
  }

  static Map<String, long[]> daily(Strata strata, String table) {
    Map<String, long[]> m = new TreeMap<>();
    strata
        .read()
        .table(table)
        .collect()
        .forEach(
            r ->
                m.put(
                    r.get("day").toString(),
                    new long[] {
                      ((Number) r.get("n")).longValue(), ((Number) r.get("total")).longValue()
                    }));
    return m;
  }
}
