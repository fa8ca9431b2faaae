package dev.strata.pipeline.run;

import java.util.Objects;

/**
 * Identifies one node of a run's graph: a step applied to one partition.
 *
 * @param step the step name, for example {@code silver}
 * @param partition the partition key value, for example {@code 2024-01-17}; empty for an
 *     unpartitioned step
 */
public record StepKey(String step, String partition) implements Comparable<StepKey> {
  public StepKey {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(partition, "partition");
  }

  /**
   * The engine job tag the pipeline runner sets for this node: {@code step/partition}, or just
   * {@code step} for an unpartitioned step.
   */
  public String tag() {
    return partition.isEmpty() ? step : step + "/" + partition;
  }

  @Override
  public int compareTo(StepKey o) {
    int c = step.compareTo(o.step);
    return c != 0 ? c : partition.compareTo(o.partition);
  }

  @Override
  public String toString() {
    return tag();
  }
}
