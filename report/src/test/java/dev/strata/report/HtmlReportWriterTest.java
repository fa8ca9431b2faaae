package dev.strata.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.events.Status;
import dev.strata.pipeline.run.RunReport;
import dev.strata.pipeline.run.StepAttempt;
import dev.strata.pipeline.run.StepEdge;
import dev.strata.pipeline.run.StepKey;
import dev.strata.pipeline.run.StepRun;
import dev.strata.pipeline.run.TableChange;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

class HtmlReportWriterTest {
  private static final EngineEventLog log = TestRuns.ordersLog();
  private static final RunReport run = TestRuns.ordersRun(log);
  private static final Document doc = Jsoup.parse(HtmlReportWriter.render(run, log));

  @Test
  void everyStageOfEveryJobAppearsWithItsMetrics() {
    for (JobReport j : log.jobs()) {
      Element job = doc.selectFirst(".job[data-job-id=" + j.jobId() + "]");
      assertThat(job).as("job %d", j.jobId()).isNotNull();
      assertThat(job.select("svg.stage-graph g.stage")).hasSize(j.stages().size());
      for (StageReport s : j.stages()) {
        Element box = job.selectFirst("g.stage[data-stage-id=" + s.stageId() + "]");
        assertThat(box).as("stage box %d", s.stageId()).isNotNull();
        assertThat(box.hasClass("skipped")).isEqualTo(s.skipped());
        Element row = job.selectFirst("table.stages tr[data-stage-id=" + s.stageId() + "]");
        StageMetrics m = s.metrics();
        assertThat(cell(row, "tasks")).isEqualTo(Integer.toString(m.tasks()));
        assertThat(cell(row, "rows in")).isEqualTo(Html.count(m.inputRows()));
        assertThat(cell(row, "rows out")).isEqualTo(Html.count(m.outputRows()));
        assertThat(cell(row, "bytes in")).isEqualTo(Html.bytes(m.inputBytes()));
        assertThat(cell(row, "shuffle read")).isEqualTo(Html.bytes(m.shuffleReadBytes()));
        assertThat(cell(row, "shuffle write")).isEqualTo(Html.bytes(m.shuffleWriteBytes()));
        assertThat(cell(row, "spill")).isEqualTo(Html.bytes(m.spillBytes()));
        assertThat(cell(row, "duration")).isEqualTo(Html.millis(m.durationMs()));
        assertThat(cell(row, "exchange")).isEqualTo(s.exchange());
        // The box shows the same numbers as the table.
        assertThat(box.text())
            .contains(m.tasks() + " tasks")
            .contains(Html.count(m.inputRows()) + " \u2192 " + Html.count(m.outputRows()))
            .contains("spill " + Html.bytes(m.spillBytes()));
        if (s.hasExchange()) {
          assertThat(box.text()).contains(s.exchange() + " exchange");
        }
      }
      // One edge per parent link inside the job.
      long links =
          j.stages().stream()
              .flatMap(s -> s.parents().stream())
              .filter(p -> j.stage(p).isPresent())
              .count();
      assertThat(job.select("svg.stage-graph path.edge")).hasSize((int) links);
    }
  }

  @Test
  void theFixtureLogHasTheCasesThePageMustShow() {
    // Guards the fixture: a cached stage, every exchange kind, a spill, a failed task and job.
    List<StageReport> stages = log.jobs().stream().flatMap(j -> j.stages().stream()).toList();
    assertThat(stages).anyMatch(StageReport::skipped);
    assertThat(stages)
        .extracting(StageReport::exchange)
        .contains("hash", "broadcast", "range", "none");
    assertThat(stages).anyMatch(s -> s.metrics().spillBytes() > 0);
    assertThat(log.tasks()).anyMatch(t -> t.status() == Status.FAILED);
    assertThat(log.jobs()).anyMatch(j -> j.status() == Status.FAILED);
    assertThat(doc.select("g.stage.skipped")).isNotEmpty();
  }

  @Test
  void pipelineGraphHasOneNodePerStepAndPartitionColouredByOutcome() {
    Elements nodes = doc.select("#pipeline-dag g.node");
    assertThat(nodes).hasSize(run.steps().size());
    assertThat(doc.select("#pipeline-dag path.edge")).hasSize(run.edges().size());
    for (StepRun s : run.steps()) {
      Element node =
          nodes.stream()
              .filter(
                  n ->
                      n.selectFirst("title")
                          .text()
                          .startsWith(s.key().step() + " / " + s.key().partition()))
              .findFirst()
              .orElseThrow();
      String shade =
          s.retried()
              ? "retried"
              : s.status() == Status.SUCCEEDED
                  ? "ok"
                  : s.status() == Status.UPSTREAM_FAILED ? "blocked" : s.status().name();
      assertThat(node.hasClass("st-" + shade.toLowerCase())).isTrue();
      Element detail = doc.getElementById("nd-" + node.attr("data-node"));
      assertThat(detail).isNotNull();
      for (StepAttempt a : s.attempts()) {
        if (a.error() != null) {
          // Errors are on hover (title) and in the click detail.
          assertThat(node.selectFirst("title").wholeText()).contains(a.error().strip());
          assertThat(detail.html()).contains(Html.esc(a.error()));
        }
      }
    }
    assertThat(doc.select("#pipeline-dag g.node.st-retried"))
        .hasSize((int) run.steps().stream().filter(StepRun::retried).count());
  }

  @Test
  void timelineHasOneBarPerTaskAttemptInOneLanePerThread() {
    assertThat(doc.select("#gantt rect.task")).hasSize(TestRuns.onLanes(log));
    long threads = log.tasks().stream().map(TaskReport::thread).distinct().count();
    assertThat(doc.select("#gantt g.lane")).hasSize((int) threads);
    long failed = log.tasks().stream().filter(t -> t.status() == Status.FAILED).count();
    assertThat(doc.select("#gantt rect.task.failed")).hasSize((int) failed);
  }

  @Test
  void tableChangesCopyCommitInfoWithoutLinks() {
    Elements rows = doc.select("table.changes tbody tr");
    assertThat(rows).hasSize(run.steps().size());
    for (StepRun s : run.steps()) {
      TableChange c = s.tableChange().orElseThrow();
      Element row =
          rows.stream().filter(r -> r.child(0).text().equals(s.tag())).findFirst().orElseThrow();
      assertThat(row.selectFirst(".version").text()).isEqualTo(Long.toString(c.version()));
      assertThat(row.selectFirst(".path").text()).isEqualTo(c.tablePath());
      String shown = row.selectFirst("pre.commit-info").wholeText().replaceAll("\\s", "");
      assertThat(shown).isEqualTo(c.commitInfoJson().replaceAll("\\s", ""));
      // The "<b>" inside the commitInfo stays text.
      assertThat(row.select("pre.commit-info b")).isEmpty();
    }
    assertThat(doc.select("a")).isEmpty();
  }

  @Test
  void pageIsSelfContained() {
    assertThat(doc.select("link, img, iframe, object, embed, [src], [href]")).isEmpty();
    assertThat(doc.select("script")).hasSize(1);
    assertThat(doc.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content"))
        .startsWith("default-src 'none'");
    String html = doc.outerHtml();
    assertThat(html).doesNotContain("http://", "https://", "@import", "url(http");
  }

  @Test
  void hostileNamesAndErrorsAreEscaped() {
    String evil = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>";
    Instant t = Instant.parse("2024-01-01T00:00:00Z");
    StepKey key = new StepKey("s" + evil, "p" + evil);
    RunReport r =
        new RunReport(
            "pipe" + evil,
            "run" + evil,
            t,
            t.plusSeconds(1),
            List.of(
                new StepRun(
                    key,
                    Status.FAILED,
                    List.of(StepAttempt.failed(1, t, t.plusSeconds(1), "boom " + evil)),
                    List.of(),
                    Optional.of(
                        new TableChange(
                            "file:/t" + evil,
                            3,
                            1,
                            2,
                            0,
                            0,
                            "{\"x\":\"" + evil.replace("\"", "\\\"") + "\"}")))),
            List.of());
    String line =
        "{\"event\":\"JobStart\",\"jobId\":1,\"time\":1,\"tag\":\"%s\",\"description\":\"d%s\","
            + "\"stages\":[{\"stageId\":0,\"name\":\"n%s\",\"parents\":[],\"numTasks\":1,"
            + "\"exchange\":\"hash%s\",\"operators\":[\"o%s\"]}]}\n"
            + "{\"event\":\"TaskEnd\",\"jobId\":1,\"stageId\":0,\"partition\":0,\"attempt\":0,"
            + "\"thread\":\"w%s\",\"start\":1,\"end\":2,\"status\":\"FAILED\",\"error\":\"e%s\"}\n";
    String j = evil.replace("\"", "\\\"");
    EngineEventLog l =
        EngineEventLog.parse(
            String.format(line, key.tag().replace("\"", "\\\""), j, j, j, j, j, j));
    String html = HtmlReportWriter.render(r, l);
    Document d = Jsoup.parse(html);
    assertThat(d.select("script")).hasSize(1);
    assertThat(d.select("img")).isEmpty();
    assertThat(d.select("[onerror]")).isEmpty();
    assertThat(html).doesNotContain("<script>alert");
    assertThat(d.title()).contains(evil);
    assertThat(d.selectFirst(".job").text()).contains("d" + evil);
    // Node details live in <template>: parse them as a browser would when cloning.
    Document detail = Jsoup.parseBodyFragment(d.getElementById("nd-0").html());
    assertThat(detail.select("script, img")).isEmpty();
    assertThat(detail.selectFirst("pre.error").text()).isEqualTo("boom " + evil);
  }

  @Test
  void aJobLogAloneRendersJobsAndTimelineWithoutAPipeline() {
    Document d = Jsoup.parse(HtmlReportWriter.renderJobLog(log, "orders-run.jsonl"));
    assertThat(d.getElementById("pipeline")).isNull();
    assertThat(d.getElementById("tables")).isNull();
    assertThat(d.select(".job")).hasSize(log.jobs().size());
    assertThat(d.select("details.job-group"))
        .extracting(e -> e.attr("data-tag"))
        .containsExactlyElementsOf(log.jobs().stream().map(JobReport::tag).distinct().toList());
    assertThat(d.select("#gantt rect.task")).hasSize(TestRuns.onLanes(log));
  }

  @Test
  void aBackfillOfThirtyPartitionsStaysCompact() {
    RunReport backfill = TestRuns.backfill(30);
    String html = HtmlReportWriter.render(backfill, new EngineEventLog(List.of(), List.of()));
    Document d = Jsoup.parse(html);
    Element svg = d.getElementById("pipeline-dag");
    assertThat(d.select("#pipeline-dag g.node")).hasSize(90);
    // Three columns headed by their step; nodes labelled by partition alone.
    assertThat(d.select("#pipeline-dag text.col"))
        .extracting(Element::text)
        .containsExactly("bronze", "silver", "gold");
    assertThat(d.select("#pipeline-dag g.node > text").first().text()).startsWith("2024-01-");
    assertThat(Double.parseDouble(svg.attr("width"))).isLessThan(700);
    assertThat(Double.parseDouble(svg.attr("height"))).isLessThan(30 * 28 + 60);
    assertThat(html.length()).isLessThan(120_000);
  }

  @Test
  void aLongBackfillGetsThinnerRows() {
    Document d =
        Jsoup.parse(
            HtmlReportWriter.render(
                TestRuns.backfill(120), new EngineEventLog(List.of(), List.of())));
    Element svg = d.getElementById("pipeline-dag");
    assertThat(svg.hasClass("compact")).isTrue();
    assertThat(d.select("#pipeline-dag g.node")).hasSize(360);
    assertThat(Double.parseDouble(svg.attr("height"))).isLessThan(120 * 18 + 60);
    assertThat(
            Jsoup.parse(
                    HtmlReportWriter.render(
                        TestRuns.backfill(30), new EngineEventLog(List.of(), List.of())))
                .getElementById("pipeline-dag")
                .hasClass("compact"))
        .isFalse();
  }

  @Test
  void theTimelineHasABandWithEveryJob() {
    assertThat(doc.select("#gantt g.jobs-band rect.job-span")).hasSize(log.jobs().size());
    assertThat(doc.select("#gantt g.jobs-band rect.job-span.failed"))
        .hasSize((int) log.jobs().stream().filter(j -> j.status() == Status.FAILED).count());
  }

  @Test
  void ninetyNodesWithTheirJobsAndHundredsOfTasksStaySmall() {
    RunReport backfill = TestRuns.backfill(30);
    EngineEventLog l = EngineEventLog.parse(TestRuns.syntheticLog(backfill, 5, 4));
    String html = HtmlReportWriter.render(backfill, l);
    Document d = Jsoup.parse(html);
    assertThat(l.tasks()).hasSizeGreaterThan(300);
    assertThat(d.select("svg.stage-graph g.stage"))
        .hasSize(l.jobs().stream().mapToInt(j -> j.stages().size()).sum());
    assertThat(d.select("#gantt rect.task")).hasSize(TestRuns.onLanes(l));
    // Every node that ran links to its job.
    Map<String, Element> templates = new HashMap<>();
    d.select("template").forEach(t -> templates.put(t.id(), t));
    Map<String, String> nodeByTitle = new HashMap<>();
    for (Element n : d.select("#pipeline-dag g.node")) {
      String title = n.selectFirst("title").text();
      nodeByTitle.put(title.substring(0, title.indexOf(':')), n.attr("data-node"));
    }
    for (StepRun s : backfill.steps()) {
      String node = nodeByTitle.get(s.key().step() + " / " + s.key().partition());
      Element t = templates.get("nd-" + node);
      assertThat(t.html().contains("data-goto")).isEqualTo(!s.attempts().isEmpty());
    }
    HtmlReportWriter.write(html, java.nio.file.Path.of("target/report-browser/scale-90.html"));
    assertThat(html.length()).isLessThan(800_000);
  }

  @Test
  void anUnpartitionedStepIsOneNodeFeedingEveryPartitionAndFindsItsJob() {
    Instant t = Instant.parse("2024-01-01T00:00:00Z");
    StepKey dim = new StepKey("dim_customers", "");
    List<StepRun> steps = new java.util.ArrayList<>();
    List<StepEdge> edges = new java.util.ArrayList<>();
    steps.add(
        new StepRun(
            dim,
            Status.SUCCEEDED,
            List.of(StepAttempt.succeeded(1, t, t.plusSeconds(1))),
            List.of(),
            Optional.empty()));
    for (String day : List.of("2024-01-01", "2024-01-02", "2024-01-03")) {
      StepKey k = new StepKey("silver", day);
      steps.add(
          new StepRun(
              k,
              Status.SUCCEEDED,
              List.of(StepAttempt.succeeded(1, t, t.plusSeconds(2))),
              List.of(),
              Optional.empty()));
      edges.add(new StepEdge(dim, k));
    }
    RunReport r = new RunReport("p", "r", t, t.plusSeconds(3), steps, edges);
    EngineEventLog l =
        EngineEventLog.parse(
            "{\"event\":\"JobStart\",\"jobId\":5,\"time\":1,\"tag\":\"dim_customers\",\"stages\":[]}\n");
    Document d = Jsoup.parse(HtmlReportWriter.render(r, l));
    assertThat(d.select("#pipeline-dag g.node")).hasSize(4);
    assertThat(d.select("#pipeline-dag path.edge")).hasSize(3);
    Element dimNode =
        d.select("#pipeline-dag g.node").stream()
            .filter(n -> n.selectFirst("title").text().startsWith("dim_customers:"))
            .findFirst()
            .orElseThrow();
    assertThat(dimNode.selectFirst("text").text()).isEqualTo("dim_customers");
    assertThat(d.getElementById("nd-" + dimNode.attr("data-node")).html()).contains("job 5");
    assertThat(d.select("details.job-group[data-tag=dim_customers] .job[data-job-id=5]"))
        .hasSize(1);
  }

  /** The text of a stage-table row's cell under the column headed {@code header}. */
  private static String cell(Element row, String header) {
    Elements heads = row.closest("table").select("thead th");
    for (int i = 0; i < heads.size(); i++) {
      if (heads.get(i).text().equals(header)) {
        return row.child(i).text();
      }
    }
    throw new AssertionError("no column " + header);
  }
}
