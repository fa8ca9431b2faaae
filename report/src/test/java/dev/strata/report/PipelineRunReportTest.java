package dev.strata.report;

import static dev.strata.engine.functions.col;
import static dev.strata.engine.functions.count;
import static dev.strata.engine.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.Strata;
import dev.strata.engine.events.Status;
import dev.strata.format.StoragePaths;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.pipeline.Input;
import dev.strata.pipeline.Partitioning;
import dev.strata.pipeline.Pipeline;
import dev.strata.pipeline.RetryPolicy;
import dev.strata.pipeline.RunResult;
import dev.strata.pipeline.Step;
import dev.strata.pipeline.WriteMode;
import dev.strata.pipeline.run.ReportPaths;
import dev.strata.pipeline.run.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real pipeline run with this module on the classpath gets its report without asking: the
 * pipeline finds {@link HtmlRunReportWriter} through {@link java.util.ServiceLoader}, which writes
 * the run model beside the page, and the page holds the run's engine jobs read from its event log.
 */
class PipelineRunReportTest {
  @TempDir Path tmp;

  @Test
  void aPipelineRunWritesItsModelAndItsPageThroughTheInstalledWriter() throws Exception {
    Path csv = tmp.resolve("events.csv");
    Files.writeString(
        csv, "id,day,amount\n1,2024-01-01,5\n2,2024-01-01,7\n3,2024-01-02,1\n4,2024-01-02,2\n");
    StructType schema =
        new StructType(
            List.of(
                new StructField("id", PrimitiveType.LONG, true, Map.of()),
                new StructField("day", PrimitiveType.DATE, true, Map.of()),
                new StructField("amount", PrimitiveType.INTEGER, true, Map.of())));
    String lakehouse = tmp.resolve("lh").toString();
    Pipeline p =
        Pipeline.builder("events")
            .lakehouse(lakehouse)
            .partitioning(Partitioning.daily("day"))
            .retry(RetryPolicy.none())
            .step(
                Step.named("raw")
                    .input(
                        "events", Input.csv(csv.toString()).schema(schema).option("header", "true"))
                    .transform(
                        (in, day) -> in.get("events").where(col("day").equalTo(lit(day.date()))))
                    .target("raw/events")
                    .mode(WriteMode.replacePartition())
                    .build())
            .step(
                Step.named("daily")
                    .input("raw", "raw/events")
                    .transform(
                        (in, day) -> in.partition("raw").groupBy("day").agg(count(lit(1)).as("n")))
                    .target("daily/counts")
                    .mode(WriteMode.replacePartition())
                    .build())
            .build();

    RunResult r;
    try (Strata strata = Strata.builder().parallelism(2).build()) {
      r = p.run(strata).range("2024-01-01", "2024-01-02").execute();
    }

    assertThat(r.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(r.report()).isEqualTo(ReportPaths.htmlReport(p.lakehouse(), r.runId()));
    RunReport model =
        RunReportJson.fromJson(
            Files.readString(StoragePaths.toLocalPath(ReportPaths.runModel(lakehouse, r.runId()))));
    assertThat(model.runId()).isEqualTo(r.runId());
    assertThat(model.steps())
        .hasSize(4)
        .allMatch(s -> s.status() == Status.SUCCEEDED && !s.retried());
    assertThat(model.edges()).hasSize(2);

    Document page = Jsoup.parse(Files.readString(StoragePaths.toLocalPath(r.report())));
    assertThat(page.select("#pipeline-dag g.node")).hasSize(4);
    assertThat(page.text()).contains("daily/2024-01-02");
    // The engine jobs come from the run's own event log, joined by job tag.
    EngineEventLog events =
        EngineEventLog.read(StoragePaths.toLocalPath(ReportPaths.eventLog(lakehouse, r.runId())));
    assertThat(events.jobsFor("daily/2024-01-02", List.of())).isNotEmpty();
    assertThat(page.select("svg.stage-graph g.stage")).isNotEmpty();
  }
}
