package dev.strata.cli.maintenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.cli.Json;
import dev.strata.maintenance.Durations;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Turns maintenance result records into JSON with the records' own field names, so the JSON and the
 * text output carry the same fields: instants as ISO-8601 strings, durations as {@code 168h}.
 */
public final class Reports {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Reports() {}

  /** A result value as JSON. */
  public static JsonNode toJson(Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof Instant instant) {
      return NODES.textNode(instant.toString());
    }
    if (value instanceof Duration duration) {
      return NODES.textNode(Durations.format(duration));
    }
    if (value instanceof Record record) {
      ObjectNode object = NODES.objectNode();
      for (RecordComponent component : record.getClass().getRecordComponents()) {
        try {
          object.set(component.getName(), toJson(component.getAccessor().invoke(record)));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("Cannot read " + component, e);
        }
      }
      return object;
    }
    if (value instanceof Collection<?> collection) {
      ArrayNode array = NODES.arrayNode();
      for (Object element : collection) {
        array.add(toJson(element));
      }
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      map.forEach((k, v) -> object.set(String.valueOf(k), toJson(v)));
      return object;
    }
    return Json.MAPPER.valueToTree(value);
  }
}
