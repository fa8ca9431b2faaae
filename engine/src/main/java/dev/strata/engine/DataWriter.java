package dev.strata.engine;

import dev.strata.engine.spi.WriteExecutor;
import dev.strata.format.StrataException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Builder for writing a Dataset to a Delta table: {@code ds.write().mode(SaveMode.OVERWRITE)
 * .partitionBy("order_date").replaceWhere("order_date = '2024-01-05'").save(uri)}. The work is done
 * by the writer module's {@link WriteExecutor}.
 */
public final class DataWriter {
  private final Dataset data;
  private SaveMode mode = SaveMode.ERROR_IF_EXISTS;
  private List<String> partitionBy = List.of();
  private String replaceWhere;
  private PartitionOverwriteMode overwriteMode = PartitionOverwriteMode.STATIC;
  private boolean mergeSchema;
  private boolean overwriteSchema;
  private long targetFileSize;
  private String appId;
  private long appVersion = -1;
  private String userMetadata;
  private final Map<String, String> properties = new LinkedHashMap<>();
  private final Map<String, String> options = new LinkedHashMap<>();

  DataWriter(Dataset data) {
    this.data = data;
  }

  public DataWriter mode(SaveMode mode) {
    this.mode = mode;
    return this;
  }

  /** Spark's spellings: append, overwrite, error / errorifexists, ignore. */
  public DataWriter mode(String mode) {
    return mode(
        switch (mode.toLowerCase(Locale.ROOT)) {
          case "append" -> SaveMode.APPEND;
          case "overwrite" -> SaveMode.OVERWRITE;
          case "error", "errorifexists", "error_if_exists", "default" -> SaveMode.ERROR_IF_EXISTS;
          case "ignore" -> SaveMode.IGNORE;
          default ->
              throw new StrataException(
                  "Unknown save mode '"
                      + mode
                      + "': use append, overwrite, errorifexists or ignore");
        });
  }

  public DataWriter partitionBy(String... cols) {
    this.partitionBy = List.copyOf(Arrays.asList(cols));
    return this;
  }

  public DataWriter partitionBy(List<String> cols) {
    this.partitionBy = List.copyOf(cols);
    return this;
  }

  /** Overwrite only the rows matching this SQL predicate (every new row must match it). */
  public DataWriter replaceWhere(String predicate) {
    this.replaceWhere = predicate;
    return this;
  }

  public DataWriter partitionOverwriteMode(PartitionOverwriteMode m) {
    this.overwriteMode = m;
    return this;
  }

  /** Add new columns and widen types where Delta allows. */
  public DataWriter mergeSchema() {
    this.mergeSchema = true;
    return this;
  }

  /** With OVERWRITE: replace the table schema by the Dataset's. */
  public DataWriter overwriteSchema() {
    this.overwriteSchema = true;
    return this;
  }

  public DataWriter targetFileSize(long bytes) {
    this.targetFileSize = bytes;
    return this;
  }

  /** Commit at most once per (appId, version): a repeat is reported as skipped. */
  public DataWriter idempotent(String appId, long version) {
    this.appId = appId;
    this.appVersion = version;
    return this;
  }

  public DataWriter userMetadata(String metadata) {
    this.userMetadata = metadata;
    return this;
  }

  /** A table property set when the write creates the table ({@code delta.appendOnly}, ...). */
  public DataWriter property(String key, String value) {
    properties.put(key, value);
    return this;
  }

  /**
   * A free-form option; {@code mergeSchema}, {@code overwriteSchema}, {@code replaceWhere}, {@code
   * partitionOverwriteMode} and {@code txnAppId}/{@code txnVersion} are understood too.
   */
  public DataWriter option(String key, String value) {
    switch (key) {
      case "mergeSchema" -> mergeSchema = Boolean.parseBoolean(value);
      case "overwriteSchema" -> overwriteSchema = Boolean.parseBoolean(value);
      case "replaceWhere" -> replaceWhere = value;
      case "partitionOverwriteMode" ->
          overwriteMode = PartitionOverwriteMode.valueOf(value.toUpperCase(Locale.ROOT));
      case "txnAppId" -> appId = value;
      case "txnVersion" -> appVersion = Long.parseLong(value);
      case "userMetadata" -> userMetadata = value;
      default -> options.put(key, value);
    }
    return this;
  }

  /** The options collected so far. */
  public WriteOptions options() {
    return new WriteOptions(
        mode,
        partitionBy,
        replaceWhere,
        overwriteMode,
        mergeSchema,
        overwriteSchema,
        targetFileSize,
        appId,
        appVersion,
        userMetadata,
        properties,
        options);
  }

  /** Writes and commits to the table at {@code uri}. */
  public WriteResult save(String uri) {
    return executor().write(data, options(), uri);
  }

  private static volatile WriteExecutor executor;

  private static WriteExecutor executor() {
    WriteExecutor e = executor;
    if (e == null) {
      List<WriteExecutor> found = new ArrayList<>();
      ServiceLoader.load(WriteExecutor.class, DataWriter.class.getClassLoader())
          .forEach(found::add);
      if (found.isEmpty()) {
        ServiceLoader.load(WriteExecutor.class).forEach(found::add);
      }
      if (found.isEmpty()) {
        throw new StrataException(
            "No table writer found: Dataset.write() needs the strata-writer module on the classpath "
                + "(it registers dev.strata.engine.spi.WriteExecutor)");
      }
      e = found.get(0);
      executor = e;
    }
    return e;
  }
}
