package dev.strata.pipeline;

/** Whether another attempt of a failed (step, partition) can succeed. */
public enum FailureClass {
  /**
   * The failure depends on the moment, not on the data or the code: I/O errors, S3 5xx and
   * throttling, timeouts, conflicts with a concurrent commit. Retried with the step's backoff.
   */
  TRANSIENT,
  /**
   * The same input and code fail the same way every time: analysis and schema errors, type
   * mismatches, invalid predicates, constraint violations, several source rows matching one target
   * row, a missing input, a result over the size limit, an OutOfMemoryError. Failed at once.
   */
  DETERMINISTIC
}
