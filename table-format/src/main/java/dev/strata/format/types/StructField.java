package dev.strata.format.types;

import java.util.Map;

/**
 * One named field of a {@link StructType}.
 *
 * @param metadata field metadata as parsed from schema JSON (strings, numbers, booleans, lists,
 *     nested maps), kept in order so schemas round-trip exactly
 */
public record StructField(
    String name, DataType type, boolean nullable, Map<String, Object> metadata) {
  /** Field metadata key of the column-mapping physical name. */
  public static final String PHYSICAL_NAME_KEY = "delta.columnMapping.physicalName";

  public StructField {
    metadata =
        metadata == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
  }

  /** A nullable field without metadata. */
  public static StructField of(String name, DataType type) {
    return new StructField(name, type, true, Map.of());
  }

  /** A field without metadata. */
  public static StructField of(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Map.of());
  }

  /**
   * The name the field has in data files and their statistics: its column-mapping physical name
   * when it has one, else its name.
   */
  public String physicalName() {
    Object physical = metadata.get(PHYSICAL_NAME_KEY);
    return physical instanceof String s && !s.isEmpty() ? s : name;
  }

  /** This field with another name. */
  public StructField withName(String newName) {
    return new StructField(newName, type, nullable, metadata);
  }

  /** This field with another nullability. */
  public StructField withNullable(boolean newNullable) {
    return new StructField(name, type, newNullable, metadata);
  }

  @Override
  public String toString() {
    return name + ": " + type.simpleString() + (nullable ? "" : " not null");
  }
}
