package dev.strata.report;

import dev.strata.engine.events.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One task attempt, from a {@code TaskEnd} event.
 *
 * @param jobId its job
 * @param stageId its stage
 * @param partition the partition it computed
 * @param attempt 0 for the first attempt
 * @param thread the worker thread that ran it; empty for a task killed before it got one
 * @param start when it started
 * @param end when it ended
 * @param status how it ended
 * @param error the failure message, or null
 * @param inputRows rows read
 * @param inputBytes bytes read from storage or cache
 * @param outputRows rows produced
 * @param shuffleReadBytes bytes fetched from shuffle
 * @param shuffleWriteBytes bytes written to shuffle
 * @param spillBytes bytes spilled to disk
 * @param cacheHit whether its input came from a cached block
 */
public record TaskReport(
    long jobId,
    int stageId,
    int partition,
    int attempt,
    String thread,
    Instant start,
    Instant end,
    Status status,
    String error,
    long inputRows,
    long inputBytes,
    long outputRows,
    long shuffleReadBytes,
    long shuffleWriteBytes,
    long spillBytes,
    boolean cacheHit) {

  /** Wall time of the task. */
  public Duration duration() {
    return Duration.between(start, end);
  }

  /** The failure message of a failed task. */
  public Optional<String> errorMessage() {
    return Optional.ofNullable(error);
  }
}
