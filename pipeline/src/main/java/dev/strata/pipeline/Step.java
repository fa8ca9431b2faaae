package dev.strata.pipeline;

import java.util.List;

/**
 * One step of a pipeline: it reads tables or sources, and writes one target table. Dependencies
 * between steps follow from which step's target a step reads.
 */
public sealed interface Step permits TransformStep, SparkSubmitStep {

  /** The step's name, unique in its pipeline ({@code [A-Za-z0-9_-]+}). */
  String name();

  /** The target table: a name relative to the lakehouse root ({@code silver/orders}) or a URI. */
  String target();

  /** The tables the step reads, relative to the lakehouse root or URIs. */
  List<String> reads();

  /** True when the step runs once per partition key, false when once per run. */
  boolean partitioned();

  /** The step's own retry policy, or null to use the pipeline's. */
  RetryPolicy retry();

  /** A builder for an in-JVM step that transforms Datasets. */
  static TransformStep.Builder named(String name) {
    return TransformStep.builder(name);
  }
}
