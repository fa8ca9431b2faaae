package dev.strata.report;

import dev.strata.engine.events.Status;
import dev.strata.pipeline.run.RunReport;
import dev.strata.pipeline.run.StepAttempt;
import dev.strata.pipeline.run.StepEdge;
import dev.strata.pipeline.run.StepKey;
import dev.strata.pipeline.run.StepRun;
import dev.strata.pipeline.run.TableChange;
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

  /**
   * A hand-made event log of the orders pipeline (3 steps x 3 days, plus one failed job), written
   * to the EVENTLOG.md format with cases today's engine does not produce (a stage served from the
   * cache, spill). {@link EngineRuns} records a log from the real engine.
   */
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
                .anyMatch(t -> t.status() == Status.FAILED);
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
        steps.add(new StepRun(key, Status.SUCCEEDED, attempts, List.of(), Optional.of(change)));
        if (!step.equals("bronze")) {
          edges.add(new StepEdge(new StepKey(STEPS.get(STEPS.indexOf(step) - 1), day), key));
        }
      }
    }
    return new RunReport("orders", "run-20240117-0001", first, last, steps, edges);
  }

  /** The ways a node of the synthetic backfill ends, with the attempts each one makes. */
  private enum Kind {
    OK(Status.SUCCEEDED),
    SKIPPED(Status.SKIPPED),
    FAILED(Status.FAILED),
    BLOCKED(Status.UPSTREAM_FAILED),
    RETRIED(Status.SUCCEEDED);

    final Status status;

    Kind(Status status) {
      this.status = status;
    }
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
        Kind outcome =
            p % 7 == 0 && s == 0
                ? Kind.SKIPPED
                : silverFails && s == 1
                    ? Kind.FAILED
                    : silverFails && s == 2
                        ? Kind.BLOCKED
                        : p % 5 == 2 && s == 2 ? Kind.RETRIED : Kind.OK;
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
            new StepRun(
                new StepKey(step, day), outcome.status, attempts, List.of(), Optional.empty()));
        if (s > 0) {
          edges.add(new StepEdge(new StepKey(STEPS.get(s - 1), day), new StepKey(step, day)));
        }
      }
    }
    return new RunReport(
        "orders", "backfill-1", t0, t0.plusSeconds(partitions * 10L), steps, edges);
  }

  /**
   * An event log with one job per node of {@code run} that ran: a chain of {@code stages} stages
   * (the first two independent scans joined by the third), {@code tasks} tasks each spread over two
   * worker threads, every event of EVENTLOG.md.
   */
  static String syntheticLog(RunReport run, int stages, int tasks) {
    com.fasterxml.jackson.databind.ObjectMapper m =
        new com.fasterxml.jackson.databind.ObjectMapper();
    StringBuilder b = new StringBuilder();
    long t = run.start().toEpochMilli();
    int job = 0;
    int stageBase = 0;
    for (StepRun node : run.steps()) {
      if (node.attempts().isEmpty()) {
        continue;
      }
      List<java.util.Map<String, Object>> decl = new ArrayList<>();
      for (int k = 0; k < stages; k++) {
        List<Integer> parents =
            k < 2
                ? List.of()
                : k == 2 ? List.of(stageBase, stageBase + 1) : List.of(stageBase + k - 1);
        decl.add(
            java.util.Map.of(
                "stageId",
                stageBase + k,
                "name",
                "Stage " + k + " of " + node.tag(),
                "parents",
                parents,
                "numTasks",
                tasks,
                "exchange",
                k == stages - 1 ? "none" : k == 1 ? "broadcast" : "hash",
                "skipped",
                false,
                "operators",
                List.of("Scan parquet t", "Filter (x > 0)")));
      }
      b.append(
          json(
              m,
              java.util.Map.of(
                  "event",
                  "JobStart",
                  "jobId",
                  job,
                  "time",
                  t,
                  "tag",
                  node.tag(),
                  "description",
                  "write at " + node.key().step(),
                  "stages",
                  decl)));
      long clock = t;
      for (int k = 0; k < stages; k++) {
        int id = stageBase + k;
        b.append(
            json(
                m,
                java.util.Map.of(
                    "event", "StageStart", "jobId", job, "stageId", id, "time", clock)));
        long end = clock;
        for (int p = 0; p < tasks; p++) {
          long st = clock + (p / 2) * 12L + 1;
          long en = st + 10 + (p * 7L + k) % 5;
          end = Math.max(end, en);
          java.util.Map<String, Object> e = new java.util.LinkedHashMap<>();
          e.put("event", "TaskEnd");
          e.put("jobId", job);
          e.put("stageId", id);
          e.put("partition", p);
          e.put("attempt", 0);
          e.put("thread", "strata-worker-" + (p % 2));
          e.put("start", st);
          e.put("end", en);
          e.put("status", "SUCCESS");
          e.put("error", null);
          e.put("inputRows", 1000L);
          e.put("inputBytes", 64_000L);
          e.put("outputRows", 900L);
          e.put("shuffleReadBytes", k >= 2 ? 20_000L : 0L);
          e.put("shuffleWriteBytes", k < stages - 1 ? 20_000L : 0L);
          e.put("spillBytes", 0L);
          e.put("cacheHit", false);
          b.append(json(m, e));
        }
        java.util.Map<String, Object> e = new java.util.LinkedHashMap<>();
        e.put("event", "StageEnd");
        e.put("jobId", job);
        e.put("stageId", id);
        e.put("time", end);
        e.put("status", "SUCCESS");
        e.put("numTasks", tasks);
        e.put("inputRows", 1000L * tasks);
        e.put("durationMs", end - clock);
        b.append(json(m, e));
        clock = end + 1;
      }
      b.append(
          json(
              m,
              java.util.Map.of(
                  "event", "JobEnd", "jobId", job, "time", clock, "status", "SUCCESS")));
      t = clock + 2;
      job++;
      stageBase += stages;
    }
    return b.toString();
  }

  private static String json(com.fasterxml.jackson.databind.ObjectMapper m, Object o) {
    try {
      return m.writeValueAsString(o) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Task attempts that ran on a worker thread (the timeline's bars). */
  static int onLanes(EngineEventLog log) {
    return (int) log.tasks().stream().filter(t -> !t.thread().isEmpty()).count();
  }
}
