package dev.strata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.engine.Strata;
import dev.strata.engine.events.Status;
import dev.strata.format.StoragePaths;
import dev.strata.log.DeltaLog;
import dev.strata.pipeline.run.ReportPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipelines end to end on real tables: runs, failures, reruns, retries, parallelism, force. */
class PipelineRunTest {
  private static Strata strata;
  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    strata = Strata.builder().parallelism(2).build();
  }

  @AfterAll
  static void stop() {
    strata.close();
  }

  private static Map<String, Status> statuses(RunResult r) {
    return r.outcomes().stream()
        .collect(
            Collectors.toMap(
                NodeOutcome::jobTag, NodeOutcome::status, (a, b) -> a, java.util.TreeMap::new));
  }

  @Test
  void oneDayRunCommitsEveryStepWithItsTxnAndRecordsTheRun() throws Exception {
    PipelineFixture f = new PipelineFixture(tmp, 3);
    Pipeline p = f.pipeline();
    RunResult r = p.run(strata).partition("2024-01-02").execute();

    assertThat(r.status()).as("%s", r.outcomes(Status.FAILED)).isEqualTo(Status.SUCCEEDED);
    assertThat(statuses(r).values()).containsOnly(Status.SUCCEEDED);
    assertThat(r.outcomes()).hasSize(4);
    Map<String, long[]> daily = PipelineFixture.daily(strata, f.table("daily/totals"));
    assertThat(daily).containsOnlyKeys("2024-01-02");
    assertThat(daily.get("2024-01-02"))
        .containsExactly(PipelineFixture.expectedDaily(List.of("2024-01-02")).get("2024-01-02"));
    assertThat(strata.read().table(f.table("raw/events")).count())
        .isEqualTo(PipelineFixture.ROWS_PER_DAY);
    assertThat(
            DeltaLog.forTable(f.table("clean/events"))
                .latestSnapshot()
                .txnVersion("events/clean/2024-01-02"))
        .hasValue(1);
    NodeOutcome clean = r.outcome("clean", PartitionKey.of("2024-01-02"));
    assertThat(clean.rowsWritten()).isEqualTo(36);
    assertThat(clean.tableVersion()).hasValue(0);
    assertThat(clean.commitInfo()).containsKey("operation");

    // Run log, event log (with the step's job tag) and report.
    List<RunResult> runs = TableRunLog.forLakehouse(strata, f.lakehouse).runs("events", 10);
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).runId()).isEqualTo(r.runId());
    assertThat(runs.get(0).status()).isEqualTo(Status.SUCCEEDED);
    assertThat(runs.get(0).outcomes()).hasSize(4);
    assertThat(runs.get(0).outcome("clean", PartitionKey.of("2024-01-02")).attempts()).hasSize(1);
    Path events = StoragePaths.toLocalPath(ReportPaths.eventLog(p.lakehouse(), r.runId()));
    assertThat(Files.readString(events)).contains("\"tag\":\"clean/2024-01-02\"");
    assertThat(r.report()).isNotNull();
    assertThat(Files.readString(StoragePaths.toLocalPath(r.report()))).contains("clean/2024-01-02");

    // Running it again commits nothing.
    int before = PipelineFixture.commits(f.table("clean/events"));
    RunResult again = p.run(strata).partition("2024-01-02").execute();
    assertThat(again.nothingToDo()).isTrue();
    assertThat(PipelineFixture.commits(f.table("clean/events"))).isEqualTo(before);
  }

  @Test
  void failedPartitionIsRerunAloneWithItsDependents() throws Exception {
    PipelineFixture f = new PipelineFixture(tmp, 3);
    Pipeline p = f.pipeline();
    RunResult first =
        p.run(strata).range("2024-01-01", "2024-01-03").failAt("clean", "2024-01-02").execute();

    assertThat(first.status()).isEqualTo(Status.FAILED);
    Map<String, Status> s = statuses(first);
    assertThat(s.get("clean/2024-01-02")).isEqualTo(Status.FAILED);
    assertThat(s.get("daily/2024-01-02")).isEqualTo(Status.UPSTREAM_FAILED);
    assertThat(s.get("audit/2024-01-02")).isEqualTo(Status.SUCCEEDED);
    assertThat(
            s.entrySet().stream()
                .filter(e -> !e.getKey().endsWith("2024-01-02"))
                .map(Map.Entry::getValue))
        .containsOnly(Status.SUCCEEDED);
    assertThat(first.unfinishedPartitions()).containsExactly(PartitionKey.of("2024-01-02"));

    Map<String, Integer> commits = new ConcurrentHashMap<>();
    for (String t : List.of("raw/events", "clean/events", "daily/totals", "audit/counts")) {
      commits.put(t, PipelineFixture.commits(f.table(t)));
    }
    RunResult rerun = p.run(strata).range("2024-01-01", "2024-01-03").execute();

    assertThat(rerun.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(rerun.outcomes(Status.SUCCEEDED))
        .extracting(NodeOutcome::jobTag)
        .containsExactlyInAnyOrder("clean/2024-01-02", "daily/2024-01-02");
    // Through the tables' histories: one new commit where work was redone, none elsewhere.
    assertThat(PipelineFixture.commits(f.table("raw/events"))).isEqualTo(commits.get("raw/events"));
    assertThat(PipelineFixture.commits(f.table("audit/counts")))
        .isEqualTo(commits.get("audit/counts"));
    assertThat(PipelineFixture.commits(f.table("clean/events")))
        .isEqualTo(commits.get("clean/events") + 1);
    assertThat(PipelineFixture.commits(f.table("daily/totals")))
        .isEqualTo(commits.get("daily/totals") + 1);
    assertThat(PipelineFixture.history(f.table("clean/events")).get(0).txns())
        .extracting(t -> t.appId())
        .containsExactly("events/clean/2024-01-02");
    assertThat(PipelineFixture.daily(strata, f.table("daily/totals")))
        .usingRecursiveComparison()
        .isEqualTo(PipelineFixture.expectedDaily(PipelineFixture.days(3)));
    // Audit appends: exactly one row per day, no duplicates from the rerun.
    assertThat(strata.read().table(f.table("audit/counts")).count()).isEqualTo(3);
  }

  @Test
  void retrySucceedsOnTheSecondAttemptAndCommitsOnce() throws Exception {
    PipelineFixture f = new PipelineFixture(tmp, 2);
    AtomicInteger calls = new AtomicInteger();
    Pipeline p =
        f.builder(
                PipelineFixture::rawBody,
                (in, day) -> {
                  if (day.value().equals("2024-01-02") && calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("transient failure");
                  }
                  return PipelineFixture.cleanBody(in, day);
                })
            .retry(RetryPolicy.of(3, Duration.ofMillis(20)))
            .build();
    RunResult r = p.run(strata).range("2024-01-01", "2024-01-02").execute();

    assertThat(r.status()).as("%s", r.outcomes(Status.FAILED)).isEqualTo(Status.SUCCEEDED);
    NodeOutcome o = r.outcome("clean", PartitionKey.of("2024-01-02"));
    assertThat(o.retried()).isTrue();
    assertThat(o.attempts())
        .extracting(Attempt::status)
        .containsExactly(Status.FAILED, Status.SUCCEEDED);
    assertThat(o.attempts().get(0).error()).contains("transient failure");
    assertThat(PipelineFixture.commits(f.table("clean/events"))).isEqualTo(2);
    assertThat(strata.read().table(f.table("clean/events")).count()).isEqualTo(71);
    // The run model the report writers receive marks the node as retried.
    assertThat(Files.readString(StoragePaths.toLocalPath(r.report())))
        .contains("clean/2024-01-02 SUCCEEDED retried\n");
  }

  @Test
  void aFailureStopsOnlyWhatDependsOnIt() throws Exception {
    PipelineFixture f = new PipelineFixture(tmp, 3);
    RunResult r =
        f.pipeline()
            .run(strata)
            .range("2024-01-01", "2024-01-03")
            .failAt("raw", "2024-01-02")
            .execute();

    Map<String, Status> s = statuses(r);
    assertThat(s.get("raw/2024-01-02")).isEqualTo(Status.FAILED);
    for (String step : List.of("clean", "daily", "audit")) {
      assertThat(s.get(step + "/2024-01-02")).isEqualTo(Status.UPSTREAM_FAILED);
      assertThat(s.get(step + "/2024-01-01")).isEqualTo(Status.SUCCEEDED);
      assertThat(s.get(step + "/2024-01-03")).isEqualTo(Status.SUCCEEDED);
    }
    assertThat(PipelineFixture.daily(strata, f.table("daily/totals")))
        .containsOnlyKeys("2024-01-01", "2024-01-03");
  }

  @Test
  void independentPartitionsRunInParallel() throws Exception {
    PipelineFixture f = new PipelineFixture(tmp, 3);
    CountDownLatch allThreeInside = new CountDownLatch(3);
    Pipeline p =
        f.builder(
                (in, day) -> {
                  // Passes only if the three days' raw steps are inside their transformation at
                  // once.
                  allThreeInside.countDown();
                  try {
                    if (!allThreeInside.await(60, TimeUnit.SECONDS)) {
                      throw new IllegalStateException("the partitions did not run in parallel");
                    }
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                  return PipelineFixture.rawBody(in, day);
                },
                PipelineFixture::cleanBody)
            .build();
    RunResult r = p.run(strata).range("2024-01-01", "2024-01-03").parallelism(3).execute();
    assertThat(r.status()).as("%s", r.outcomes(Status.FAILED)).isEqualTo(Status.SUCCEEDED);
    assertThat(PipelineFixture.daily(strata, f.table("daily/totals")))
        .usingRecursiveComparison()
        .isEqualTo(PipelineFixture.expectedDaily(PipelineFixture.days(3)));
  }

  @Test
  void forceStartsANewGenerationForTheRequestedDaysOnly() throws Exception {
    PipelineFixture f = new PipelineFixture(tmp, 2);
    Pipeline p = f.pipeline();
    p.run(strata).range("2024-01-01", "2024-01-02").execute();
    int rawCommits = PipelineFixture.commits(f.table("raw/events"));

    RunResult forced = p.run(strata).partition("2024-01-01").force().execute();
    assertThat(forced.force()).isTrue();
    assertThat(forced.outcomes())
        .allMatch(o -> o.status() == Status.SUCCEEDED && o.generation() == 2);
    assertThat(PipelineFixture.commits(f.table("raw/events"))).isEqualTo(rawCommits + 1);
    var raw = DeltaLog.forTable(f.table("raw/events")).latestSnapshot();
    assertThat(raw.txnVersion("events/raw/2024-01-01")).hasValue(2);
    assertThat(raw.txnVersion("events/raw/2024-01-02")).hasValue(1);
    // The replaced partition holds the same rows, not twice as many.
    assertThat(strata.read().table(f.table("raw/events")).count())
        .isEqualTo(2L * PipelineFixture.ROWS_PER_DAY);

    RunResult after = p.run(strata).range("2024-01-01", "2024-01-02").execute();
    assertThat(after.nothingToDo()).isTrue();
  }

  @Test
  void cancelStopsTheRunAndCommitsNothingMore() throws Exception {
    PipelineFixture f = new PipelineFixture(tmp, 3);
    CountDownLatch inside = new CountDownLatch(1);
    Pipeline p =
        f.builder(
                (in, day) -> {
                  inside.countDown();
                  try {
                    Thread.sleep(TimeUnit.MINUTES.toMillis(5));
                  } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted", e);
                  }
                  return PipelineFixture.rawBody(in, day);
                },
                PipelineFixture::cleanBody)
            .build();
    RunHandle h = p.run(strata).range("2024-01-01", "2024-01-03").start();
    assertThat(inside.await(60, TimeUnit.SECONDS)).isTrue();
    h.cancel();
    RunResult r = h.await();
    assertThat(r.status()).isEqualTo(Status.CANCELLED);
    assertThat(r.outcomes()).allMatch(o -> o.status() == Status.CANCELLED);
    assertThat(PipelineFixture.commits(f.table("raw/events"))).isZero();
    assertThat(TableRunLog.forLakehouse(strata, f.lakehouse).runs(null, 1).get(0).status())
        .isEqualTo(Status.CANCELLED);
  }

  @Test
  void anUnpartitionedStepIsRedoneWhenANewDayChangedWhatItReads() throws Exception {
    PipelineFixture f = new PipelineFixture(tmp, 3);
    Pipeline p =
        f.builder(PipelineFixture::rawBody, PipelineFixture::cleanBody)
            .step(
                Step.named("summary")
                    .input("daily", "daily/totals")
                    .transform((in, k) -> in.get("daily"))
                    .target("summary/all_days")
                    .mode(WriteMode.overwrite())
                    .unpartitioned()
                    .build())
            .build();
    RunResult first = p.run(strata).range("2024-01-01", "2024-01-02").execute();
    assertThat(first.status()).as("%s", first.outcomes(Status.FAILED)).isEqualTo(Status.SUCCEEDED);
    assertThat(first.outcome("summary", PartitionKey.UNPARTITIONED).jobTag()).isEqualTo("summary");
    assertThat(strata.read().table(f.table("summary/all_days")).count()).isEqualTo(2);

    assertThat(p.run(strata).range("2024-01-01", "2024-01-02").execute().nothingToDo()).isTrue();

    RunResult third = p.run(strata).partition("2024-01-03").execute();
    NodeOutcome summary = third.outcome("summary", PartitionKey.UNPARTITIONED);
    assertThat(summary.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(summary.generation()).isEqualTo(2);
    assertThat(strata.read().table(f.table("summary/all_days")).count()).isEqualTo(3);
  }

  @Test
  void aCycleIsRejectedWhenThePipelineIsBuilt() {
    assertThatThrownBy(
            () ->
                Pipeline.builder("loop")
                    .lakehouse(tmp.toString())
                    .partitioning(Partitioning.daily("day"))
                    .step(
                        Step.named("a")
                            .input("x", "t/b")
                            .transform((in, k) -> in.get("x"))
                            .target("t/a")
                            .build())
                    .step(
                        Step.named("b")
                            .input("x", "t/a")
                            .transform((in, k) -> in.get("x"))
                            .target("t/b")
                            .build())
                    .build())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("cycle")
        .hasMessageContaining("a -> b -> a");
  }

  @Test
  void invalidRequestsChangeNothing() throws Exception {
    PipelineFixture f = new PipelineFixture(tmp, 1);
    Pipeline p = f.pipeline();
    assertThatThrownBy(() -> p.run(strata).execute()).hasMessageContaining("--partition");
    assertThatThrownBy(() -> p.run(strata).partition("yesterday").execute())
        .hasMessageContaining("not a date");
    assertThatThrownBy(() -> p.run(strata).failAt("nope", "2024-01-01"))
        .hasMessageContaining("no step 'nope'");
    assertThat(Files.exists(Path.of(f.lakehouse))).isFalse();
  }
}
