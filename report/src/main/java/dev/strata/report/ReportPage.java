package dev.strata.report;

import static dev.strata.report.Html.bytes;
import static dev.strata.report.Html.count;
import static dev.strata.report.Html.cut;
import static dev.strata.report.Html.esc;
import static dev.strata.report.Html.millis;
import static dev.strata.report.Html.num;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.engine.events.Status;
import dev.strata.pipeline.run.RunReport;
import dev.strata.pipeline.run.StepAttempt;
import dev.strata.pipeline.run.StepEdge;
import dev.strata.pipeline.run.StepKey;
import dev.strata.pipeline.run.StepRun;
import dev.strata.pipeline.run.TableChange;
import dev.strata.report.LayeredLayout.Box;
import dev.strata.report.LayeredLayout.Direction;
import dev.strata.report.LayeredLayout.Point;
import dev.strata.report.LayeredLayout.Route;
import dev.strata.report.LayeredLayout.Size;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Builds the report page; one instance per page. */
final class ReportPage {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String CSS = resource("report.css");
  private static final String JS = resource("report.js");

  // SVG text is monospace so that widths can be computed here without a font engine.
  private static final double CHAR_W = 6.7;
  private static final double STAGE_W = 236;
  private static final int STAGE_LINE = 14;
  private static final int STAGE_CHARS = 33;
  private static final int GANTT_W = 1100;
  private static final int GANTT_LABEL = 150;
  private static final int GANTT_ROW = 16;

  private final Optional<RunReport> run;
  private final EngineEventLog log;
  private final String title;
  private final StringBuilder out = new StringBuilder(64 * 1024);
  // Page-wide index of each job, for element ids (job ids may repeat across sessions).
  private final Map<JobReport, Integer> jobIndex = new IdentityHashMap<>();

  ReportPage(Optional<RunReport> run, EngineEventLog log, String title) {
    this.run = run;
    this.log = log;
    this.title = title;
    for (int i = 0; i < log.jobs().size(); i++) {
      jobIndex.put(log.jobs().get(i), i);
    }
  }

  String render() {
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        // The page must never reach the network: the policy blocks every fetch it could make.
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
        .append("style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(esc(title))
        .append("</title>\n<style>")
        .append(CSS)
        .append("</style></head><body>\n")
        .append("<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\">")
        .append("<defs><marker id=\"arr\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" ")
        .append("markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">")
        .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs></svg>\n");
    header();
    run.ifPresent(this::pipelineSection);
    timelineSection();
    jobsSection();
    run.ifPresent(this::tablesSection);
    out.append("<script>").append(JS).append("</script>\n</body></html>\n");
    return out.toString();
  }

  // ---------------------------------------------------------------- header

  private void header() {
    out.append("<header><h1>").append(esc(title)).append("</h1>\n<dl class=\"summary\">");
    run.ifPresent(
        r -> {
          dt("Pipeline", r.pipeline());
          dt("Run", r.runId());
          dt("Started", Html.time(r.start()));
          dt("Ended", Html.time(r.end()));
          dt("Duration", millis(r.end().toEpochMilli() - r.start().toEpochMilli()));
          StringBuilder outcomes = new StringBuilder();
          for (Shade o : Shade.values()) {
            outcomes.append(outcomes.length() == 0 ? "" : ", ");
            outcomes.append(Shade.count(r, o)).append(' ').append(o.word());
          }
          dt("Steps \u00d7 partitions", r.steps().size() + " (" + outcomes + ")");
        });
    List<TaskReport> tasks = log.tasks();
    dt("Engine jobs", log.jobs().size() + " (" + tasks.size() + " task attempts)");
    long failedJobs = log.jobs().stream().filter(j -> j.status() == Status.FAILED).count();
    if (failedJobs > 0) {
      dt("Failed jobs", Long.toString(failedJobs));
    }
    out.append("</dl>\n");
    if (!log.warnings().isEmpty()) {
      out.append("<div class=\"warn\"><b>Event log lines skipped:</b><ul>");
      log.warnings().stream()
          .limit(20)
          .forEach(w -> out.append("<li>").append(esc(w)).append("</li>"));
      out.append("</ul></div>\n");
    }
    out.append("</header>\n");
  }

  private void dt(String k, String v) {
    out.append("<div><dt>").append(esc(k)).append("</dt><dd>").append(esc(v)).append("</dd></div>");
  }

  // ---------------------------------------------------------------- pipeline DAG

  private void pipelineSection(RunReport r) {
    List<StepRun> nodes = orderedNodes(r);
    Map<StepKey, Integer> index = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      index.put(nodes.get(i).key(), i);
    }
    List<int[]> edges = new ArrayList<>();
    for (StepEdge e : r.edges()) {
      Integer a = index.get(e.from());
      Integer b = index.get(e.to());
      if (a != null && b != null) {
        edges.add(new int[] {a, b});
      }
    }
    // Label nodes by partition alone when a column holds a single step: the step goes in the
    // column header, which keeps 30 partitions x 3 steps narrow enough to read.
    LayeredLayout layout = new LayeredLayout(Direction.LEFT_RIGHT, 6, 56, 8);
    int[] firstLayers =
        layout.layout(nodes.stream().map(n -> new Size(10, 10)).toList(), edges).layers();
    Map<Integer, Set<String>> stepsPerLayer = new TreeMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      stepsPerLayer
          .computeIfAbsent(firstLayers[i], k -> new LinkedHashSet<>())
          .add(nodes.get(i).key().step());
    }
    List<String> labels = new ArrayList<>();
    int maxLabel = 4;
    for (int i = 0; i < nodes.size(); i++) {
      StepKey k = nodes.get(i).key();
      boolean alone = stepsPerLayer.get(firstLayers[i]).size() == 1 && !k.partition().isEmpty();
      String label = cut(alone ? k.partition() : (k.step() + " " + k.partition()).strip(), 34);
      labels.add(label);
      maxLabel = Math.max(maxLabel, label.length());
    }
    // Past 60 nodes in a column (a long backfill) rows get thinner so the graph stays scannable.
    Map<Integer, Integer> perLayer = new HashMap<>();
    for (int l : firstLayers) {
      perLayer.merge(l, 1, Integer::sum);
    }
    boolean compact = perLayer.values().stream().anyMatch(c -> c > 60);
    double w = Math.min(260, (compact ? 28 : 34) + (compact ? 6.1 : CHAR_W) * maxLabel);
    double h = compact ? 15 : 22;
    double baseline = compact ? 11 : 15;
    LayeredLayout.Result res =
        new LayeredLayout(Direction.LEFT_RIGHT, compact ? 3 : 6, 56, 8)
            .layout(nodes.stream().map(n -> new Size(w, h)).toList(), edges);
    double headerH = 22;

    out.append("<section id=\"pipeline\"><h2>Pipeline</h2>\n<div class=\"legend\">");
    for (Shade o : Shade.values()) {
      out.append("<span class=\"key ")
          .append(o.cls())
          .append("\">")
          .append(o.word())
          .append(" ")
          .append(Shade.count(r, o))
          .append("</span>");
    }
    out.append("<span class=\"hint\">hover a node for its attempts, click it for details</span>");
    out.append("</div>\n<div class=\"dag-wrap\"><div class=\"scroll\">");
    out.append("<svg id=\"pipeline-dag\" class=\"dag")
        .append(compact ? " compact" : "")
        .append("\" width=\"")
        .append(num(res.width()))
        .append("\" height=\"")
        .append(num(res.height() + headerH))
        .append("\" role=\"img\" aria-label=\"pipeline graph\">");
    // Column headers: the steps of each layer.
    Map<Integer, double[]> layerX = new TreeMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      Box b = res.boxes().get(i);
      layerX.merge(
          res.layers()[i],
          new double[] {b.x(), b.x() + b.width()},
          (a, c) -> new double[] {Math.min(a[0], c[0]), Math.max(a[1], c[1])});
    }
    for (Map.Entry<Integer, double[]> e : layerX.entrySet()) {
      String steps = String.join(", ", stepsPerLayer.get(e.getKey()));
      out.append("<text class=\"col\" x=\"")
          .append(num(e.getValue()[0]))
          .append("\" y=\"15\">")
          .append(esc(cut(steps, (int) ((e.getValue()[1] - e.getValue()[0]) / 7.5))))
          .append("</text>");
    }
    out.append("<g transform=\"translate(0,").append(num(headerH)).append(")\">");
    out.append("<g class=\"edges\">");
    for (Route route : res.routes()) {
      edgePath(route.points(), Direction.LEFT_RIGHT, "");
    }
    out.append("</g>");
    for (int i = 0; i < nodes.size(); i++) {
      StepRun s = nodes.get(i);
      Box b = res.boxes().get(i);
      out.append("<g class=\"node ")
          .append(Shade.of(s).cls())
          .append("\" data-node=\"")
          .append(i)
          .append("\" tabindex=\"0\"><title>")
          .append(esc(nodeTooltip(s)))
          .append("</title><rect x=\"")
          .append(num(b.x()))
          .append("\" y=\"")
          .append(num(b.y()))
          .append("\" width=\"")
          .append(num(b.width()))
          .append("\" height=\"")
          .append(num(b.height()))
          .append("\" rx=\"4\"/><text x=\"")
          .append(num(b.x() + 7))
          .append("\" y=\"")
          .append(num(b.y() + baseline))
          .append("\">")
          .append(esc(labels.get(i)))
          .append("</text>");
      if (s.attempts().size() > 1) {
        out.append("<text class=\"badge\" x=\"")
            .append(num(b.x() + b.width() - 6))
            .append("\" y=\"")
            .append(num(b.y() + baseline))
            .append("\" text-anchor=\"end\">\u00d7")
            .append(s.attempts().size())
            .append("</text>");
      }
      out.append("</g>");
    }
    out.append("</g></svg></div>\n<aside id=\"node-detail\" class=\"detail\">")
        .append("<p class=\"hint\">Select a node to see its attempts, jobs and commit.</p>")
        .append("</aside></div>\n");
    for (int i = 0; i < nodes.size(); i++) {
      nodeDetail(i, nodes.get(i));
    }
    out.append("</section>\n");
  }

  /** Nodes sorted by partition first, so the first column starts in partition order. */
  private static List<StepRun> orderedNodes(RunReport r) {
    List<StepRun> nodes = new ArrayList<>(r.steps());
    nodes.sort(Comparator.comparing((StepRun s) -> s.key().partition()));
    return nodes;
  }

  private static String nodeTooltip(StepRun s) {
    StringBuilder t = new StringBuilder();
    t.append(s.key().step())
        .append(s.key().partition().isEmpty() ? "" : " / " + s.key().partition())
        .append(": ")
        .append(Shade.of(s).word());
    t.append(", ").append(s.attempts().size()).append(" attempt(s)");
    for (StepAttempt a : s.attempts()) {
      t.append("\nattempt ")
          .append(a.number())
          .append(": ")
          .append(millis(a.end().toEpochMilli() - a.start().toEpochMilli()));
      a.errorMessage().ifPresent(e -> t.append(" failed: ").append(cut(e.strip(), 300)));
    }
    s.tableChange().ifPresent(c -> t.append("\ncommitted version ").append(c.version()));
    return t.toString();
  }

  private void nodeDetail(int i, StepRun s) {
    out.append("<template id=\"nd-").append(i).append("\"><h3>").append(esc(s.key().step()));
    if (!s.key().partition().isEmpty()) {
      out.append(" / ").append(esc(s.key().partition()));
    }
    out.append(" <span class=\"badge ")
        .append(Shade.of(s).cls())
        .append("\">")
        .append(Shade.of(s).word())
        .append("</span></h3>");
    if (s.attempts().isEmpty()) {
      out.append("<p>No attempt was made.</p>");
    } else {
      out.append("<table class=\"attempts\"><tr><th>#</th><th>start</th><th>duration</th>")
          .append("<th>result</th></tr>");
      for (StepAttempt a : s.attempts()) {
        out.append("<tr><td>")
            .append(a.number())
            .append("</td><td>")
            .append(esc(Html.time(a.start())))
            .append("</td><td>")
            .append(esc(millis(a.end().toEpochMilli() - a.start().toEpochMilli())))
            .append("</td><td>");
        if (a.errorMessage().isPresent()) {
          out.append("<pre class=\"error\">").append(esc(a.error())).append("</pre>");
        } else {
          out.append("ok");
        }
        out.append("</td></tr>");
      }
      out.append("</table>");
    }
    List<JobReport> jobs = log.jobsFor(s.tag(), s.jobIds());
    if (!jobs.isEmpty()) {
      out.append("<p>Engine jobs: ");
      for (JobReport j : jobs) {
        out.append("<button type=\"button\" class=\"goto\" data-goto=\"job-")
            .append(jobIndex.get(j))
            .append("\">job ")
            .append(j.jobId())
            .append("</button> ");
      }
      out.append("</p>");
    }
    s.tableChange()
        .ifPresent(
            c ->
                out.append("<p>Committed version ")
                    .append(c.version())
                    .append(" of <code>")
                    .append(esc(c.tablePath()))
                    .append("</code>: +")
                    .append(c.filesAdded())
                    .append(" files (")
                    .append(bytes(c.bytesAdded()))
                    .append("), \u2212")
                    .append(c.filesRemoved())
                    .append(" files (")
                    .append(bytes(c.bytesRemoved()))
                    .append(")</p>"));
    out.append("</template>\n");
  }

  /**
   * How a node is drawn: its status, with a success after failed attempts told apart and a node
   * that never ran (upstream failure, or cancelled before its first attempt) drawn as blocked.
   */
  private enum Shade {
    OK,
    SKIPPED,
    FAILED,
    BLOCKED,
    RETRIED;

    static Shade of(StepRun s) {
      return switch (s.status()) {
        case SUCCEEDED -> s.retried() ? RETRIED : OK;
        case SKIPPED -> SKIPPED;
        case UPSTREAM_FAILED -> BLOCKED;
        case CANCELLED -> s.attempts().isEmpty() ? BLOCKED : FAILED;
        case FAILED, RUNNING, UNKNOWN -> FAILED;
      };
    }

    static long count(RunReport r, Shade shade) {
      return r.steps().stream().filter(s -> of(s) == shade).count();
    }

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }

    String cls() {
      return "st-" + word();
    }
  }

  private void edgePath(List<Point> pts, Direction dir, String extraClass) {
    StringBuilder d = new StringBuilder();
    Point p0 = pts.get(0);
    d.append('M').append(num(p0.x())).append(',').append(num(p0.y()));
    for (int k = 1; k < pts.size(); k++) {
      Point a = pts.get(k - 1);
      Point b = pts.get(k);
      // Curve between layers, straight through a dummy's band.
      boolean band = k % 2 == 0 && k < pts.size() - 1;
      if (band) {
        d.append(" L").append(num(b.x())).append(',').append(num(b.y()));
      } else if (dir == Direction.TOP_DOWN) {
        double my = (a.y() + b.y()) / 2;
        d.append(" C").append(num(a.x())).append(',').append(num(my)).append(' ');
        d.append(num(b.x())).append(',').append(num(my)).append(' ');
        d.append(num(b.x())).append(',').append(num(b.y()));
      } else {
        double mx = (a.x() + b.x()) / 2;
        d.append(" C").append(num(mx)).append(',').append(num(a.y())).append(' ');
        d.append(num(mx)).append(',').append(num(b.y())).append(' ');
        d.append(num(b.x())).append(',').append(num(b.y()));
      }
    }
    out.append("<path class=\"edge")
        .append(extraClass)
        .append("\" d=\"")
        .append(d)
        .append("\" marker-end=\"url(#arr)\"/>");
  }

  // ---------------------------------------------------------------- Gantt

  private void timelineSection() {
    // A task cancelled while queued ran on no thread: it has no place on a worker's lane.
    List<TaskReport> tasks = log.tasks().stream().filter(t -> !t.thread().isEmpty()).toList();
    out.append("<section id=\"timeline\"><h2>Task timeline</h2>\n");
    if (tasks.isEmpty()) {
      out.append("<p class=\"hint\">No task ran.</p></section>\n");
      return;
    }
    Map<TaskReport, Integer> jobOf = new IdentityHashMap<>();
    for (JobReport j : log.jobs()) {
      for (TaskReport t : j.tasks()) {
        jobOf.put(t, jobIndex.get(j));
      }
    }
    TreeMap<String, List<TaskReport>> byThread = new TreeMap<>(ReportPage::naturalCompare);
    long t0 = Long.MAX_VALUE;
    long t1 = Long.MIN_VALUE;
    for (TaskReport t : tasks) {
      byThread.computeIfAbsent(t.thread(), k -> new ArrayList<>()).add(t);
      t0 = Math.min(t0, t.start().toEpochMilli());
      t1 = Math.max(t1, t.end().toEpochMilli());
    }
    for (JobReport j : log.jobs()) {
      if (!j.tasks().isEmpty()) {
        t0 = Math.min(t0, j.start().map(Instant::toEpochMilli).orElse(t0));
        t1 = Math.max(t1, j.end().map(Instant::toEpochMilli).orElse(t1));
      }
    }
    long span = Math.max(1, t1 - t0);
    double plotW = GANTT_W - GANTT_LABEL - 10;
    double scale = plotW / span;
    int rows = byThread.size();
    // One band above the lanes shows when each job ran, so gaps between tasks read as driver
    // time (planning, commits) or as idle cores.
    int axisH = 20 + GANTT_ROW;
    int height = axisH + rows * GANTT_ROW + 6;
    long busy =
        tasks.stream().mapToLong(t -> t.end().toEpochMilli() - t.start().toEpochMilli()).sum();
    out.append("<p class=\"hint\">")
        .append(rows)
        .append(" worker thread(s), ")
        .append(esc(millis(span)))
        .append(" from the first job's start to the last one's end, tasks busy ")
        .append(String.format(Locale.ROOT, "%.0f%%", 100.0 * busy / ((double) span * rows)))
        .append(". Colour = job; red = failed attempt. Hover a job below to highlight it.</p>\n");
    out.append("<div class=\"scroll\"><svg id=\"gantt\" class=\"gantt\" width=\"")
        .append(GANTT_W)
        .append("\" height=\"")
        .append(height)
        .append("\" role=\"img\" aria-label=\"task timeline\">");
    long step = niceStep(span / 8.0);
    for (long t = 0; t <= span; t += step) {
      double x = GANTT_LABEL + t * scale;
      out.append("<line class=\"tick\" x1=\"")
          .append(num(x))
          .append("\" x2=\"")
          .append(num(x))
          .append("\" y1=\"16\" y2=\"")
          .append(height)
          .append("\"/><text class=\"axis\" x=\"")
          // The last label would run off the right edge: end it at its tick instead.
          .append(x > GANTT_W - 50 ? num(x - 2) + "\" text-anchor=\"end" : num(x + 2))
          .append("\" y=\"12\">")
          .append(esc(millis(t)))
          .append("</text>");
    }
    out.append("<g class=\"jobs-band\" transform=\"translate(0,20)\">")
        .append("<text class=\"lane-label\" x=\"4\" y=\"12\">jobs</text>");
    for (JobReport j : log.jobs()) {
      List<TaskReport> jt = j.tasks();
      long js =
          j.start()
              .map(Instant::toEpochMilli)
              .orElse(jt.stream().mapToLong(t -> t.start().toEpochMilli()).min().orElse(t0));
      long je =
          j.end()
              .map(Instant::toEpochMilli)
              .orElse(jt.stream().mapToLong(t -> t.end().toEpochMilli()).max().orElse(js));
      js = Math.max(js, t0);
      je = Math.min(Math.max(je, js), t1);
      int idx = jobIndex.get(j);
      out.append("<rect class=\"job-span j")
          .append(idx % 10)
          .append(j.status() == Status.FAILED ? " failed" : "")
          .append("\" data-job=\"")
          .append(idx)
          .append("\" x=\"")
          .append(num(GANTT_LABEL + (js - t0) * scale))
          .append("\" y=\"3\" width=\"")
          .append(num(Math.max(1.5, (je - js) * scale)))
          .append("\" height=\"")
          .append(GANTT_ROW - 6)
          .append("\"><title>")
          .append(
              esc(
                  "job "
                      + j.jobId()
                      + (j.tag().isEmpty() ? "" : " " + j.tag())
                      + ": "
                      + j.status().name().toLowerCase(Locale.ROOT)
                      + ", "
                      + millis(je - js)))
          .append("</title></rect>");
    }
    out.append("</g>");
    int row = 0;
    for (Map.Entry<String, List<TaskReport>> e : byThread.entrySet()) {
      double y = axisH + row * GANTT_ROW;
      out.append("<g class=\"lane\" data-thread=\"")
          .append(esc(e.getKey()))
          .append("\" transform=\"translate(0,")
          .append(num(y))
          .append(")\"><text class=\"lane-label\" x=\"4\" y=\"12\">")
          .append(esc(cut(e.getKey(), 21)))
          .append("</text>");
      List<TaskReport> lane = new ArrayList<>(e.getValue());
      lane.sort(Comparator.comparing(TaskReport::start));
      // Consecutive tasks of one job share a group that carries the job's colour and index, so
      // each bar is only its geometry and its numbers (the tooltip is built from data-t on hover).
      int open = -1;
      for (TaskReport t : lane) {
        int j = jobOf.getOrDefault(t, 0);
        if (j != open) {
          out.append(open >= 0 ? "</g>" : "")
              .append("<g class=\"j")
              .append(j % 10)
              .append("\" data-job=\"")
              .append(j)
              .append("\">");
          open = j;
        }
        double x = GANTT_LABEL + (t.start().toEpochMilli() - t0) * scale;
        double wd = Math.max(1.5, (t.end().toEpochMilli() - t.start().toEpochMilli()) * scale);
        String state =
            t.status() == Status.FAILED
                ? " failed"
                : t.status() == Status.CANCELLED ? " killed" : "";
        out.append("<rect class=\"task")
            .append(state)
            .append("\" x=\"")
            .append(num(x))
            .append("\" y=\"2\" width=\"")
            .append(num(wd))
            .append("\" height=\"")
            .append(GANTT_ROW - 4)
            .append("\" data-t=\"")
            .append(taskData(t))
            .append('"');
        if (t.errorMessage().isPresent()) {
          out.append("><title>").append(esc(taskTooltip(t))).append("</title></rect>");
        } else {
          out.append("/>");
        }
      }
      out.append(open >= 0 ? "</g>" : "").append("</g>");
      row++;
    }
    out.append("</svg></div><div id=\"tip\" class=\"tip\" hidden></div></section>\n");
  }

  /** The numbers report.js turns into a task's tooltip, space-separated (see {@code tipText}). */
  private static String taskData(TaskReport t) {
    return t.jobId()
        + " "
        + t.stageId()
        + " "
        + t.partition()
        + " "
        + t.attempt()
        + " "
        + t.duration().toMillis()
        + " "
        + t.inputRows()
        + " "
        + t.outputRows()
        + " "
        + t.inputBytes()
        + " "
        + t.shuffleReadBytes()
        + " "
        + t.shuffleWriteBytes()
        + " "
        + t.spillBytes()
        + " "
        + (t.cacheHit() ? 1 : 0);
  }

  private static String taskTooltip(TaskReport t) {
    StringBuilder s = new StringBuilder();
    s.append("job ")
        .append(t.jobId())
        .append(" stage ")
        .append(t.stageId())
        .append(" partition ")
        .append(t.partition())
        .append(" attempt ")
        .append(t.attempt())
        .append(": ")
        .append(t.status().name().toLowerCase(Locale.ROOT))
        .append(", ")
        .append(millis(t.duration().toMillis()))
        .append("\nrows ")
        .append(count(t.inputRows()))
        .append(" \u2192 ")
        .append(count(t.outputRows()))
        .append(", read ")
        .append(bytes(t.inputBytes()));
    if (t.shuffleReadBytes() + t.shuffleWriteBytes() > 0) {
      s.append(", shuffle r ")
          .append(bytes(t.shuffleReadBytes()))
          .append(" w ")
          .append(bytes(t.shuffleWriteBytes()));
    }
    if (t.spillBytes() > 0) {
      s.append(", spill ").append(bytes(t.spillBytes()));
    }
    if (t.cacheHit()) {
      s.append(", from cache");
    }
    t.errorMessage().ifPresent(e -> s.append("\n").append(cut(e, 300)));
    return s.toString();
  }

  /** Tick spacing of 1, 2 or 5 times a power of ten milliseconds. */
  private static long niceStep(double raw) {
    long p = 1;
    while (true) {
      for (long m : new long[] {1, 2, 5}) {
        if (m * p >= raw) {
          return Math.max(1, m * p);
        }
      }
      p *= 10;
    }
  }

  /** Orders {@code worker-2} before {@code worker-10}. */
  static int naturalCompare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
        String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
        int c = na.length() != nb.length() ? na.length() - nb.length() : na.compareTo(nb);
        if (c != 0) {
          return c;
        }
      } else {
        if (ca != cb) {
          return ca - cb;
        }
        i++;
        j++;
      }
    }
    int c = (a.length() - i) - (b.length() - j);
    return c != 0 ? c : a.compareTo(b);
  }

  // ---------------------------------------------------------------- jobs

  private void jobsSection() {
    out.append("<section id=\"jobs\"><h2>Engine jobs</h2>\n");
    if (log.jobs().isEmpty()) {
      out.append("<p class=\"hint\">The event log holds no job.</p></section>\n");
      return;
    }
    Set<JobReport> shown = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    List<Map.Entry<String, List<JobReport>>> groups = new ArrayList<>();
    List<String> groupClasses = new ArrayList<>();
    if (run.isPresent()) {
      for (StepRun s : run.get().steps()) {
        List<JobReport> jobs = log.jobsFor(s.tag(), s.jobIds());
        if (!jobs.isEmpty()) {
          shown.addAll(jobs);
          groups.add(Map.entry(s.tag(), jobs));
          groupClasses.add(Shade.of(s).cls());
        }
      }
      List<JobReport> rest = log.jobs().stream().filter(j -> !shown.contains(j)).toList();
      if (!rest.isEmpty()) {
        groups.add(Map.entry("", rest));
        groupClasses.add(
            rest.stream().anyMatch(j -> j.status() == Status.FAILED) ? "st-failed" : "");
      }
    } else {
      Map<String, List<JobReport>> byTag = new LinkedHashMap<>();
      for (JobReport j : log.jobs()) {
        byTag.computeIfAbsent(j.tag(), k -> new ArrayList<>()).add(j);
      }
      for (Map.Entry<String, List<JobReport>> e : byTag.entrySet()) {
        groups.add(e);
        boolean failed = e.getValue().stream().anyMatch(j -> j.status() == Status.FAILED);
        groupClasses.add(failed ? "st-failed" : "");
      }
    }
    // Open the groups worth reading first: everything when small, else failures or the first.
    boolean small = log.jobs().size() <= 6;
    int firstFailed = groupClasses.indexOf("st-failed");
    if (firstFailed < 0) {
      firstFailed = groupClasses.indexOf("st-retried");
    }
    for (int g = 0; g < groups.size(); g++) {
      Map.Entry<String, List<JobReport>> e = groups.get(g);
      boolean open = small || g == (firstFailed >= 0 ? firstFailed : 0);
      out.append("<details class=\"job-group ")
          .append(groupClasses.get(g))
          .append("\" data-tag=\"")
          .append(esc(e.getKey()))
          .append("\"")
          .append(open ? " open" : "")
          .append("><summary>")
          .append(e.getKey().isEmpty() ? "Untagged jobs" : esc(e.getKey()))
          .append(" \u2014 ")
          .append(e.getValue().size())
          .append(e.getValue().size() == 1 ? " job" : " jobs")
          .append("</summary>\n");
      for (JobReport j : e.getValue()) {
        job(j);
      }
      out.append("</details>\n");
    }
    out.append("</section>\n");
  }

  private void job(JobReport j) {
    int idx = jobIndex.get(j);
    out.append("<div class=\"job\" id=\"job-")
        .append(idx)
        .append("\" data-job=\"")
        .append(idx)
        .append("\" data-job-id=\"")
        .append(j.jobId())
        .append("\"><h3><span class=\"swatch j")
        .append(idx % 10)
        .append("\"></span>Job ")
        .append(j.jobId())
        .append(" <span class=\"badge ")
        .append(engineCls(j.status()))
        .append("\">")
        .append(j.status().name().toLowerCase(Locale.ROOT))
        .append("</span> ")
        .append(esc(j.description()))
        .append("</h3>\n<p class=\"meta\">");
    List<String> meta = new ArrayList<>();
    if (!j.tag().isEmpty()) {
      meta.add("tag " + j.tag());
    }
    j.start().ifPresent(s -> meta.add("started " + Html.time(s)));
    if (j.start().isPresent() && j.end().isPresent()) {
      meta.add("took " + millis(j.end().get().toEpochMilli() - j.start().get().toEpochMilli()));
    }
    meta.add(j.stages().size() + (j.stages().size() == 1 ? " stage" : " stages"));
    if (j.executionMemoryPeakBytes() > 0) {
      meta.add("execution memory peak " + bytes(j.executionMemoryPeakBytes()));
    }
    if (j.storageMemoryPeakBytes() > 0) {
      meta.add("storage memory peak " + bytes(j.storageMemoryPeakBytes()));
    }
    out.append(esc(String.join(" \u00b7 ", meta))).append("</p>\n");
    j.errorMessage()
        .ifPresent(e -> out.append("<pre class=\"error\">").append(esc(e)).append("</pre>\n"));
    if (!j.stages().isEmpty()) {
      stageGraph(j);
      stageTable(j);
    }
    out.append("</div>\n");
  }

  private static String engineCls(Status s) {
    return switch (s) {
      case SUCCEEDED -> "st-ok";
      case SKIPPED -> "st-skipped";
      case FAILED, CANCELLED, UPSTREAM_FAILED -> "st-failed";
      case RUNNING, UNKNOWN -> "st-running";
    };
  }

  private void stageGraph(JobReport j) {
    List<StageReport> stages = j.stages();
    Map<Integer, Integer> index = new HashMap<>();
    for (int i = 0; i < stages.size(); i++) {
      index.put(stages.get(i).stageId(), i);
    }
    List<int[]> edges = new ArrayList<>();
    for (int i = 0; i < stages.size(); i++) {
      for (int p : stages.get(i).parents()) {
        Integer pi = index.get(p);
        if (pi != null) {
          edges.add(new int[] {pi, i});
        }
      }
    }
    List<List<String>> lines = new ArrayList<>();
    List<Size> sizes = new ArrayList<>();
    for (StageReport s : stages) {
      List<String> l = stageLines(s);
      lines.add(l);
      sizes.add(new Size(STAGE_W, 10 + (l.size() + 1) * STAGE_LINE + 4));
    }
    LayeredLayout.Result res =
        new LayeredLayout(Direction.TOP_DOWN, 18, 34, 6).layout(sizes, edges);
    out.append("<div class=\"scroll\"><svg class=\"stage-graph\" width=\"")
        .append(num(res.width()))
        .append("\" height=\"")
        .append(num(res.height()))
        .append("\" role=\"img\" aria-label=\"stages of job ")
        .append(j.jobId())
        .append("\"><g class=\"edges\">");
    for (Route r : res.routes()) {
      StageReport parent = stages.get(r.from());
      edgePath(r.points(), Direction.TOP_DOWN, parent.hasExchange() ? " shuffle" : "");
    }
    out.append("</g>");
    for (int i = 0; i < stages.size(); i++) {
      StageReport s = stages.get(i);
      Box b = res.boxes().get(i);
      // Box-local coordinates under one translate keep the markup of a stage small.
      out.append("<g class=\"stage")
          .append(s.skipped() ? " skipped" : "")
          .append(s.status() == Status.FAILED ? " failed" : "")
          .append("\" data-stage-id=\"")
          .append(s.stageId())
          .append("\" transform=\"translate(")
          .append(num(b.x()))
          .append(',')
          .append(num(b.y()))
          .append(")\"><title>")
          .append(esc(stageTooltip(s)))
          .append("</title><rect class=\"box\" width=\"")
          .append(num(b.width()))
          .append("\" height=\"")
          .append(num(b.height()))
          .append("\" rx=\"5\"/><text x=\"8\" y=\"16\">");
      List<String> l = lines.get(i);
      for (int k = 0; k < l.size(); k++) {
        out.append(k == 0 ? "<tspan class=\"head\">" : "<tspan x=\"8\" dy=\"" + STAGE_LINE + "\">")
            .append(esc(l.get(k)))
            .append("</tspan>");
      }
      // The exchange band at the bottom of the box: where the stage boundary (shuffle) is.
      double by = b.height() - STAGE_LINE - 4;
      out.append("</text><rect class=\"band")
          .append(s.hasExchange() ? " exchange" : "")
          .append("\" y=\"")
          .append(num(by))
          .append("\" width=\"")
          .append(num(b.width()))
          .append("\" height=\"")
          .append(STAGE_LINE + 4)
          .append("\"/><text class=\"band-text\" x=\"8\" y=\"")
          .append(num(by + 13))
          .append("\">")
          .append(
              esc(
                  s.hasExchange()
                      ? "\u21c4 " + s.exchange() + " exchange"
                      : "result (no exchange)"))
          .append("</text></g>");
    }
    out.append("</svg></div>\n");
  }

  private static List<String> stageLines(StageReport s) {
    StageMetrics m = s.metrics();
    List<String> l = new ArrayList<>();
    String state =
        s.skipped()
            ? " (skipped, cached)"
            : s.status() == Status.SUCCEEDED
                ? ""
                : " (" + s.status().name().toLowerCase(Locale.ROOT) + ")";
    l.add(cut("Stage " + s.stageId() + state, STAGE_CHARS));
    l.add(cut(s.name(), STAGE_CHARS));
    l.add(cut(m.tasks() + " tasks \u00b7 " + millis(m.durationMs()), STAGE_CHARS));
    l.add(cut("rows " + count(m.inputRows()) + " \u2192 " + count(m.outputRows()), STAGE_CHARS));
    l.add(
        cut(
            "read " + bytes(m.inputBytes()) + " \u00b7 spill " + bytes(m.spillBytes()),
            STAGE_CHARS));
    l.add(
        cut(
            "shuffle r " + bytes(m.shuffleReadBytes()) + " w " + bytes(m.shuffleWriteBytes()),
            STAGE_CHARS));
    return l;
  }

  private static String stageTooltip(StageReport s) {
    StringBuilder t = new StringBuilder("Stage " + s.stageId() + ": " + s.name());
    if (!s.parents().isEmpty()) {
      t.append("\nparents: ").append(s.parents());
    }
    t.append("\nexchange: ").append(s.exchange());
    for (String op : s.operators()) {
      t.append("\n  ").append(op);
    }
    return t.toString();
  }

  private void stageTable(JobReport j) {
    out.append("<table class=\"stages\"><thead><tr><th>stage</th><th>status</th>")
        .append("<th>parents</th><th>exchange</th><th>tasks</th><th>rows in</th>")
        .append("<th>rows out</th><th>bytes in</th><th>shuffle read</th>")
        .append("<th>shuffle write</th><th>spill</th><th>duration</th><th>operators</th>")
        .append("</tr></thead><tbody>");
    for (StageReport s : j.stages()) {
      StageMetrics m = s.metrics();
      out.append(s.skipped() ? "<tr class=\"skipped\"" : "<tr")
          .append(" data-stage-id=\"")
          .append(s.stageId())
          .append("\">");
      td(Integer.toString(s.stageId()), "");
      td(s.status().name().toLowerCase(Locale.ROOT), "");
      td(s.parents().stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse(""), "");
      td(s.exchange(), "");
      td(Integer.toString(m.tasks()), "");
      td(count(m.inputRows()), "");
      td(count(m.outputRows()), "");
      td(bytes(m.inputBytes()), "");
      td(bytes(m.shuffleReadBytes()), "");
      td(bytes(m.shuffleWriteBytes()), "");
      td(bytes(m.spillBytes()), "");
      td(millis(m.durationMs()), "");
      td(String.join(" \u2192 ", s.operators()), "");
      out.append("</tr>");
    }
    out.append("</tbody></table>\n");
  }

  private void td(String text, String cls) {
    out.append(cls.isEmpty() ? "<td>" : "<td class=\"" + cls + "\">")
        .append(esc(text))
        .append("</td>");
  }

  // ---------------------------------------------------------------- table changes

  private void tablesSection(RunReport r) {
    List<StepRun> changed = r.steps().stream().filter(s -> s.tableChange().isPresent()).toList();
    out.append("<section id=\"tables\"><h2>Table changes</h2>\n");
    if (changed.isEmpty()) {
      out.append("<p class=\"hint\">No table was committed by this run.</p></section>\n");
      return;
    }
    out.append("<table class=\"changes\"><thead><tr><th>step / partition</th><th>table</th>")
        .append("<th>version</th><th>files added</th><th>bytes added</th>")
        .append("<th>files removed</th><th>bytes removed</th><th>commitInfo</th>")
        .append("</tr></thead><tbody>");
    for (StepRun s : changed) {
      TableChange c = s.tableChange().get();
      out.append("<tr>");
      td(s.tag(), "");
      td(c.tablePath(), "path");
      td(Long.toString(c.version()), "version num");
      td(count(c.filesAdded()), "num");
      td(bytes(c.bytesAdded()), "num");
      td(count(c.filesRemoved()), "num");
      td(bytes(c.bytesRemoved()), "num");
      out.append("<td><details><summary>commitInfo</summary><pre class=\"commit-info\">")
          .append(esc(pretty(c.commitInfoJson())))
          .append("</pre></details></td></tr>");
    }
    out.append("</tbody></table></section>\n");
  }

  private static String pretty(String json) {
    try {
      JsonNode n = MAPPER.readTree(json);
      return n == null ? json : MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n);
    } catch (IOException e) {
      return json;
    }
  }

  private static String resource(String name) {
    try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing report resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
