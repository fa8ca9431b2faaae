package dev.strata.format.types;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.format.SchemaMismatchException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Delta's schema JSON (Spark's StructType JSON), parsed and printed. */
final class SchemaJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern DECIMAL =
      Pattern.compile("decimal\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

  private SchemaJson() {}

  static StructType parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new SchemaMismatchException("Malformed schema JSON: " + e.getOriginalMessage());
    }
    DataType type = parseType(root);
    if (!(type instanceof StructType struct)) {
      throw new SchemaMismatchException("Schema JSON is not a struct: " + json);
    }
    return struct;
  }

  private static DataType parseType(JsonNode node) {
    if (node == null || node.isNull()) {
      throw new SchemaMismatchException("Missing type in schema JSON");
    }
    if (node.isTextual()) {
      String name = node.asText();
      PrimitiveType primitive = PrimitiveType.fromJsonName(name);
      if (primitive != null) {
        return primitive;
      }
      Matcher m = DECIMAL.matcher(name);
      if (m.matches()) {
        return new DecimalType(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
      }
      if (name.equals("decimal")) {
        return new DecimalType(10, 0);
      }
      throw new SchemaMismatchException(
          "Unknown data type '" + name + "' in schema JSON: Strata does not support it");
    }
    String kind = node.path("type").asText("");
    switch (kind) {
      case "struct":
        List<StructField> fields = new ArrayList<>();
        for (JsonNode f : node.path("fields")) {
          fields.add(
              new StructField(
                  f.path("name").asText(),
                  parseType(f.get("type")),
                  f.path("nullable").asBoolean(true),
                  toMap(f.get("metadata"))));
        }
        return new StructType(fields);
      case "array":
        return new ArrayType(
            parseType(node.get("elementType")), node.path("containsNull").asBoolean(true));
      case "map":
        return new MapType(
            parseType(node.get("keyType")),
            parseType(node.get("valueType")),
            node.path("valueContainsNull").asBoolean(true));
      default:
        throw new SchemaMismatchException("Unknown data type '" + node + "' in schema JSON");
    }
  }

  private static Map<String, Object> toMap(JsonNode node) {
    if (node == null || !node.isObject()) {
      return Map.of();
    }
    Map<String, Object> map = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      map.put(e.getKey(), MAPPER.convertValue(e.getValue(), Object.class));
    }
    return map;
  }

  static String print(StructType struct) {
    try {
      return MAPPER.writeValueAsString(toNode(struct));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode toNode(DataType type) {
    if (type instanceof PrimitiveType || type instanceof DecimalType) {
      return MAPPER.getNodeFactory().textNode(type.simpleString());
    }
    ObjectNode node = MAPPER.createObjectNode();
    if (type instanceof StructType struct) {
      node.put("type", "struct");
      ArrayNode fields = node.putArray("fields");
      for (StructField f : struct.fields()) {
        ObjectNode fieldNode = fields.addObject();
        fieldNode.put("name", f.name());
        fieldNode.set("type", toNode(f.type()));
        fieldNode.put("nullable", f.nullable());
        fieldNode.set("metadata", MAPPER.valueToTree(f.metadata()));
      }
    } else if (type instanceof ArrayType array) {
      node.put("type", "array");
      node.set("elementType", toNode(array.elementType()));
      node.put("containsNull", array.containsNull());
    } else if (type instanceof MapType map) {
      node.put("type", "map");
      node.set("keyType", toNode(map.keyType()));
      node.set("valueType", toNode(map.valueType()));
      node.put("valueContainsNull", map.valueContainsNull());
    }
    return node;
  }
}
