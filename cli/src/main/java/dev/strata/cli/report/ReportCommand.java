package dev.strata.cli.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.cli.ExitCodes;
import dev.strata.cli.Json;
import dev.strata.cli.OutputFormat;
import dev.strata.cli.StrataCommand;
import dev.strata.format.Storage;
import dev.strata.format.StoragePaths;
import dev.strata.format.Storages;
import dev.strata.format.StrataException;
import dev.strata.pipeline.run.ReportPaths;
import dev.strata.pipeline.run.RunReport;
import dev.strata.report.EngineEventLog;
import dev.strata.report.HtmlReportWriter;
import dev.strata.report.RunReportJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code strata report}: writes the self-contained HTML report of a pipeline run, or of an engine
 * event log alone, and prints where it went.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write a self-contained HTML report (pipeline graph, engine stages, task timeline, table"
          + " changes) of a pipeline run, or of an engine event log.",
      "A run's report reads <lakehouse>/_strata/reports/RUN_ID.json and"
          + " <lakehouse>/_strata/events/RUN_ID.jsonl and goes to"
          + " <lakehouse>/_strata/reports/RUN_ID.html unless --out is given."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ${ROOT-COMMAND-NAME} report 20240117-101500-ab12cd",
      "  ${ROOT-COMMAND-NAME} report 20240117-101500-ab12cd --lakehouse s3://bucket/lake --out run.html",
      "  ${ROOT-COMMAND-NAME} report --job-log /tmp/strata-events.jsonl --out jobs.html",
      "  ${ROOT-COMMAND-NAME} report 20240117-101500-ab12cd --format json | jq -r .report"
    })
public final class ReportCommand extends StrataCommand {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "RUN_ID",
      description = "The run to report on.")
  String runId;

  @Option(
      names = "--lakehouse",
      paramLabel = "DIR",
      defaultValue = "lakehouse",
      description =
          "The lakehouse root holding _strata/ (a path or URI; default: ${DEFAULT-VALUE}).")
  String lakehouse;

  @Option(
      names = "--job-log",
      paramLabel = "FILE",
      description = "Report on this engine event log (JSON lines) instead of a run.")
  Path jobLog;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description =
          "Where to write the HTML (a local file; default: next to the run under _strata/reports/,"
              + " or FILE.html for --job-log).")
  Path out;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text (the report's path) or json ({report, warnings}; default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  private final List<String> warnings = new ArrayList<>();

  @Override
  protected int run() {
    if ((runId == null) == (jobLog == null)) {
      throw new ParameterException(
          spec.commandLine(), "Give either RUN_ID or --job-log FILE (exactly one of them).");
    }
    String written = jobLog != null ? jobLogReport() : runReport();
    if (format == OutputFormat.JSON) {
      ObjectNode json = Json.object();
      json.put("report", written);
      ArrayNode w = json.putArray("warnings");
      warnings.forEach(w::add);
      Json.printPretty(out(), json);
    } else {
      out().println(written);
    }
    out().flush();
    return ExitCodes.OK;
  }

  private String jobLogReport() {
    if (!Files.isRegularFile(jobLog)) {
      throw new StrataException(
          "Engine event log " + jobLog + " does not exist. Give the path of a .jsonl event log.");
    }
    EngineEventLog log = EngineEventLog.read(jobLog);
    warn(log.warnings());
    String html = HtmlReportWriter.renderJobLog(log, "Strata jobs \u2014 " + jobLog.getFileName());
    Path target = out != null ? out : defaultJobLogOut(jobLog);
    HtmlReportWriter.write(html, target);
    return target.toAbsolutePath().normalize().toString();
  }

  private static Path defaultJobLogOut(Path log) {
    String name = log.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    return log.resolveSibling(base + ".html");
  }

  private String runReport() {
    String root = StoragePaths.normalize(lakehouse);
    String modelPath;
    String eventsPath;
    try {
      modelPath = ReportPaths.runModel(root, runId);
      eventsPath = ReportPaths.eventLog(root, runId);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Storage storage = Storages.forPath(root, properties());
    try {
      boolean hasModel = storage.exists(modelPath);
      boolean hasEvents = storage.exists(eventsPath);
      if (!hasModel && !hasEvents) {
        throw new StrataException(
            "No run '"
                + runId
                + "' in lakehouse "
                + root
                + ": neither "
                + modelPath
                + " nor "
                + eventsPath
                + " exists. Check the run id and --lakehouse.");
      }
      EngineEventLog log =
          hasEvents
              ? EngineEventLog.read(storage, eventsPath)
              : new EngineEventLog(List.of(), List.of());
      warn(log.warnings());
      String html;
      if (hasModel) {
        RunReport run =
            RunReportJson.fromJson(new String(storage.read(modelPath), StandardCharsets.UTF_8));
        html = HtmlReportWriter.render(run, log);
      } else {
        warn(List.of("no run model at " + modelPath + ": reporting the engine jobs only"));
        html = HtmlReportWriter.renderJobLog(log, "Strata run " + runId);
      }
      if (out != null) {
        HtmlReportWriter.write(html, out);
        return out.toAbsolutePath().normalize().toString();
      }
      String target = ReportPaths.htmlReport(root, runId);
      storage.write(target, html.getBytes(StandardCharsets.UTF_8));
      return target.startsWith("file:") ? StoragePaths.toLocalPath(target).toString() : target;
    } finally {
      storage.close();
    }
  }

  private void warn(List<String> found) {
    warnings.addAll(found);
    if (format == OutputFormat.JSON) {
      // Part of the JSON result instead: standard error stays free for a JSON error.
      return;
    }
    for (String w : found) {
      err().println("warning: " + w);
    }
    err().flush();
  }
}
