package dev.strata.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Run models and event logs for report tests. */
final class TestRuns {
  static final String ORDERS_LOG = "orders-run.jsonl";
  static final List<String> STEPS = List.of("bronze", "silver", "gold");

  private TestRuns() {}

  /** The recorded event log of the orders pipeline (3 steps x 3 days, plus one failed job). */
  static EngineEventLog ordersLog() {
    try (InputStream in = TestRuns.class.getResourceAsStream(ORDERS_LOG)) {
      return EngineEventLog.parse(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String ordersLogText() {
    try (InputStream in = TestRuns.class.getResourceAsStream(ORDERS_LOG)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The run model matching {@link #ordersLog()}: outcomes follow the jobs of each tag (a node whose
   * jobs had a failed task attempt counts as retried), attempts span the jobs' times.
   */
  static RunReport ordersRun(EngineEventLog log) {
    List<StepRun> steps = new ArrayList<>();
    List<StepEdge> edges = new ArrayList<>();
    Instant first = Instant.MAX;
    Instant last = Instant.MIN;
    long version = 1;
    for (String step : STEPS) {
      for (String day : List.of("2024-01-15", "2024-01-16", "2024-01-17")) {
        StepKey key = new StepKey(step, day);
        List<JobReport> jobs = log.jobsFor(key.tag(), List.of());
        Instant s = jobs.get(0).start().orElseThrow();
        Instant e = jobs.get(jobs.size() - 1).end().orElseThrow();
        first = s.isBefore(first) ? s : first;
        last = e.isAfter(last) ? e : last;
        boolean retried =
            jobs.stream()
                .flatMap(j -> j.tasks().stream())
                .anyMatch(t -> t.status() == EngineStatus.FAILED);
        List<StepAttempt> attempts =
            retried
                ? List.of(
                    StepAttempt.failed(
                        1,
                        s,
                        s.plusMillis(40),
                        "dev.strata.format.StorageException: Connection reset\n\tat <Stage>"),
                    StepAttempt.succeeded(2, s.plusMillis(41), e))
                : List.of(StepAttempt.succeeded(1, s, e));
        String table = "file:/lakehouse/" + step + "/orders";
        TableChange change =
            new TableChange(
                table,
                version++,
                2,
                123_456 * version,
                step.equals("bronze") ? 0 : 1,
                step.equals("bronze") ? 0 : 98_000,
                "{\"timestamp\":"
                    + e.toEpochMilli()
                    + ",\"operation\":\"WRITE\",\"operationParameters\":{\"mode\":\"Overwrite\","
                    + "\"replaceWhere\":\"order_date = '"
                    + day
                    + "'\"},\"isBlindAppend\":false,\"txn\":\"orders/"
                    + step
                    + "/"
                    + day
                    + "\",\"engineInfo\":\"Strata/0.1.0 <b>x</b>\"}");
        steps.add(
            new StepRun(
                key,
                retried ? StepOutcome.RETRIED : StepOutcome.OK,
                attempts,
                List.of(),
                Optional.of(change)));
        if (!step.equals("bronze")) {
          edges.add(new StepEdge(new StepKey(STEPS.get(STEPS.indexOf(step) - 1), day), key));
        }
      }
    }
    return new RunReport("orders", "run-20240117-0001", first, last, steps, edges);
  }

  /**
   * A synthetic backfill of {@code partitions} days x 3 steps, with failures and skips spread over
   * it; no engine jobs.
   */
  static RunReport backfill(int partitions) {
    Instant t0 = Instant.parse("2024-02-01T00:00:00Z");
    List<StepRun> steps = new ArrayList<>();
    List<StepEdge> edges = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      String day = "2024-01-" + String.format("%02d", p + 1);
      boolean silverFails = p % 11 == 4;
      for (int s = 0; s < 3; s++) {
        String step = STEPS.get(s);
        StepOutcome outcome =
            p % 7 == 0 && s == 0
                ? StepOutcome.SKIPPED
                : silverFails && s == 1
                    ? StepOutcome.FAILED
                    : silverFails && s == 2
                        ? StepOutcome.BLOCKED
                        : p % 5 == 2 && s == 2 ? StepOutcome.RETRIED : StepOutcome.OK;
        Instant a = t0.plusSeconds(p * 10L + s * 3L);
        List<StepAttempt> attempts =
            switch (outcome) {
              case SKIPPED, BLOCKED -> List.of();
              case OK -> List.of(StepAttempt.succeeded(1, a, a.plusSeconds(2)));
              case RETRIED ->
                  List.of(
                      StepAttempt.failed(1, a, a.plusSeconds(1), "timeout"),
                      StepAttempt.succeeded(2, a.plusSeconds(1), a.plusSeconds(2)));
              case FAILED ->
                  List.of(
                      StepAttempt.failed(1, a, a.plusSeconds(1), "bad row <script>x</script>"),
                      StepAttempt.failed(2, a.plusSeconds(1), a.plusSeconds(2), "bad row"));
            };
        steps.add(
            new StepRun(new StepKey(step, day), outcome, attempts, List.of(), Optional.empty()));
        if (s > 0) {
          edges.add(new StepEdge(new StepKey(STEPS.get(s - 1), day), new StepKey(step, day)));
        }
      }
    }
    return new RunReport(
        "orders", "backfill-1", t0, t0.plusSeconds(partitions * 10L), steps, edges);
  }
}
