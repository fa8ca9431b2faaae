package dev.strata.pipeline;

import dev.strata.engine.Dataset;

/** The body of an in-JVM step: the Dataset to write for one partition, built from the inputs. */
@FunctionalInterface
public interface Transformation {
  /**
   * Builds the step's output for {@code key} ({@link PartitionKey#UNPARTITIONED} for an
   * unpartitioned step). Runs lazily: the Dataset is computed when the step writes it.
   */
  Dataset apply(Inputs inputs, PartitionKey key);
}
