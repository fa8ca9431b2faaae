package dev.strata.engine.events;

/**
 * How something Strata runs ended, or that it has not: an engine task, stage or job, a pipeline
 * node (one step on one partition) or a whole pipeline run. One vocabulary for every layer, so a
 * report joins pipeline nodes with engine jobs without translating.
 *
 * <p>Not every value applies everywhere: {@link #UPSTREAM_FAILED} is a pipeline node's; {@link
 * #UNKNOWN} only appears when reading what a newer version wrote.
 */
public enum Status {
  /** Started and not ended yet, or ended without saying so (the process died, the log was cut). */
  RUNNING,
  /** Ended and did what it had to (a pipeline node possibly after failed attempts). */
  SUCCEEDED,
  /** Ended with an error after its last attempt. */
  FAILED,
  /**
   * Nothing to do: a stage whose output came from the cache (none of its tasks ran), a pipeline
   * node already committed by an earlier run.
   */
  SKIPPED,
  /**
   * Stopped before it finished because something else decided so: a task or stage of a job that
   * failed elsewhere or was cancelled, a pipeline node or run that was cancelled.
   */
  CANCELLED,
  /** A pipeline node that did not start because a node it reads failed or was cancelled. */
  UPSTREAM_FAILED,
  /** A status written by a newer version that this one does not know. */
  UNKNOWN;

  /** True when the work is in its wanted state: {@link #SUCCEEDED} or {@link #SKIPPED}. */
  public boolean isDone() {
    return this == SUCCEEDED || this == SKIPPED;
  }

  /** True once it will not change any more (anything but {@link #RUNNING}). */
  public boolean isTerminal() {
    return this != RUNNING;
  }
}
