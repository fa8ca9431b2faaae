package dev.strata.pipeline;

import dev.strata.engine.Dataset;
import dev.strata.engine.Strata;

/** The inputs of a step, by the names the step declared them with. */
public interface Inputs {

  /**
   * The whole input as a Dataset.
   *
   * @throws PipelineException when the step declared no input with this name
   */
  Dataset get(String name);

  /**
   * The rows of a table input that belong to the partition being processed: {@code column = key} on
   * the pipeline's partition column.
   */
  Dataset partition(String name);

  /** The engine session the step runs in (its jobs carry the step's job tag). */
  Strata strata();

  /** The partition being processed. */
  PartitionKey key();
}
