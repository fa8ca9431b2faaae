package dev.strata.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.events.Status;
import dev.strata.pipeline.run.StepRun;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a workload run on the real engine, read back from the engine's own event log. */
class EngineRunReportTest {
  @TempDir static Path dir;
  static EngineRuns.Recorded recorded;
  static EngineEventLog log;

  @BeforeAll
  static void runEngine() {
    recorded = EngineRuns.record(dir.resolve("events.jsonl"));
    log = EngineEventLog.read(recorded.eventLog());
  }

  @Test
  void everyJobOfTheRunIsReadBackUnderItsStepTag() {
    assertThat(log.warnings()).isEmpty();
    for (StepRun node : recorded.run().steps()) {
      List<JobReport> jobs = log.jobsFor(node.tag(), List.of());
      // One job per attempt of the step.
      assertThat(jobs).as(node.tag()).hasSize(node.attempts().size());
      JobReport last = jobs.get(jobs.size() - 1);
      assertThat(last.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(last.end()).isPresent();
      for (StageReport s : last.stages()) {
        assertThat(s.status())
            .as("%s stage %d", node.tag(), s.stageId())
            .isEqualTo(Status.SUCCEEDED);
        assertThat(s.tasks()).isNotEmpty();
        assertThat(s.metrics().tasks()).isEqualTo(s.plannedTasks());
      }
    }
    assertThat(log.jobs())
        .hasSize(recorded.run().steps().stream().mapToInt(s -> s.attempts().size()).sum());
  }

  @Test
  void resultStagesCountTheRowsTheActionReturned() {
    for (StepRun node : recorded.run().steps()) {
      List<JobReport> jobs = log.jobsFor(node.tag(), List.of());
      JobReport last = jobs.get(jobs.size() - 1);
      // The result stage is the one no other stage reads.
      List<Integer> parents = last.stages().stream().flatMap(s -> s.parents().stream()).toList();
      StageReport result =
          last.stages().stream()
              .filter(s -> !parents.contains(s.stageId()))
              .findFirst()
              .orElseThrow();
      assertThat(result.exchange()).isEqualTo("none");
      assertThat(result.metrics().outputRows())
          .as(node.tag())
          .isEqualTo((long) recorded.resultRows().get(node.tag()));
    }
  }

  @Test
  void theEngineLogShowsShufflesBroadcastsRetriesAndFailures() {
    List<StageReport> stages = log.jobs().stream().flatMap(j -> j.stages().stream()).toList();
    assertThat(stages).extracting(StageReport::exchange).contains("hash", "broadcast", "range");
    // Shuffle map stages write shuffle bytes (a broadcast is collected, not shuffled).
    assertThat(
            stages.stream()
                .filter(s -> s.exchange().equals("hash") || s.exchange().equals("range")))
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.metrics().shuffleWriteBytes()).isPositive());
    // The bronze task that failed once was retried by the engine inside one successful job.
    JobReport bronze = log.jobsFor("bronze/2024-01-17", List.of()).get(0);
    assertThat(bronze.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(bronze.tasks())
        .filteredOn(t -> t.status() == Status.FAILED)
        .singleElement()
        .satisfies(t -> assertThat(t.error()).contains("injected: connection reset"));
    // The gold step's first attempt is a failed job with the task's error.
    JobReport failed = log.jobsFor("gold/2024-01-17", List.of()).get(0);
    assertThat(failed.status()).isEqualTo(Status.FAILED);
    assertThat(failed.errorMessage()).hasValueSatisfying(e -> assertThat(e).contains("is broken"));
    assertThat(failed.stages()).extracting(StageReport::status).contains(Status.FAILED);
    // Two worker threads ran the tasks.
    assertThat(log.tasks().stream().map(TaskReport::thread).filter(t -> !t.isEmpty()).distinct())
        .hasSize(2);
  }

  @Test
  void theReportShowsEveryStageOfTheRealJobsWithTheirMetrics() {
    Document doc = Jsoup.parse(HtmlReportWriter.render(recorded.run(), log));
    assertThat(doc.select("#pipeline-dag g.node")).hasSize(recorded.run().steps().size());
    assertThat(doc.select("#pipeline-dag g.node.st-retried")).hasSize(1);
    for (JobReport j : log.jobs()) {
      Element job = doc.selectFirst(".job[data-job-id=" + j.jobId() + "]");
      assertThat(job).isNotNull();
      for (StageReport s : j.stages()) {
        Element box = job.selectFirst("g.stage[data-stage-id=" + s.stageId() + "]");
        assertThat(box.text())
            .contains("Stage " + s.stageId())
            .contains(s.metrics().tasks() + " tasks")
            .contains(
                Html.count(s.metrics().inputRows())
                    + " \u2192 "
                    + Html.count(s.metrics().outputRows()))
            .contains("w " + Html.bytes(s.metrics().shuffleWriteBytes()));
      }
    }
    assertThat(doc.select("#gantt rect.task")).hasSize(TestRuns.onLanes(log));
  }
}
