package dev.strata.pipeline;

import dev.strata.engine.events.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finished run: its identity, its request and the outcome of every (step, partition).
 *
 * @param runId unique id ({@code 20240117-101500-ab12cd})
 * @param pipeline the pipeline's name
 * @param status the overall outcome
 * @param partitions the partition keys requested
 * @param force whether the run started a new generation
 * @param parallelism the most (step, partition)s that ran at once
 * @param start when the run started
 * @param end when it finished
 * @param outcomes one per (step, partition), in the pipeline's step order then partition order
 * @param report the HTML report written for the run, or null
 */
public record RunResult(
    String runId,
    String pipeline,
    Status status,
    List<PartitionKey> partitions,
    boolean force,
    int parallelism,
    Instant start,
    Instant end,
    List<NodeOutcome> outcomes,
    String report) {

  /** Defensive copies. */
  public RunResult {
    partitions = List.copyOf(partitions);
    outcomes = List.copyOf(outcomes);
  }

  /**
   * Per-step counts for a run summary.
   *
   * @param retried attempts after the first, summed over the step's (step, partition)s
   */
  public record StepSummary(
      String step,
      int succeeded,
      int skipped,
      int failed,
      int notRun,
      int retried,
      long rowsWritten,
      Duration time) {}

  /** The outcomes with the given status. */
  public List<NodeOutcome> outcomes(Status status) {
    return outcomes.stream().filter(o -> o.status() == status).toList();
  }

  /** The outcome of one (step, partition), or null if it was not part of the run. */
  public NodeOutcome outcome(String step, PartitionKey key) {
    for (NodeOutcome o : outcomes) {
      if (o.step().equals(step) && o.partition().equals(key)) {
        return o;
      }
    }
    return null;
  }

  /** True when nothing was executed: every (step, partition) had already committed. */
  public boolean nothingToDo() {
    return !outcomes.isEmpty() && outcomes.stream().allMatch(o -> o.status() == Status.SKIPPED);
  }

  /** Partition keys with a (step, partition) that did not finish (failed, blocked or cancelled). */
  public List<PartitionKey> unfinishedPartitions() {
    return outcomes.stream()
        .filter(o -> !o.status().isDone())
        .map(NodeOutcome::partition)
        .distinct()
        .sorted()
        .toList();
  }

  /** Per-step summary in step order. */
  public List<StepSummary> stepSummaries() {
    Map<String, List<NodeOutcome>> byStep = new LinkedHashMap<>();
    for (NodeOutcome o : outcomes) {
      byStep.computeIfAbsent(o.step(), s -> new ArrayList<>()).add(o);
    }
    List<StepSummary> out = new ArrayList<>();
    byStep.forEach(
        (step, list) -> {
          int ok = 0;
          int skipped = 0;
          int failed = 0;
          int notRun = 0;
          int retried = 0;
          long rows = 0;
          Duration time = Duration.ZERO;
          for (NodeOutcome o : list) {
            switch (o.status()) {
              case SUCCEEDED -> ok++;
              case SKIPPED -> skipped++;
              case FAILED -> failed++;
              case UPSTREAM_FAILED, CANCELLED -> notRun++;
              default -> {}
            }
            // Attempts after the first, whatever the outcome: a node that failed after three
            // attempts was retried twice.
            retried += Math.max(0, o.attempts().size() - 1);
            rows += o.rowsWritten();
            time = time.plus(o.duration());
          }
          out.add(new StepSummary(step, ok, skipped, failed, notRun, retried, rows, time));
        });
    return out;
  }

  /**
   * The table the {@code strata} command prints after a run: a headline with the status and time,
   * per step the (step, partition)s that succeeded, were skipped, failed, were blocked and retried,
   * rows written and time, then what failed (first line of each error) and what it blocked. Several
   * lines, each ending in a newline.
   */
  public String summary() {
    return RunText.summary(this);
  }

  /** One line: the run, its status and time, and how many (step, partition)s it had. */
  @Override
  public String toString() {
    return String.format(
        "Run %s of pipeline '%s': %s in %s, %d (step, partition)s over %d partition(s)",
        runId, pipeline, status, RunText.duration(duration()), outcomes.size(), partitions.size());
  }

  /** Wall-clock duration of the run. */
  public Duration duration() {
    return Duration.between(start, end);
  }
}
