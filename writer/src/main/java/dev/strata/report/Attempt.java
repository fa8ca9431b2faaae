package dev.strata.report;

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
public record Attempt(int number, Instant start, Instant end, String error) {
  public Attempt {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
  }

  /** A successful attempt. */
  public static Attempt succeeded(int number, Instant start, Instant end) {
    return new Attempt(number, start, end, null);
  }

  /** A failed attempt with its error. */
  public static Attempt failed(int number, Instant start, Instant end, String error) {
    return new Attempt(number, start, end, Objects.requireNonNull(error, "error"));
  }

  /** The error of a failed attempt. */
  public Optional<String> errorMessage() {
    return Optional.ofNullable(error);
  }
}
