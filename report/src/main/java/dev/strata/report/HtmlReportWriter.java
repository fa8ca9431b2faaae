package dev.strata.report;

import dev.strata.format.Storage;
import dev.strata.format.StrataException;
import dev.strata.pipeline.run.RunReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders a run report as one self-contained HTML page: inline SVG, CSS and JavaScript, no network
 * access (a content security policy forbids any fetch), every user-supplied string escaped.
 *
 * <p>The page holds the pipeline graph (steps &times; partitions coloured by outcome; attempts and
 * errors on hover and click), the engine jobs of each node (stages as boxes with their parent
 * edges, exchanges marked, cached stages greyed, per-stage metrics), a Gantt timeline of task
 * attempts per worker thread, and the table changes with a copy of each {@code commitInfo}.
 *
 * <pre>{@code
 * String html = HtmlReportWriter.render(runReport, EngineEventLog.read(storage, eventLogPath));
 * storage.write(ReportPaths.htmlReport(lakehouse, runReport.runId()), html.getBytes(UTF_8));
 * }</pre>
 */
public final class HtmlReportWriter {
  private HtmlReportWriter() {}

  /** The page of a pipeline run, joined with the engine jobs of its event log. */
  public static String render(RunReport run, EngineEventLog log) {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(log, "log");
    String title = "Strata run " + run.runId() + " \u2014 " + run.pipeline();
    return new ReportPage(Optional.of(run), log, title).render();
  }

  /** The page of an engine event log alone: jobs grouped by tag, stage graphs and timeline. */
  public static String renderJobLog(EngineEventLog log, String title) {
    Objects.requireNonNull(log, "log");
    return new ReportPage(Optional.empty(), log, title == null ? "Strata jobs" : title).render();
  }

  /** Renders a run and writes the page through {@code storage} (whole or nothing). */
  public static void write(RunReport run, EngineEventLog log, Storage storage, String path) {
    storage.write(path, render(run, log).getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a rendered page to a local file, creating its directory. */
  public static void write(String html, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, html, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StrataException("Cannot write report " + file + ": " + e.getMessage(), e);
    }
  }
}
