package dev.strata.pipeline.run;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One node of a run: a step on one partition, what happened to it and what it produced.
 *
 * @param key the step and partition
 * @param outcome how it ended
 * @param attempts its attempts in order (empty when skipped)
 * @param jobIds ids of the engine jobs it ran, when the runner knows them; jobs whose event-log tag
 *     equals {@link #tag()} are matched as well, so this may stay empty
 * @param tableChange what it committed, if it committed
 */
public record StepRun(
    StepKey key,
    StepOutcome outcome,
    List<StepAttempt> attempts,
    List<Long> jobIds,
    Optional<TableChange> tableChange) {
  public StepRun {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(outcome, "outcome");
    attempts = List.copyOf(attempts);
    jobIds = List.copyOf(jobIds);
    tableChange = Objects.requireNonNullElse(tableChange, Optional.empty());
  }

  /** The engine job tag of this node ({@code step/partition}). */
  public String tag() {
    return key.tag();
  }
}
