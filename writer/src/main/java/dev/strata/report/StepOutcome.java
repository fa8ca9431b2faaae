package dev.strata.report;

/** How one (step, partition) of a run ended; decides its colour in the pipeline graph. */
public enum StepOutcome {
  /** Succeeded on the first attempt. */
  OK,
  /** Not run: already committed by an earlier run (idempotent replay) or excluded by the run. */
  SKIPPED,
  /** Failed after its last attempt, or did not run because something it depends on failed. */
  FAILED,
  /** Succeeded after at least one failed attempt. */
  RETRIED
}
