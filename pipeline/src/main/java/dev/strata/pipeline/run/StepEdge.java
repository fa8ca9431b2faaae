package dev.strata.pipeline.run;

import java.util.Objects;

/**
 * A dependency of a run's graph: {@code to} ran after, and read what, {@code from} wrote.
 *
 * @param from the upstream node
 * @param to the downstream node
 */
public record StepEdge(StepKey from, StepKey to) {
  public StepEdge {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }
}
