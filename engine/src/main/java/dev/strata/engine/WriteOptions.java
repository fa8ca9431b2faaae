package dev.strata.engine;

import java.util.List;
import java.util.Map;

/**
 * Everything a {@link DataWriter} was told, handed to the {@link
 * dev.strata.engine.spi.WriteExecutor}.
 *
 * @param replaceWhere a SQL predicate (null when absent)
 * @param targetFileSize bytes per file before rolling over (0 = the table's or the default)
 * @param appId idempotency application id (null when not idempotent)
 * @param appVersion idempotency version (meaningful when appId is set)
 * @param properties table properties set when the write creates the table
 * @param options free-form writer options
 */
public record WriteOptions(
    SaveMode mode,
    List<String> partitionBy,
    String replaceWhere,
    PartitionOverwriteMode partitionOverwriteMode,
    boolean mergeSchema,
    boolean overwriteSchema,
    long targetFileSize,
    String appId,
    long appVersion,
    String userMetadata,
    Map<String, String> properties,
    Map<String, String> options) {
  public WriteOptions {
    partitionBy = List.copyOf(partitionBy);
    properties = Map.copyOf(properties);
    options = Map.copyOf(options);
  }

  /** Whether the write carries an idempotency marker. */
  public boolean idempotent() {
    return appId != null;
  }
}
