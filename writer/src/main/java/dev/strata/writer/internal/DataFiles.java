package dev.strata.writer.internal;

import dev.strata.format.types.DataType;
import java.util.List;
import java.util.Map;

/**
 * The writer's one door to partition value strings and partition directory names, so the format
 * module's conventions are used in one place.
 */
final class DataFiles {
  private DataFiles() {}

  /** The Delta partition value string of an external value (null for null). */
  static String partitionValue(DataType type, Object value) {
    return dev.strata.format.PartitionValues.serialize(type, value);
  }

  /** The decoded, Hive-escaped directory of a partition ({@code d=2024-01-01/c=x}). */
  static String partitionDirectory(List<String> columns, Map<String, String> values) {
    return dev.strata.format.PartitionPaths.directory(columns, values);
  }

  /** The URI-encoded form of a decoded relative path, as {@code add.path} stores it. */
  static String encodePath(String decodedRelativePath) {
    return dev.strata.format.PartitionPaths.encodeAddPath(decodedRelativePath);
  }

  /** The decoded form of an {@code add.path}. */
  static String decodePath(String encodedPath) {
    return dev.strata.format.PartitionPaths.decodeAddPath(encodedPath);
  }

  /** The typed value of a Delta partition value string. */
  static Object parsePartitionValue(DataType type, String value) {
    return dev.strata.format.PartitionValues.parse(type, value);
  }
}
