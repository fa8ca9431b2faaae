package dev.strata.pipeline;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Receives a run's progress (for progress bars and logs). Called from the run's threads, possibly
 * concurrently; implementations must be thread-safe and quick. Exceptions thrown here are ignored.
 */
public interface RunListener {
  /**
   * A listener that prints the lines the {@code strata} command prints while a run goes: the run's
   * size, one line per (step, partition) that finished (ok with rows, table version and time,
   * FAILED with its error, blocked, cancelled), and each retry.
   *
   * <pre>{@code
   * RunResult r = pipeline.run(strata).range("2024-01-01", "2024-01-30")
   *     .listener(RunListener.printing(System.err))
   *     .execute();
   * System.out.print(r.summary());
   * }</pre>
   */
  static RunListener printing(OutputStream out) {
    return printing(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
  }

  /** As {@link #printing(OutputStream)}, to a writer. */
  static RunListener printing(PrintWriter out) {
    return new PrintingRunListener(out);
  }

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
