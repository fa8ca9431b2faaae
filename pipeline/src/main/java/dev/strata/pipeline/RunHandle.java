package dev.strata.pipeline;

/** A run in progress. */
public interface RunHandle {

  /** The run's id. */
  String runId();

  /**
   * Cancels the run: nothing new starts and running steps are interrupted (their writes abort and
   * commit nothing). Returns at once; {@link #await()} returns when the run has stopped.
   */
  void cancel();

  /** Waits for the run to finish and returns its result. */
  RunResult await();
}
