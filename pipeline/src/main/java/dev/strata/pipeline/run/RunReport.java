package dev.strata.pipeline.run;

import dev.strata.engine.events.Status;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A pipeline run as the pipeline runner saw it: its graph of steps &times; partitions with their
 * outcomes, attempts, engine jobs and table changes. The engine's detail (stages, tasks) comes
 * separately from the engine event log ({@link ReportPaths#eventLog}) and is joined by job tag or
 * id when rendering.
 *
 * @param pipeline the pipeline's name
 * @param runId the run's id; also the base name of the event log and report files
 * @param start when the run started
 * @param end when it ended
 * @param steps every (step, partition) of the run, in the order the runner likes to list them
 * @param edges dependencies between them (a {@code from} must finish before its {@code to} runs)
 */
public record RunReport(
    String pipeline,
    String runId,
    Instant start,
    Instant end,
    List<StepRun> steps,
    List<StepEdge> edges) {
  public RunReport {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    steps = List.copyOf(steps);
    edges = List.copyOf(edges);
  }

  /** How many nodes ended with the given status. */
  public long count(Status status) {
    return steps.stream().filter(s -> s.status() == status).count();
  }
}
