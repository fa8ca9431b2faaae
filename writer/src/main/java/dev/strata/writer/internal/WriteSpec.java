package dev.strata.writer.internal;

import java.util.List;
import java.util.Map;

/**
 * Everything a write was asked to do, independent of how the engine's builder spells it.
 *
 * @param replaceWhere SQL predicate, or null
 * @param appId idempotency application id, or null
 * @param appVersion idempotency version (ignored without appId)
 * @param userMetadata free text for {@code commitInfo}, or null
 * @param properties table properties to set when the write creates the table
 */
public record WriteSpec(
    Mode mode,
    List<String> partitionBy,
    String replaceWhere,
    boolean dynamicPartitionOverwrite,
    boolean mergeSchema,
    boolean overwriteSchema,
    long targetFileSize,
    String appId,
    long appVersion,
    String userMetadata,
    Map<String, String> properties,
    Map<String, String> options) {

  /** Default target file size: 128 MiB. */
  public static final long DEFAULT_TARGET_FILE_SIZE = 128L * 1024 * 1024;

  /** The save modes, as Spark's DataFrameWriter defines them. */
  public enum Mode {
    APPEND("Append"),
    OVERWRITE("Overwrite"),
    ERROR_IF_EXISTS("ErrorIfExists"),
    IGNORE("Ignore");

    private final String deltaName;

    Mode(String deltaName) {
      this.deltaName = deltaName;
    }

    /** The name Delta records in {@code operationParameters.mode}. */
    public String deltaName() {
      return deltaName;
    }
  }

  public WriteSpec {
    partitionBy = partitionBy == null ? List.of() : List.copyOf(partitionBy);
    properties = properties == null ? Map.of() : Map.copyOf(properties);
    options = options == null ? Map.of() : Map.copyOf(options);
    if (targetFileSize <= 0) {
      targetFileSize = DEFAULT_TARGET_FILE_SIZE;
    }
  }
}
