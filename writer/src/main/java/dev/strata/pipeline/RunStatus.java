package dev.strata.pipeline;

/** The outcome of a whole run. */
public enum RunStatus {
  /** Still running (only seen in the run log of a run that has not finished). */
  RUNNING,
  /** Every (step, partition) succeeded or was skipped. */
  SUCCEEDED,
  /** At least one (step, partition) failed or could not run. */
  FAILED,
  /** Cancelled (Ctrl-C or {@link RunHandle#cancel()}). */
  CANCELLED,
  /**
   * Never finished: its process is gone (killed, or its machine lost) and it stopped beating. What
   * it committed stays; a rerun redoes the rest.
   */
  ABANDONED
}
