package dev.strata.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.engine.events.Status;
import dev.strata.format.StrataException;
import dev.strata.pipeline.run.ReportPaths;
import dev.strata.pipeline.run.RunReport;
import dev.strata.pipeline.run.StepKey;
import dev.strata.pipeline.run.StepRun;
import dev.strata.pipeline.run.TableChange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunReportJsonTest {
  @Test
  void roundTripsARunWithEveryOutcomeAttemptsAndTableChanges() {
    RunReport run = TestRuns.ordersRun(TestRuns.ordersLog());
    RunReport backfill = TestRuns.backfill(12);
    for (RunReport r : List.of(run, backfill)) {
      assertThat(RunReportJson.fromJson(RunReportJson.toJson(r))).isEqualTo(r);
    }
    assertThat(backfill.steps())
        .extracting(StepRun::status)
        .contains(Status.SUCCEEDED, Status.SKIPPED, Status.FAILED, Status.UPSTREAM_FAILED);
    assertThat(backfill.steps()).anyMatch(StepRun::retried);
  }

  @Test
  void readsAModelSavedWithTheOutcomesOfEarlierVersions() {
    String old =
        "{\"pipeline\":\"p\",\"runId\":\"r1\",\"start\":1,\"end\":9,\"steps\":["
            + "{\"step\":\"a\",\"partition\":\"\",\"outcome\":\"RETRIED\",\"attempts\":["
            + "{\"number\":1,\"start\":1,\"end\":2,\"error\":\"boom\"},"
            + "{\"number\":2,\"start\":2,\"end\":3,\"error\":null}]},"
            + "{\"step\":\"b\",\"partition\":\"\",\"outcome\":\"BLOCKED\",\"attempts\":[]},"
            + "{\"step\":\"c\",\"partition\":\"\",\"outcome\":\"ok\",\"attempts\":["
            + "{\"number\":1,\"start\":1,\"end\":2,\"error\":null}]}],\"edges\":[]}";
    RunReport r = RunReportJson.fromJson(old);
    assertThat(r.steps())
        .extracting(StepRun::status)
        .containsExactly(Status.SUCCEEDED, Status.UPSTREAM_FAILED, Status.SUCCEEDED);
    assertThat(r.steps()).extracting(StepRun::retried).containsExactly(true, false, false);
  }

  @Test
  void rejectsWhatIsNotARunReport() {
    assertThatThrownBy(() -> RunReportJson.fromJson("{\"pipeline\":\"x\"}"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("runId");
    assertThatThrownBy(() -> RunReportJson.fromJson("not json"))
        .isInstanceOf(StrataException.class);
    String bad = RunReportJson.toJson(TestRuns.backfill(1)).replace("\"SUCCEEDED\"", "\"MAYBE\"");
    assertThatThrownBy(() -> RunReportJson.fromJson(bad)).hasMessageContaining("MAYBE");
  }

  @Test
  void tableChangeCountsComeFromTheCommitInfoMetrics() {
    String write =
        "{\"commitInfo\":{\"operation\":\"WRITE\",\"operationMetrics\":{\"numFiles\":\"4\","
            + "\"numOutputBytes\":\"123456\",\"numRemovedFiles\":\"2\",\"numRemovedBytes\":\"999\"}}}";
    assertThat(TableChange.fromCommitInfo("file:/t", 7, write))
        .isEqualTo(new TableChange("file:/t", 7, 4, 123456, 2, 999, write));
    TableChange merge =
        TableChange.fromCommitInfo(
            "file:/t",
            8,
            Map.of(
                "operation",
                "MERGE",
                "operationMetrics",
                Map.of("numTargetFilesAdded", "3", "numTargetFilesRemoved", 1)));
    assertThat(merge.filesAdded()).isEqualTo(3);
    assertThat(merge.filesRemoved()).isEqualTo(1);
    assertThat(merge.bytesAdded()).isZero();
    assertThat(merge.commitInfoJson()).contains("MERGE");
    assertThat(TableChange.fromCommitInfo("file:/t", 9, "{broken").filesAdded()).isZero();
  }

  @Test
  void jobTagsAreStepSlashPartitionOrTheStepAloneWhenUnpartitioned() {
    assertThat(new StepKey("silver", "2024-01-17").tag()).isEqualTo("silver/2024-01-17");
    assertThat(new StepKey("dim_customers", "").tag()).isEqualTo("dim_customers");
  }

  @Test
  void runIdsThatAreNotFileNamesAreRefused() {
    assertThat(ReportPaths.eventLog("file:/lh", "r1"))
        .isEqualTo("file:/lh/_strata/events/r1.jsonl");
    assertThat(ReportPaths.runModel("file:/lh", "r1"))
        .isEqualTo("file:/lh/_strata/reports/r1.json");
    assertThat(ReportPaths.htmlReport("file:/lh/", "r1"))
        .isEqualTo("file:/lh/_strata/reports/r1.html");
    for (String bad : List.of("../x", "a/b", "..", "", "a\\b")) {
      assertThatThrownBy(() -> ReportPaths.eventLog("file:/lh", bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
