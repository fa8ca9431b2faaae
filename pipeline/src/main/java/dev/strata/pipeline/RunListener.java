package dev.strata.pipeline;

import java.time.Duration;

/**
 * Receives a run's progress (for progress bars and logs). Called from the run's threads, possibly
 * concurrently; implementations must be thread-safe and quick. Exceptions thrown here are ignored.
 */
public interface RunListener {
  /**
   * The run is planned.
   *
   * @param units the number of (step, partition)s in the run
   * @param alreadyCommitted how many of them committed in an earlier run and will be skipped
   */
  default void runStarted(String runId, String pipeline, int units, int alreadyCommitted) {}

  /** An attempt of a (step, partition) starts. */
  default void attemptStarted(String step, PartitionKey partition, int attempt) {}

  /** An attempt failed; {@code retryIn} is null when no attempt is left. */
  default void attemptFailed(
      String step, PartitionKey partition, int attempt, String error, Duration retryIn) {}

  /** A line of an external step's standard error, as it comes. */
  default void output(String step, PartitionKey partition, String line) {}

  /** A (step, partition) has its final outcome. */
  default void nodeFinished(NodeOutcome outcome) {}

  /** The run is over. */
  default void runFinished(RunResult result) {}
}
