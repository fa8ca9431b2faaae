package dev.strata.pipeline;

import dev.strata.engine.events.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What happened to one (step, partition) in a run.
 *
 * @param step the step's name
 * @param partition the partition key
 * @param status the outcome
 * @param generation the idempotency version its write carried ({@code txn(appId, generation)})
 * @param appId {@code pipeline/step/partition}
 * @param target the target table's URI
 * @param attempts every attempt, in order (empty when skipped or never started)
 * @param start when the first attempt started (or the decision to skip was made)
 * @param end when it finished
 * @param rowsWritten rows the write produced (0 when skipped)
 * @param tableVersion the table version committed, when one was
 * @param commitInfo the committed version's commitInfo action (empty when none)
 * @param jobTag the engine job tag its engine jobs carried ({@code step/partition})
 * @param trackingUrl the external application's tracking URL (spark-submit steps), or null
 * @param error the last error (with causes), or null
 */
public record NodeOutcome(
    String step,
    PartitionKey partition,
    Status status,
    long generation,
    String appId,
    String target,
    List<Attempt> attempts,
    Instant start,
    Instant end,
    long rowsWritten,
    OptionalLong tableVersion,
    Map<String, Object> commitInfo,
    String jobTag,
    String trackingUrl,
    String error) {

  /** Defensive copies. */
  public NodeOutcome {
    attempts = List.copyOf(attempts);
    commitInfo = commitInfo == null ? Map.of() : Map.copyOf(commitInfo);
  }

  /** True when it succeeded only after at least one failed attempt. */
  public boolean retried() {
    return status == Status.SUCCEEDED && attempts.size() > 1;
  }

  /** Wall-clock time from the first attempt's start to the end. */
  public Duration duration() {
    return start == null || end == null ? Duration.ZERO : Duration.between(start, end);
  }
}
