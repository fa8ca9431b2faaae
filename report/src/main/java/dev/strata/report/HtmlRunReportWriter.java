package dev.strata.report;

import dev.strata.format.Storage;
import dev.strata.format.Storages;
import dev.strata.pipeline.run.ReportPaths;
import dev.strata.pipeline.run.RunReport;
import dev.strata.pipeline.run.RunReportWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The report a pipeline run gets when this module is on the classpath (registered for {@link
 * java.util.ServiceLoader}): the run model as {@code _strata/reports/<runId>.json}, so that {@code
 * strata report RUN_ID} can draw the page again later, and the page itself as {@code
 * _strata/reports/<runId>.html}, joined with the run's engine event log when there is one.
 */
public final class HtmlRunReportWriter implements RunReportWriter {
  /** Called by {@link java.util.ServiceLoader}. */
  public HtmlRunReportWriter() {}

  @Override
  public String write(String lakehouse, RunReport run) {
    String eventLog = ReportPaths.eventLog(lakehouse, run.runId());
    Storage storage = Storages.forPath(eventLog);
    EngineEventLog events =
        storage.exists(eventLog)
            ? EngineEventLog.read(storage, eventLog)
            : new EngineEventLog(List.of(), List.of());
    storage.write(
        ReportPaths.runModel(lakehouse, run.runId()),
        RunReportJson.toJson(run).getBytes(StandardCharsets.UTF_8));
    String page = ReportPaths.htmlReport(lakehouse, run.runId());
    HtmlReportWriter.write(run, events, storage, page);
    return page;
  }
}
