package dev.strata.pipeline;

import dev.strata.format.Storage;
import dev.strata.format.Storages;
import dev.strata.report.EngineEventLog;
import dev.strata.report.HtmlReportWriter;
import dev.strata.report.ReportPaths;
import dev.strata.report.RunReport;
import dev.strata.report.RunReportJson;
import dev.strata.report.StepAttempt;
import dev.strata.report.StepEdge;
import dev.strata.report.StepKey;
import dev.strata.report.StepOutcome;
import dev.strata.report.StepRun;
import dev.strata.report.TableChange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a finished run into the report model and writes its HTML page. */
final class RunReports {
  private static final Logger LOG = LoggerFactory.getLogger(RunReports.class);

  private RunReports() {}

  static RunReport model(RunResult run, List<PlanNode> nodes) {
    List<StepRun> steps = new ArrayList<>();
    for (NodeOutcome o : run.outcomes()) {
      StepKey key = new StepKey(o.step(), o.partition().value());
      List<StepAttempt> attempts = new ArrayList<>();
      for (Attempt a : o.attempts()) {
        attempts.add(
            a.status() == NodeStatus.SUCCEEDED
                ? StepAttempt.succeeded(a.number(), a.start(), a.end())
                : StepAttempt.failed(
                    a.number(),
                    a.start(),
                    a.end(),
                    a.error() == null ? a.status().name() : a.error()));
      }
      Optional<TableChange> change = Optional.empty();
      if (o.status() == NodeStatus.SUCCEEDED && o.tableVersion().isPresent()) {
        try {
          Commits.Details d = Commits.details(o.target(), o.tableVersion().getAsLong());
          change =
              Optional.of(
                  new TableChange(
                      o.target(),
                      d.version(),
                      d.filesAdded(),
                      d.bytesAdded(),
                      d.filesRemoved(),
                      d.bytesRemoved(),
                      d.commitInfoJson()));
        } catch (RuntimeException e) {
          LOG.debug("no commit details for {}", o.jobTag(), e);
        }
      }
      steps.add(new StepRun(key, outcome(o), attempts, List.of(), change));
    }
    List<StepEdge> edges = new ArrayList<>();
    for (PlanNode n : nodes) {
      for (PlanNode d : n.deps) {
        edges.add(
            new StepEdge(new StepKey(d.step, d.key.value()), new StepKey(n.step, n.key.value())));
      }
    }
    return new RunReport(run.pipeline(), run.runId(), run.start(), run.end(), steps, edges);
  }

  static StepOutcome outcome(NodeOutcome o) {
    return switch (o.status()) {
      case SUCCEEDED -> o.retried() ? StepOutcome.RETRIED : StepOutcome.OK;
      case SKIPPED -> StepOutcome.SKIPPED;
      case FAILED -> StepOutcome.FAILED;
      case UPSTREAM_FAILED -> StepOutcome.BLOCKED;
      case CANCELLED -> o.attempts().isEmpty() ? StepOutcome.BLOCKED : StepOutcome.FAILED;
    };
  }

  /** Writes {@code _strata/reports/<runId>.html}; returns its path, or null when it failed. */
  static String write(String lakehouse, RunResult run, List<PlanNode> nodes) {
    try {
      String eventLog = ReportPaths.eventLog(lakehouse, run.runId());
      Storage storage = Storages.forPath(eventLog);
      EngineEventLog events =
          storage.exists(eventLog)
              ? EngineEventLog.read(storage, eventLog)
              : new EngineEventLog(List.of(), List.of());
      RunReport model = model(run, nodes);
      // The model lets `strata report RUN_ID` redraw the page later.
      storage.write(
          ReportPaths.runModel(lakehouse, run.runId()),
          RunReportJson.toJson(model).getBytes(StandardCharsets.UTF_8));
      String path = ReportPaths.htmlReport(lakehouse, run.runId());
      HtmlReportWriter.write(model, events, storage, path);
      return path;
    } catch (RuntimeException e) {
      LOG.warn("Could not write the report of run {}: {}", run.runId(), e.toString());
      return null;
    }
  }
}
