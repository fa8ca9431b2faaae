package dev.strata.pipeline;

import dev.strata.engine.events.Status;
import java.time.Instant;

/**
 * One attempt of a (step, partition).
 *
 * @param number 1-based
 * @param status SUCCEEDED, FAILED or CANCELLED
 * @param error the failure's message (with its causes), or null
 * @param failureClass whether the failure was worth another attempt, or null when the attempt did
 *     not fail (or was recorded before failures were classified)
 */
public record Attempt(
    int number,
    Instant start,
    Instant end,
    Status status,
    String error,
    FailureClass failureClass) {

  /** An attempt without a failure class. */
  public Attempt(int number, Instant start, Instant end, Status status, String error) {
    this(number, start, end, status, error, null);
  }
}
