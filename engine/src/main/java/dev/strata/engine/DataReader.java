package dev.strata.engine;

import dev.strata.engine.internal.source.CsvSource;
import dev.strata.engine.internal.source.JsonSource;
import dev.strata.format.StrataException;
import dev.strata.format.types.StructType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads files and tables into Datasets: {@code strata.read().schema(s).option("header",
 * "true").csv(path)}. Paths are files or directories (all files inside, hidden files skipped),
 * local or any URI a {@link dev.strata.format.Storage} serves.
 *
 * <p>CSV/JSON options: {@code header} (false), {@code sep} (,), {@code mode} (FAILFAST: a malformed
 * row fails the read naming file and line; PERMISSIVE: unparsable fields become null;
 * DROPMALFORMED: such rows are dropped), {@code nullValue} (empty string), {@code inferSchema}
 * (false: without a schema all columns are strings), {@code dateFormat} (yyyy-MM-dd), {@code
 * timestampFormat} (yyyy-MM-dd'T'HH:mm:ss, read as UTC), {@code quote} (").
 *
 * <p>Table option: {@code filePathColumn} = a column name: adds a string column holding each row's
 * data file path as the table's log records it ({@code add.path}), e.g. for MERGE to find the files
 * that hold matched rows.
 */
public final class DataReader {
  private final Strata strata;
  private StructType schema;
  private final Map<String, String> options = new LinkedHashMap<>();
  private Long versionAsOf;
  private String timestampAsOf;

  DataReader(Strata strata) {
    this.strata = strata;
  }

  /** The schema of the files (CSV columns in order; JSON fields by name). */
  public DataReader schema(StructType schema) {
    this.schema = schema;
    return this;
  }

  /**
   * The schema as a DDL string, e.g. {@code "order_id BIGINT, price DECIMAL(10,2), order_date
   * DATE"}.
   */
  public DataReader schema(String ddl) {
    return schema(parseSchema(ddl));
  }

  /**
   * Parses a schema in DDL, as {@link #schema(String)} takes it (also for pipeline inputs).
   *
   * @throws InvalidPredicateException when a column is not {@code name type}, or a type is unknown
   */
  public static StructType parseSchema(String ddl) {
    List<dev.strata.format.types.StructField> fields = new java.util.ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= ddl.length(); i++) {
      char c = i < ddl.length() ? ddl.charAt(i) : ',';
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        String part = ddl.substring(start, i).trim();
        start = i + 1;
        if (part.isEmpty()) {
          continue;
        }
        String[] nameType = part.split("\\s+", 2);
        if (nameType.length < 2) {
          throw new InvalidPredicateException("expected 'name type'", ddl, ddl.indexOf(part));
        }
        boolean notNull = nameType[1].toUpperCase(Locale.ROOT).endsWith(" NOT NULL");
        String typeText =
            notNull ? nameType[1].substring(0, nameType[1].length() - 9).trim() : nameType[1];
        String name = nameType[0].replace("`", "");
        fields.add(
            dev.strata.format.types.StructField.of(
                name, dev.strata.engine.internal.parser.SqlParser.parseType(typeText), !notNull));
      }
    }
    return new StructType(fields);
  }

  public DataReader option(String key, String value) {
    options.put(key.toLowerCase(Locale.ROOT), value);
    return this;
  }

  public DataReader option(String key, boolean value) {
    return option(key, String.valueOf(value));
  }

  public DataReader options(Map<String, String> opts) {
    opts.forEach(this::option);
    return this;
  }

  /** Time travel for {@link #table}: the table as of a version. */
  public DataReader versionAsOf(long version) {
    this.versionAsOf = version;
    return this;
  }

  /**
   * Time travel for {@link #table}: the table as of a timestamp ({@code 2024-01-05T10:00:00Z} or
   * epoch millis).
   */
  public DataReader timestampAsOf(String timestamp) {
    this.timestampAsOf = timestamp;
    return this;
  }

  long maxPartitionBytes() {
    String v = strata.conf(dev.strata.engine.internal.SessionState.MAX_PARTITION_BYTES);
    return v == null ? 32L * 1024 * 1024 : Long.parseLong(v);
  }

  /** Reads CSV files. */
  public Dataset csv(String... paths) {
    return strata.fromSource(
        new CsvSource(
            List.copyOf(Arrays.asList(paths)),
            schema,
            options,
            maxPartitionBytes(),
            strata.parallelism()));
  }

  /** Reads JSON lines files (one object per line). */
  public Dataset json(String... paths) {
    return strata.fromSource(
        new JsonSource(
            List.copyOf(Arrays.asList(paths)),
            schema,
            options,
            maxPartitionBytes(),
            strata.parallelism()));
  }

  /** Reads Parquet files (only the needed columns are read). */
  public Dataset parquet(String... paths) {
    return strata.fromSource(
        new dev.strata.engine.internal.source.ParquetSource(
            List.copyOf(Arrays.asList(paths)), schema));
  }

  /** Reads Avro container files. */
  public Dataset avro(String... paths) {
    return strata.fromSource(
        new dev.strata.engine.internal.source.AvroSource(
            List.copyOf(Arrays.asList(paths)), schema));
  }

  /** Reads a Delta (or Strata) table, at its latest version unless time travel was set. */
  public Dataset table(String uri) {
    Long ts = null;
    if (timestampAsOf != null) {
      String t = timestampAsOf.trim();
      if (t.chars().allMatch(Character::isDigit)) {
        ts = Long.parseLong(t);
      } else {
        Long micros = dev.strata.engine.internal.expr.DateTimes.parseTimestamp(t);
        if (micros == null) {
          throw new StrataException(
              "Cannot parse timestampAsOf '"
                  + timestampAsOf
                  + "': use 2024-01-05T10:00:00Z or epoch milliseconds");
        }
        ts = Math.floorDiv(micros, 1000L);
      }
    }
    return strata.fromSource(
        new dev.strata.engine.internal.source.TableSource(
            uri, versionAsOf, ts, strata.parallelism(), options.get("filepathcolumn")));
  }

  /** The change data feed of a Delta (or Strata) table: configure the range, then load(). */
  public ChangesReader changes(String uri) {
    return new ChangesReader(strata, uri);
  }

  /** Reads by format name: csv, json, parquet, avro, delta. */
  public Dataset format(String format, String path) {
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "csv" -> csv(path);
      case "json" -> json(path);
      case "parquet" -> parquet(path);
      case "avro" -> avro(path);
      case "delta", "strata" -> table(path);
      default -> throw new StrataException("Unknown format '" + format + "'");
    };
  }
}
