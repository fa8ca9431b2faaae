package dev.strata.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.cli.StrataCli;
import dev.strata.engine.events.Status;
import dev.strata.pipeline.run.RunReport;
import dev.strata.pipeline.run.StepAttempt;
import dev.strata.pipeline.run.StepEdge;
import dev.strata.pipeline.run.StepKey;
import dev.strata.pipeline.run.StepRun;
import dev.strata.pipeline.run.TableChange;
import dev.strata.report.RunReportJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 1];
    all[0] = "report";
    System.arraycopy(args, 0, all, 1, args.length);
    int code = StrataCli.execute(new PrintWriter(out), new PrintWriter(err), all);
    return new Result(code, out.toString(), err.toString());
  }

  /** Two jobs of a silver step: a scan stage shuffling into a write stage, one retried task. */
  private static String eventLog(String tag) {
    return String.join(
            "\n",
            "{\"event\":\"JobStart\",\"jobId\":0,\"time\":1000,\"description\":\"write at silver\","
                + "\"tag\":\""
                + tag
                + "\",\"stages\":[{\"stageId\":0,\"name\":\"Exchange <- Scan bronze\",\"parents\":[],"
                + "\"numTasks\":2,\"exchange\":\"hash\",\"skipped\":false,\"operators\":[\"Scan\"]},"
                + "{\"stageId\":1,\"name\":\"WriteFiles <- Exchange\",\"parents\":[0],\"numTasks\":1,"
                + "\"exchange\":\"none\",\"skipped\":false,\"operators\":[\"WriteFiles\"]}]}",
            "{\"event\":\"TaskEnd\",\"jobId\":0,\"stageId\":0,\"partition\":0,\"attempt\":0,"
                + "\"thread\":\"strata-worker-0\",\"start\":1001,\"end\":1050,\"status\":\"SUCCESS\","
                + "\"inputRows\":500,\"outputRows\":500,\"shuffleWriteBytes\":4000}",
            "{\"event\":\"TaskEnd\",\"jobId\":0,\"stageId\":0,\"partition\":1,\"attempt\":0,"
                + "\"thread\":\"strata-worker-1\",\"start\":1001,\"end\":1020,\"status\":\"FAILED\","
                + "\"error\":\"java.io.IOException: reset\"}",
            "{\"event\":\"TaskEnd\",\"jobId\":0,\"stageId\":0,\"partition\":1,\"attempt\":1,"
                + "\"thread\":\"strata-worker-1\",\"start\":1021,\"end\":1060,\"status\":\"SUCCESS\","
                + "\"inputRows\":400,\"outputRows\":400,\"shuffleWriteBytes\":3000}",
            "{\"event\":\"StageEnd\",\"jobId\":0,\"stageId\":0,\"time\":1060,\"status\":\"SUCCESS\","
                + "\"numTasks\":2,\"inputRows\":900,\"outputRows\":900,\"shuffleWriteBytes\":7000,"
                + "\"durationMs\":60}",
            "{\"event\":\"TaskEnd\",\"jobId\":0,\"stageId\":1,\"partition\":0,\"attempt\":0,"
                + "\"thread\":\"strata-worker-0\",\"start\":1061,\"end\":1090,\"status\":\"SUCCESS\","
                + "\"shuffleReadBytes\":7000,\"outputRows\":880}",
            "{\"event\":\"JobEnd\",\"jobId\":0,\"time\":1091,\"status\":\"SUCCESS\",\"error\":null}")
        + "\n";
  }

  private static RunReport runModel(String runId) {
    Instant t = Instant.ofEpochMilli(900);
    StepKey bronze = new StepKey("bronze", "2024-01-17");
    StepKey silver = new StepKey("silver", "2024-01-17");
    return new RunReport(
        "orders",
        runId,
        t,
        t.plusMillis(300),
        List.of(
            new StepRun(bronze, Status.SKIPPED, List.of(), List.of(), Optional.empty()),
            new StepRun(
                silver,
                Status.SUCCEEDED,
                List.of(StepAttempt.succeeded(1, t.plusMillis(100), t.plusMillis(200))),
                List.of(),
                Optional.of(
                    TableChange.fromCommitInfo(
                        "file:/lh/silver/orders",
                        12,
                        "{\"operation\":\"WRITE\",\"operationMetrics\":{\"numFiles\":\"1\"}}")))),
        List.of(new StepEdge(bronze, silver)));
  }

  @Test
  void isASubcommandOfStrataWithHelp() {
    Result help = run("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("--job-log").contains("--lakehouse").contains("--out");
  }

  @Test
  void reportsARunFromTheLakehouseIntoItsReportsDirectory() throws Exception {
    Path lake = dir.resolve("lake");
    Files.createDirectories(lake.resolve("_strata/events"));
    Files.createDirectories(lake.resolve("_strata/reports"));
    Files.writeString(lake.resolve("_strata/events/r-1.jsonl"), eventLog("silver/2024-01-17"));
    Files.writeString(
        lake.resolve("_strata/reports/r-1.json"), RunReportJson.toJson(runModel("r-1")));

    Result r = run("r-1", "--lakehouse", lake.toString());

    assertThat(r.code()).as(r.err()).isZero();
    Path report = lake.resolve("_strata/reports/r-1.html");
    assertThat(r.out().strip()).isEqualTo(report.toString());
    String html = Files.readString(report);
    assertThat(html)
        .contains("id=\"pipeline-dag\"")
        .contains("class=\"node st-skipped\"")
        .contains("data-job-id=\"0\"")
        .contains("data-stage-id=\"1\"")
        .contains("file:/lh/silver/orders");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void reportsAnEventLogAloneNextToItOrWhereAsked() throws Exception {
    Path log = dir.resolve("events.jsonl");
    Files.writeString(log, eventLog("silver/2024-01-17") + "{\"event\":\"TaskEnd\",\"job");

    Result r = run("--job-log", log.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Path report = dir.resolve("events.html");
    assertThat(r.out().strip()).isEqualTo(report.toString());
    assertThat(Files.readString(report))
        .contains("id=\"gantt\"")
        .contains("Exchange &lt;- Scan bronze")
        .doesNotContain("id=\"pipeline-dag\"");
    assertThat(r.err()).contains("warning: line 8");

    Path custom = dir.resolve("out/jobs.html");
    Result r2 = run("--job-log", log.toString(), "--out", custom.toString());
    assertThat(r2.code()).isZero();
    assertThat(custom).isRegularFile();
  }

  @Test
  void aRunWithOnlyAnEventLogStillGetsAReport() throws Exception {
    Path lake = dir.resolve("lake");
    Files.createDirectories(lake.resolve("_strata/events"));
    Files.writeString(lake.resolve("_strata/events/r-2.jsonl"), eventLog("silver/2024-01-17"));
    Path out = dir.resolve("r2.html");

    Result r = run("r-2", "--lakehouse", lake.toString(), "--out", out.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(out)).contains("data-job-id=\"0\"");
    assertThat(r.err()).contains("no run model");
    assertThat(lake.resolve("_strata/reports")).doesNotExist();
  }

  @Test
  void anUnknownRunFailsNamingWhereItLookedAndWritesNothing() throws Exception {
    Path lake = dir.resolve("lake");
    Files.createDirectories(lake);

    Result r = run("nope", "--lakehouse", lake.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("strata: error: No run 'nope'")
        .contains("_strata/reports/nope.json");
    try (Stream<Path> files = Files.walk(lake)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void needsExactlyOneOfRunIdAndJobLog() throws Exception {
    Result none = run();
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.err()).startsWith("strata: error: ").contains("exactly one");
    Path log = dir.resolve("e.jsonl");
    Files.writeString(log, eventLog("x/1"));
    Result both = run("r", "--job-log", log.toString());
    assertThat(both.code()).isEqualTo(1);
    assertThat(both.err()).contains("exactly one");
    assertThat(run("../etc", "--lakehouse", dir.toString()).err()).contains("Invalid run id");
    Result missing = run("--job-log", dir.resolve("missing.jsonl").toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("missing.jsonl").doesNotContain("\tat ");
  }
}
