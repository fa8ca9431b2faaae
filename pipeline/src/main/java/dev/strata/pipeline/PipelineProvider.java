package dev.strata.pipeline;

/**
 * Makes a pipeline known to {@code strata pipelines}, {@code strata run} and {@code strata
 * backfill} through {@link java.util.ServiceLoader}: list the implementation in {@code
 * META-INF/services/dev.strata.pipeline.PipelineProvider}. A class named with {@code --class} may
 * be a provider too.
 */
public interface PipelineProvider {

  /** The pipeline's name, as given on the command line. */
  String name();

  /** One line saying what the pipeline does. */
  default String description() {
    return "";
  }

  /**
   * Builds the pipeline over the context's lakehouse. May prepare what the pipeline needs (an
   * example data set, say) from the context's options.
   */
  Pipeline create(PipelineContext context);
}
