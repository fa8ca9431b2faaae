package dev.strata.pipeline;

/** The outcome of one (step, partition) in a run. */
public enum NodeStatus {
  /** Executed and committed (possibly after retries). */
  SUCCEEDED,
  /** Already committed by an earlier run of this generation: nothing was done. */
  SKIPPED,
  /** Every attempt failed. */
  FAILED,
  /** Not started because a (step, partition) it reads failed or was cancelled. */
  UPSTREAM_FAILED,
  /** Not finished because the run was cancelled. */
  CANCELLED;

  /** True for the outcomes that leave the target in its wanted state. */
  public boolean isDone() {
    return this == SUCCEEDED || this == SKIPPED;
  }
}
