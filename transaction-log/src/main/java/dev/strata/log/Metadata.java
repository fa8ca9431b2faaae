package dev.strata.log;

import dev.strata.format.types.StructType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code metaData} action: table id, schema (as Delta schema JSON), partition columns and table
 * properties.
 *
 * @param name optional, null when absent
 * @param description optional, null when absent
 * @param createdTime epoch milliseconds, null when absent
 */
public record Metadata(
    String id,
    String name,
    String description,
    Format format,
    String schemaString,
    List<String> partitionColumns,
    Map<String, String> configuration,
    Long createdTime)
    implements Action {

  public Metadata {
    format = format == null ? Format.PARQUET : format;
    partitionColumns = partitionColumns == null ? List.of() : List.copyOf(partitionColumns);
    configuration =
        configuration == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
  }

  /**
   * The file format of the table's data files.
   *
   * @param provider always {@code parquet} for Delta tables
   */
  public record Format(String provider, Map<String, String> options) {
    /** Parquet without options. */
    public static final Format PARQUET = new Format("parquet", Map.of());

    public Format {
      options =
          options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
  }

  /** Metadata for a new table: a fresh id, the current time as created time. */
  public static Metadata create(
      StructType schema, List<String> partitionColumns, Map<String, String> configuration) {
    return new Metadata(
        UUID.randomUUID().toString(),
        null,
        null,
        Format.PARQUET,
        schema.toJson(),
        partitionColumns,
        configuration,
        System.currentTimeMillis());
  }

  /** The parsed schema. */
  public StructType schema() {
    return StructType.fromJson(schemaString);
  }

  /** This metadata with another schema (same id). */
  public Metadata withSchema(StructType schema) {
    return new Metadata(
        id,
        name,
        description,
        format,
        schema.toJson(),
        partitionColumns,
        configuration,
        createdTime);
  }

  /** This metadata with other partition columns (same id). */
  public Metadata withPartitionColumns(List<String> columns) {
    return new Metadata(
        id, name, description, format, schemaString, columns, configuration, createdTime);
  }

  /** This metadata with other table properties (same id). */
  public Metadata withConfiguration(Map<String, String> newConfiguration) {
    return new Metadata(
        id,
        name,
        description,
        format,
        schemaString,
        partitionColumns,
        newConfiguration,
        createdTime);
  }

  /** This metadata with {@code key=value} added to (or replaced in) the table properties. */
  public Metadata withProperty(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(configuration);
    copy.put(key, value);
    return withConfiguration(copy);
  }
}
