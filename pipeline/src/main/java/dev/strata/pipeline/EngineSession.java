package dev.strata.pipeline;

/**
 * The engine-facing part of a run: what executes in-JVM steps, where engine events go, where runs
 * are recorded. Kept apart so that the orchestration depends on the engine in one place.
 */
interface EngineSession {

  /** The run log used when the run names none. */
  RunLog defaultRunLog(Pipeline pipeline);

  /** Opens the per-run resources (event log, ...). */
  RunScope openRun(Pipeline pipeline, String runId);

  /** Per-run resources. */
  interface RunScope extends AutoCloseable {
    /** Executes one attempt of an in-JVM step. */
    Scheduler.NodeResult execute(Step step, PlanNode node, long version) throws Exception;

    @Override
    void close();
  }
}
