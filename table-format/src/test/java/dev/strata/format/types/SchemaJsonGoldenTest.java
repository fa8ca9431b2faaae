package dev.strata.format.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.format.StrataException;
import dev.strata.format.testing.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SchemaJsonGoldenTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyGoldenSchemaStringRoundTrips() throws Exception {
    List<String> schemas = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(Golden.goldenDir())) {
      for (Path log :
          walk.filter(
                  p ->
                      p.getParent() != null
                          && p.getParent().getFileName().toString().equals("_delta_log"))
              .filter(p -> p.getFileName().toString().endsWith(".json"))
              .toList()) {
        for (String line : Files.readAllLines(log)) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode action;
          try {
            action = JSON.readTree(line);
          } catch (Exception e) {
            continue; // a deliberately broken log line is another test's business
          }
          JsonNode meta = action.get("metaData");
          if (meta != null && meta.hasNonNull("schemaString")) {
            schemas.add(meta.get("schemaString").asText());
          }
        }
      }
    }
    assertThat(schemas).hasSizeGreaterThan(20);
    for (String schema : schemas) {
      StructType parsed = StructType.fromJson(schema);
      assertThat(JSON.readTree(parsed.toJson())).as(schema).isEqualTo(JSON.readTree(schema));
      assertThat(StructType.fromJson(parsed.toJson())).isEqualTo(parsed);
    }
  }

  @Test
  void unknownTypeIsNamed() {
    String json =
        "{\"type\":\"struct\",\"fields\":[{\"name\":\"v\",\"type\":\"variant_x\",\"nullable\":true,\"metadata\":{}}]}";
    assertThatThrownBy(() -> StructType.fromJson(json))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("variant_x");
  }
}
