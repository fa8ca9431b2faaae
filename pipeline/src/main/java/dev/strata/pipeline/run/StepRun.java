package dev.strata.pipeline.run;

import dev.strata.engine.events.Status;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One node of a run: a step on one partition, what happened to it and what it produced.
 *
 * @param key the step and partition
 * @param status how it ended: {@link Status#SUCCEEDED} (possibly after failed attempts, see {@link
 *     #retried()}), {@link Status#SKIPPED} (already committed by an earlier run, or excluded),
 *     {@link Status#FAILED}, {@link Status#UPSTREAM_FAILED}, or {@link Status#CANCELLED} (with the
 *     attempts it made before the run was cancelled, if any)
 * @param attempts its attempts in order (empty when skipped)
 * @param jobIds ids of the engine jobs it ran, when the runner knows them; jobs whose event-log tag
 *     equals {@link #tag()} are matched as well, so this may stay empty
 * @param tableChange what it committed, if it committed
 */
public record StepRun(
    StepKey key,
    Status status,
    List<StepAttempt> attempts,
    List<Long> jobIds,
    Optional<TableChange> tableChange) {
  public StepRun {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(status, "status");
    attempts = List.copyOf(attempts);
    jobIds = List.copyOf(jobIds);
    tableChange = Objects.requireNonNullElse(tableChange, Optional.empty());
  }

  /** Whether it succeeded after at least one failed attempt. */
  public boolean retried() {
    return status == Status.SUCCEEDED && attempts.size() > 1;
  }

  /** The engine job tag of this node ({@code step/partition}). */
  public String tag() {
    return key.tag();
  }
}
