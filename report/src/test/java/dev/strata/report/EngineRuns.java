package dev.strata.report;

import static dev.strata.engine.functions.broadcast;
import static dev.strata.engine.functions.col;
import static dev.strata.engine.functions.count;
import static dev.strata.engine.functions.sum;

import dev.strata.engine.Dataset;
import dev.strata.engine.Strata;
import dev.strata.engine.events.Status;
import dev.strata.format.Row;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.pipeline.run.RunReport;
import dev.strata.pipeline.run.StepAttempt;
import dev.strata.pipeline.run.StepEdge;
import dev.strata.pipeline.run.StepKey;
import dev.strata.pipeline.run.StepRun;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs a small medallion-shaped workload on the real engine with its event log on, the way the
 * pipeline runner does: every (step, partition) sets its job tag, a step that fails is attempted
 * again. What it returns is the run model the runner would have built; the event log is on disk.
 */
final class EngineRuns {
  static final List<String> DAYS = List.of("2024-01-16", "2024-01-17");

  /** What the run computed, to compare with what the event log says. */
  record Recorded(RunReport run, Path eventLog, Map<String, Integer> resultRows) {}

  private EngineRuns() {}

  static Recorded record(Path eventLog) {
    Map<String, Integer> resultRows = new TreeMap<>();
    List<StepRun> nodes = new ArrayList<>();
    List<StepEdge> edges = new ArrayList<>();
    Instant runStart = Instant.now();
    try (Strata strata =
        Strata.builder()
            .parallelism(2)
            .eventLog(eventLog.toString())
            .config("strata.task.max-failures", "2")
            .config("strata.sql.shuffle.partitions", "4")
            .build()) {
      for (int d = 0; d < DAYS.size(); d++) {
        String day = DAYS.get(d);
        long rows = 20_000 + d * 5_000L;
        Dataset orders =
            strata
                .range(0, rows)
                .withColumn("customer_id", col("id").mod(97))
                .withColumn("amount", col("id").mod(13))
                .withColumn("quantity", col("id").mod(5));

        // bronze: a narrow job; on the second day one task fails once and is retried.
        StepKey bronze = new StepKey("bronze", day);
        boolean injectRetry = d == 1;
        nodes.add(
            attemptStep(
                strata,
                bronze,
                1,
                () -> {
                  List<Long> counts =
                      orders
                          .filter(col("quantity").gt(0))
                          .runTasks(
                              (ctx, in) -> {
                                if (injectRetry
                                    && ctx.partitionId() == 1
                                    && ctx.attemptNumber() == 0) {
                                  throw new IllegalStateException("injected: connection reset");
                                }
                                return countRows(ctx, in);
                              },
                              "write at bronze");
                  resultRows.put(
                      bronze.tag(), (int) counts.stream().mapToLong(Long::longValue).sum());
                }));

        // silver: aggregate per customer (a hash exchange).
        StepKey silver = new StepKey("silver", day);
        nodes.add(
            attemptStep(
                strata,
                silver,
                1,
                () -> {
                  List<Row> out =
                      orders
                          .filter(col("quantity").gt(0))
                          .groupBy("customer_id")
                          .agg(sum("amount").as("revenue"), count("id").as("orders"))
                          .collect();
                  resultRows.put(silver.tag(), out.size());
                }));
        edges.add(new StepEdge(bronze, silver));

        // gold: join a broadcast dimension, aggregate per region, sort (range exchange). On the
        // second day its first attempt fails in every task attempt, so the job fails and the step
        // is attempted again.
        StepKey gold = new StepKey("gold", day);
        Dataset regions =
            strata
                .range(0, 97)
                .withColumnRenamed("id", "cid")
                .withColumn("region", col("cid").mod(7));
        int failFirst = d == 1 ? 1 : 0;
        nodes.add(
            attemptStep(
                strata,
                gold,
                1 + failFirst,
                () -> {
                  List<Row> out =
                      orders
                          .groupBy("customer_id")
                          .agg(sum("amount").as("revenue"))
                          .join(broadcast(regions), col("customer_id").equalTo(col("cid")), "inner")
                          .groupBy("region")
                          .agg(sum("revenue").as("revenue"))
                          .orderBy(col("revenue").desc())
                          .collect();
                  resultRows.put(gold.tag(), out.size());
                },
                failFirst));
        edges.add(new StepEdge(silver, gold));
      }
    }
    Instant runEnd = Instant.now();
    return new Recorded(
        new RunReport("orders", "engine-run", runStart, runEnd, nodes, edges),
        eventLog,
        resultRows);
  }

  // The engine counts the rows a task's last operator hands to the function as its output rows.
  private static long countRows(dev.strata.engine.TaskContext ctx, Iterator<ColumnBatch> in) {
    long n = 0;
    while (in.hasNext()) {
      n += in.next().numRows();
    }
    return n;
  }

  private static StepRun attemptStep(Strata strata, StepKey key, int attempts, Runnable work) {
    return attemptStep(strata, key, attempts, work, 0);
  }

  /**
   * Runs a step with its job tag set, as the pipeline runner does; the first {@code failing}
   * attempts run a job whose tasks always throw.
   */
  private static StepRun attemptStep(
      Strata strata, StepKey key, int attempts, Runnable work, int failing) {
    List<StepAttempt> done = new ArrayList<>();
    strata.setJobTag(key.tag());
    try {
      for (int a = 1; a <= attempts; a++) {
        Instant start = Instant.now();
        try {
          if (a <= failing) {
            strata
                .range(0, 1000)
                .runTasks(
                    (ctx, in) -> {
                      throw new IllegalStateException("injected: " + key.tag() + " is broken");
                    },
                    "write at " + key.step());
          }
          work.run();
          done.add(StepAttempt.succeeded(a, start, Instant.now()));
          return new StepRun(key, Status.SUCCEEDED, done, List.of(), Optional.empty());
        } catch (RuntimeException e) {
          done.add(StepAttempt.failed(a, start, Instant.now(), String.valueOf(e.getMessage())));
        }
      }
      return new StepRun(key, Status.FAILED, done, List.of(), Optional.empty());
    } finally {
      strata.setJobTag(null);
    }
  }
}
