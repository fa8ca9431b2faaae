package dev.strata.pipeline.run;

/** How one (step, partition) of a run ended; decides its colour in the pipeline graph. */
public enum StepOutcome {
  /** Succeeded on the first attempt. */
  OK,
  /** Not run: already committed by an earlier run (idempotent replay) or excluded by the run. */
  SKIPPED,
  /** Failed after its last attempt. */
  FAILED,
  /** Not run: something it depends on failed, or the run was cancelled before it started. */
  BLOCKED,
  /** Succeeded after at least one failed attempt. */
  RETRIED
}
