package dev.strata.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a (step, partition) is attempted and how long to wait between attempts: the wait before
 * attempt {@code n+1} is {@code initialBackoff * multiplier^(n-1)}, capped at {@code maxBackoff}.
 *
 * @param maxAttempts attempts in total, at least 1
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {
  /** Default: 3 attempts, 1 s then 2 s. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1));

  /** Validates. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (multiplier < 1.0) {
      throw new IllegalArgumentException("multiplier must be >= 1, got " + multiplier);
    }
  }

  /** A single attempt. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO);
  }

  /** {@code maxAttempts} attempts with a fixed wait between them. */
  public static RetryPolicy of(int maxAttempts, Duration backoff) {
    return new RetryPolicy(maxAttempts, backoff, 1.0, backoff);
  }

  /** The wait after failed attempt {@code attempt} (1-based). */
  public Duration backoffAfter(int attempt) {
    double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
  }
}
