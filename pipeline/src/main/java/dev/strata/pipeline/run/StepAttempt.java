package dev.strata.pipeline.run;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt at running a (step, partition).
 *
 * @param number 1 for the first attempt
 * @param start when the attempt started
 * @param end when it ended
 * @param error the failure message (exception class and message, first lines of a stack trace are
 *     fine), or null when the attempt succeeded
 */
public record StepAttempt(int number, Instant start, Instant end, String error) {
  public StepAttempt {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
  }

  /** A successful attempt. */
  public static StepAttempt succeeded(int number, Instant start, Instant end) {
    return new StepAttempt(number, start, end, null);
  }

  /** A failed attempt with its error. */
  public static StepAttempt failed(int number, Instant start, Instant end, String error) {
    return new StepAttempt(number, start, end, Objects.requireNonNull(error, "error"));
  }

  /** The error of a failed attempt. */
  public Optional<String> errorMessage() {
    return Optional.ofNullable(error);
  }
}
