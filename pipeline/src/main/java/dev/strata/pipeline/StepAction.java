package dev.strata.pipeline;

import dev.strata.engine.Dataset;

/**
 * Writes a step's output when no {@link WriteMode} covers the logic (see {@link
 * WriteMode#custom(StepAction)}). It must make one commit that carries the step's idempotency
 * marker, through {@link StepTarget#table()} or {@link StepTarget#write(Dataset)}: the pipeline
 * skips the action when the marker is already in the table (a retry after a commit whose outcome
 * was unknown) and fails the step when the action returns without having committed it.
 */
@FunctionalInterface
public interface StepAction {
  /**
   * Writes {@code output} to the target.
   *
   * @param output what the step's transformation returned
   * @param target the target table with the step's marker
   */
  void write(Dataset output, StepTarget target) throws Exception;
}
