package dev.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.format.Row;
import dev.strata.format.types.ArrayType;
import dev.strata.format.types.DataType;
import dev.strata.format.types.MapType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Renders table values for output. JSON follows the {@code scan --format jsonl} contract: integers
 * and finite floating-point numbers as numbers, NaN and infinities as strings, decimals as plain
 * strings, binary as base64, dates {@code 2021-09-08}, timestamps as UTC instants {@code
 * 2021-09-08T11:11:11Z} (fraction only when non-zero), timestamp_ntz {@code 2021-09-08T11:11:11},
 * structs as objects, arrays as arrays, maps as arrays of {@code {"key":..,"value":..}}.
 */
public final class Values {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Values() {}

  /** One row as a JSON object, keys in schema order. */
  public static ObjectNode rowToJson(Row row, StructType schema) {
    ObjectNode object = NODES.objectNode();
    List<StructField> fields = schema.fields();
    for (int i = 0; i < fields.size(); i++) {
      StructField field = fields.get(i);
      object.set(field.name(), toJson(row.get(i), field.type()));
    }
    return object;
  }

  /** A value of the given type as JSON. */
  public static JsonNode toJson(Object value, DataType type) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Byte || value instanceof Short || value instanceof Integer) {
      return NODES.numberNode(((Number) value).intValue());
    }
    if (value instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (value instanceof Float f) {
      return Float.isFinite(f) ? NODES.numberNode(f) : NODES.textNode(f.toString());
    }
    if (value instanceof Double d) {
      return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(d.toString());
    }
    if (value instanceof BigInteger i) {
      return NODES.numberNode(i);
    }
    if (value instanceof Row row) {
      ObjectNode object = NODES.objectNode();
      List<StructField> fields =
          type instanceof StructType struct ? struct.fields() : List.<StructField>of();
      int n = fields.isEmpty() ? row.size() : fields.size();
      for (int i = 0; i < n; i++) {
        String name = i < fields.size() ? fields.get(i).name() : "_" + (i + 1);
        DataType childType = i < fields.size() ? fields.get(i).type() : null;
        object.set(name, toJson(row.get(i), childType));
      }
      return object;
    }
    if (value instanceof List<?> list) {
      DataType elementType = type instanceof ArrayType array ? array.elementType() : null;
      ArrayNode array = NODES.arrayNode();
      for (Object element : list) {
        array.add(toJson(element, elementType));
      }
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      DataType keyType = type instanceof MapType m ? m.keyType() : null;
      DataType valueType = type instanceof MapType m ? m.valueType() : null;
      ArrayNode array = NODES.arrayNode();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        ObjectNode pair = NODES.objectNode();
        pair.set("key", toJson(entry.getKey(), keyType));
        pair.set("value", toJson(entry.getValue(), valueType));
        array.add(pair);
      }
      return array;
    }
    return NODES.textNode(scalarText(value));
  }

  /**
   * A value as text for CSV and table output: scalars as in JSON without quotes, nested values as
   * compact JSON, null as {@code nullText}.
   */
  public static String toText(Object value, DataType type, String nullText) {
    if (value == null) {
      return nullText;
    }
    if (value instanceof Row || value instanceof List<?> || value instanceof Map<?, ?>) {
      return Json.compact(toJson(value, type));
    }
    return scalarText(value);
  }

  private static String scalarText(Object value) {
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (value instanceof LocalDate date) {
      return DateTimeFormatter.ISO_LOCAL_DATE.format(date);
    }
    if (value instanceof Instant instant) {
      // Instant.toString: always seconds, fraction only when non-zero, 'Z'.
      return instant.toString();
    }
    if (value instanceof LocalDateTime dateTime) {
      // Unlike LocalDateTime.toString, always prints the seconds.
      return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(dateTime);
    }
    return String.valueOf(value);
  }

  /** Quotes a CSV field when needed (RFC 4180). */
  public static String csvField(String text) {
    boolean quote = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        quote = true;
        break;
      }
    }
    if (!quote) {
      return text;
    }
    return '"' + text.replace("\"", "\"\"") + '"';
  }
}
