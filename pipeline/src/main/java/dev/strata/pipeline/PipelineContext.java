package dev.strata.pipeline;

import java.util.Map;
import java.util.Objects;

/**
 * What a {@link PipelineProvider} gets to build its pipeline.
 *
 * @param lakehouse the lakehouse root (path or URI)
 * @param options free-form options ({@code --option key=value} on the command line)
 */
public record PipelineContext(String lakehouse, Map<String, String> options) {
  /** Validates and copies. */
  public PipelineContext {
    Objects.requireNonNull(lakehouse, "lakehouse");
    options = Map.copyOf(options);
  }

  /** An option, or the default. */
  public String option(String key, String defaultValue) {
    return options.getOrDefault(key, defaultValue);
  }
}
