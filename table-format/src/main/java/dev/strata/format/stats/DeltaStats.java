package dev.strata.format.stats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.format.types.ArrayType;
import dev.strata.format.types.DataType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.MapType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/** Reads Delta's per-file statistics JSON ({@code add.stats}). */
public final class DeltaStats {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private DeltaStats() {}

  /**
   * Parses a stats JSON string against the table schema. Keys in the JSON are physical names
   * (column mapping); the result is keyed by dotted logical names. Values that do not parse are
   * treated as unknown, never as an error: stats only ever make reading faster. Timestamp maxima
   * are widened by 999 microseconds because writers truncate them to milliseconds.
   *
   * @return the statistics, or null when {@code statsJson} is null, empty or not JSON
   */
  public static FileStats parse(String statsJson, StructType schema) {
    if (statsJson == null || statsJson.isBlank()) {
      return null;
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(statsJson);
    } catch (JsonProcessingException e) {
      return null;
    }
    if (root == null || !root.isObject()) {
      return null;
    }
    long numRecords = root.path("numRecords").asLong(-1);
    Map<String, ColumnRange> columns = new HashMap<>();
    collect(
        schema,
        "",
        root.path("minValues"),
        root.path("maxValues"),
        root.path("nullCount"),
        numRecords,
        columns);
    return new FileStats(numRecords, columns);
  }

  private static void collect(
      StructType struct,
      String prefix,
      JsonNode min,
      JsonNode max,
      JsonNode nulls,
      long numRecords,
      Map<String, ColumnRange> out) {
    for (StructField field : struct.fields()) {
      String key = field.physicalName();
      String name = prefix + field.name();
      DataType type = field.type();
      if (type instanceof StructType child) {
        collect(child, name + ".", min.path(key), max.path(key), nulls.path(key), numRecords, out);
        continue;
      }
      JsonNode nullNode = nulls.path(key);
      long nullCount = nullNode.isNumber() ? nullNode.asLong() : -1;
      Object lo = null;
      Object hi = null;
      if (!(type instanceof ArrayType || type instanceof MapType)) {
        lo = value(type, min.path(key), false);
        hi = value(type, max.path(key), true);
      }
      if (lo != null || hi != null || nullCount >= 0) {
        out.put(name, new ColumnRange(lo, hi, nullCount, numRecords));
      }
    }
  }

  /** The external value of one stats JSON value, or null when absent or not understood. */
  static Object value(DataType type, JsonNode node, boolean isMax) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return null;
    }
    try {
      if (type instanceof DecimalType) {
        return node.isNumber() || node.isTextual() ? new java.math.BigDecimal(node.asText()) : null;
      }
      return switch ((PrimitiveType) type) {
        case BYTE -> node.isIntegralNumber() ? (byte) node.asInt() : null;
        case SHORT -> node.isIntegralNumber() ? (short) node.asInt() : null;
        case INTEGER -> node.isIntegralNumber() ? node.asInt() : null;
        case LONG -> node.isIntegralNumber() ? node.asLong() : null;
        case FLOAT -> node.isNumber() ? node.floatValue() : null;
        case DOUBLE -> node.isNumber() ? node.doubleValue() : null;
        case STRING -> node.isTextual() ? node.asText() : null;
        case DATE -> node.isTextual() ? LocalDate.parse(node.asText()) : null;
        case TIMESTAMP -> {
          if (!node.isTextual()) {
            yield null;
          }
          Instant t = parseInstant(node.asText());
          yield isMax ? t.plus(999, ChronoUnit.MICROS) : t;
        }
        case TIMESTAMP_NTZ -> {
          if (!node.isTextual()) {
            yield null;
          }
          LocalDateTime t = LocalDateTime.parse(node.asText());
          yield isMax ? t.plus(999, ChronoUnit.MICROS) : t;
        }
        case BOOLEAN -> node.isBoolean() ? node.asBoolean() : null;
        case BINARY, VOID -> null;
      };
    } catch (DateTimeParseException | NumberFormatException e) {
      return null;
    }
  }

  private static Instant parseInstant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
    }
  }
}
