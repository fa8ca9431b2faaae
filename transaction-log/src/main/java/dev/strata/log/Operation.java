package dev.strata.log;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a commit does, as recorded in its {@code commitInfo}.
 *
 * @param name {@code WRITE}, {@code DELETE}, {@code MERGE}, {@code OPTIMIZE}, {@code CREATE TABLE},
 *     ...
 * @param parameters operation parameters; values are any JSON-serialisable value
 * @param metrics operation metrics as strings
 * @param userMetadata free text, or null
 */
public record Operation(
    String name, Map<String, Object> parameters, Map<String, String> metrics, String userMetadata) {
  public Operation {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("operation name is required");
    }
    parameters =
        parameters == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    metrics =
        metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /** An operation without parameters, metrics or user metadata. */
  public static Operation of(String name) {
    return new Operation(name, Map.of(), Map.of(), null);
  }

  /** An operation with parameters. */
  public static Operation of(String name, Map<String, Object> parameters) {
    return new Operation(name, parameters, Map.of(), null);
  }

  /** This operation with metrics. */
  public Operation withMetrics(Map<String, String> newMetrics) {
    return new Operation(name, parameters, newMetrics, userMetadata);
  }

  /** This operation with user metadata. */
  public Operation withUserMetadata(String newUserMetadata) {
    return new Operation(name, parameters, metrics, newUserMetadata);
  }
}
