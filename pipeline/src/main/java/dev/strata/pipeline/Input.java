package dev.strata.pipeline;

import dev.strata.engine.DataReader;
import dev.strata.format.types.StructType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Something a step reads: a table (of this pipeline or any other) or files in a source format.
 * Reading a table that another step of the pipeline writes makes this step depend on that one.
 */
public sealed interface Input {

  /** A table: relative to the lakehouse root ({@code bronze/orders}) or a URI. */
  static Table table(String table) {
    return new Table(table);
  }

  /** CSV files; options as the engine's CSV reader takes them ({@code header}, {@code sep}). */
  static Files csv(String path) {
    return new Files("csv", path, null, Map.of());
  }

  /** JSON-lines files. */
  static Files json(String path) {
    return new Files("json", path, null, Map.of());
  }

  /** Parquet files. */
  static Files parquet(String path) {
    return new Files("parquet", path, null, Map.of());
  }

  /** Avro files. */
  static Files avro(String path) {
    return new Files("avro", path, null, Map.of());
  }

  /** A table input. */
  record Table(String table) implements Input {
    /** Validates. */
    public Table {
      Objects.requireNonNull(table, "table");
    }
  }

  /**
   * A file source.
   *
   * @param format csv, json, parquet or avro
   * @param path a file or directory
   * @param schema explicit schema, or null to infer / use the file's
   * @param options reader options
   */
  record Files(String format, String path, StructType schema, Map<String, String> options)
      implements Input {
    /** Validates. */
    public Files {
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(path, "path");
      options = Map.copyOf(options);
    }

    /** With an explicit schema. */
    public Files schema(StructType s) {
      return new Files(format, path, s, options);
    }

    /**
     * With an explicit schema in DDL, as {@code DataReader.schema(String)} takes it: {@code
     * "order_id BIGINT, price DECIMAL(10,2), order_date DATE NOT NULL"}. Parsed now, so a typo
     * fails where the pipeline is built, not when the step first runs.
     *
     * @throws dev.strata.format.StrataException when the DDL does not parse
     */
    public Files schema(String ddl) {
      return schema(DataReader.parseSchema(ddl));
    }

    /** With one more reader option. */
    public Files option(String key, String value) {
      Map<String, String> o = new LinkedHashMap<>(options);
      o.put(key, value);
      return new Files(format, path, schema, o);
    }
  }
}
