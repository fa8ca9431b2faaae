package dev.strata.pipeline;

import dev.strata.engine.events.Status;
import dev.strata.pipeline.run.RunReport;
import dev.strata.pipeline.run.RunReportWriter;
import dev.strata.pipeline.run.StepAttempt;
import dev.strata.pipeline.run.StepEdge;
import dev.strata.pipeline.run.StepKey;
import dev.strata.pipeline.run.StepRun;
import dev.strata.pipeline.run.TableChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a finished run into the report model and hands it to the installed report writers. */
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
            a.status() == Status.SUCCEEDED
                ? StepAttempt.succeeded(a.number(), a.start(), a.end())
                : StepAttempt.failed(
                    a.number(),
                    a.start(),
                    a.end(),
                    a.error() == null
                        ? a.status().name()
                        // The report shows the class with the cause: whether a retry could help.
                        : a.failureClass() == null
                            ? a.error()
                            : a.failureClass() + ": " + a.error()));
      }
      Optional<TableChange> change = Optional.empty();
      if (o.status() == Status.SUCCEEDED && o.tableVersion().isPresent()) {
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
      steps.add(new StepRun(key, o.status(), attempts, List.of(), change));
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

  /**
   * Hands the run to every {@link RunReportWriter} on the classpath; returns the page the first one
   * wrote, or null when none is installed or all failed. A report is a by-product: its failure is
   * logged, never the run's.
   */
  static String write(String lakehouse, RunResult run, List<PlanNode> nodes) {
    List<RunReportWriter> writers = writers();
    if (writers.isEmpty()) {
      LOG.debug("No run report writer on the classpath; run {} gets no report", run.runId());
      return null;
    }
    RunReport model;
    try {
      model = model(run, nodes);
    } catch (RuntimeException e) {
      LOG.warn("Could not build the report of run {}: {}", run.runId(), e.toString());
      return null;
    }
    String page = null;
    for (RunReportWriter w : writers) {
      try {
        String path = w.write(lakehouse, model);
        if (page == null) {
          page = path;
        }
      } catch (RuntimeException e) {
        LOG.warn("Could not write the report of run {}: {}", run.runId(), e.toString());
      }
    }
    return page;
  }

  // Looked up per run, not cached: a run is rare next to its cost, and a cache would pin whatever
  // class loader first asked.
  private static List<RunReportWriter> writers() {
    List<RunReportWriter> found = new ArrayList<>();
    ServiceLoader.load(RunReportWriter.class, RunReports.class.getClassLoader())
        .forEach(found::add);
    if (found.isEmpty()) {
      ServiceLoader.load(RunReportWriter.class).forEach(found::add);
    }
    return found;
  }
}
