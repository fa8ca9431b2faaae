package dev.strata.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.format.testing.Golden;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionValuesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyPrimitiveRoundTrips() {
    Object[][] cases = {
      {PrimitiveType.BOOLEAN, true, "true"},
      {PrimitiveType.BYTE, (byte) -3, "-3"},
      {PrimitiveType.SHORT, (short) 12, "12"},
      {PrimitiveType.INTEGER, 0, "0"},
      {PrimitiveType.LONG, 1234567890123L, "1234567890123"},
      {PrimitiveType.FLOAT, 9.9f, "9.9"},
      {PrimitiveType.DOUBLE, 0.0, "0.0"},
      {new DecimalType(12, 5), new BigDecimal("2342222.23454"), "2342222.23454"},
      {PrimitiveType.STRING, "a/b=c%d e", "a/b=c%d e"},
      {PrimitiveType.DATE, LocalDate.of(2021, 9, 8), "2021-09-08"},
      {
        PrimitiveType.TIMESTAMP,
        Instant.parse("2024-01-01T10:00:00Z"),
        "2024-01-01T10:00:00.000000Z"
      },
      {
        PrimitiveType.TIMESTAMP,
        Instant.parse("2024-01-01T10:00:00.123456Z"),
        "2024-01-01T10:00:00.123456Z"
      },
      {
        PrimitiveType.TIMESTAMP_NTZ,
        LocalDateTime.of(2021, 11, 18, 2, 30, 0, 123456000),
        "2021-11-18 02:30:00.123456"
      },
      {PrimitiveType.TIMESTAMP_NTZ, LocalDateTime.of(2021, 11, 18, 2, 30), "2021-11-18 02:30:00"},
    };
    for (Object[] c : cases) {
      dev.strata.format.types.DataType type = (dev.strata.format.types.DataType) c[0];
      assertThat(PartitionValues.serialize(type, c[1])).as(type.simpleString()).isEqualTo(c[2]);
      assertThat(PartitionValues.parse(type, (String) c[2]))
          .as(type.simpleString())
          .isEqualTo(c[1]);
    }
    assertThat(PartitionValues.serialize(PrimitiveType.INTEGER, null)).isNull();
    assertThat(PartitionValues.serialize(PrimitiveType.STRING, "")).isNull();
    assertThat(PartitionValues.parse(PrimitiveType.STRING, "")).isNull();
    assertThat(PartitionValues.parse(PrimitiveType.LONG, null)).isNull();
    assertThat(PartitionValues.parse(PrimitiveType.TIMESTAMP, "2021-09-08 11:11:11"))
        .isEqualTo(Instant.parse("2021-09-08T11:11:11Z"));
    assertThat(PartitionValues.parse(PrimitiveType.TIMESTAMP, "2021-09-08 11:11:11.5"))
        .isEqualTo(Instant.parse("2021-09-08T11:11:11.500Z"));
    assertThat(PartitionValues.parse(PrimitiveType.TIMESTAMP, "2000-01-01T00:00:00.000-08:00"))
        .isEqualTo(Instant.parse("2000-01-01T08:00:00Z"));
    assertThatThrownBy(() -> PartitionValues.parse(PrimitiveType.INTEGER, "x1"))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("x1");
  }

  @Test
  void hiveEscapingAndAddPathEncoding() {
    assertThat(PartitionPaths.segment("as_timestamp", "2021-09-08 11:11:11"))
        .isEqualTo("as_timestamp=2021-09-08 11%3A11%3A11");
    assertThat(PartitionPaths.segment("c2", "+ =%0")).isEqualTo("c2=+ %3D%250");
    assertThat(PartitionPaths.segment("x", "A/A")).isEqualTo("x=A%2FA");
    assertThat(PartitionPaths.segment("x", null)).isEqualTo("x=__HIVE_DEFAULT_PARTITION__");
    assertThat(PartitionPaths.unescape("+ %3D%250")).isEqualTo("+ =%0");
    assertThat(PartitionPaths.encodeAddPath("c2=+ %3D%250/part-0.parquet"))
        .isEqualTo("c2=+%20%253D%25250/part-0.parquet");
    assertThat(PartitionPaths.decodeAddPath("c2=+%20%253D%25250/part-0.parquet"))
        .isEqualTo("c2=+ %3D%250/part-0.parquet");
    assertThat(PartitionPaths.decodeAddPath("special%20p@%23h")).isEqualTo("special p@#h");
    assertThat(PartitionPaths.directory(List.of("a", "b"), Map.of("a", "1")))
        .isEqualTo("a=1/b=__HIVE_DEFAULT_PARTITION__");
    String odd = "\u00e9 \t\"#%'*/:=?\\{[]^|<>`+";
    assertThat(PartitionPaths.unescape(PartitionPaths.escape(odd))).isEqualTo(odd);
    assertThat(PartitionPaths.decodeAddPath(PartitionPaths.encodeAddPath(odd))).isEqualTo(odd);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "data-reader-partition-values",
        "data-reader-escaped-chars",
        "deltatbl-special-chars-in-partition-column"
      })
  void goldenTablePathsMatchWhatWeWouldWrite(String table) throws Exception {
    Path root = Golden.table(table);
    StructType schema = null;
    List<String> partitionColumns = new ArrayList<>();
    List<JsonNode> adds = new ArrayList<>();
    try (var logs = Files.list(root.resolve("_delta_log"))) {
      for (Path log : logs.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        for (String line : Files.readAllLines(log)) {
          JsonNode action = JSON.readTree(line);
          if (action.has("metaData")) {
            schema = StructType.fromJson(action.get("metaData").get("schemaString").asText());
            partitionColumns.clear();
            action
                .get("metaData")
                .get("partitionColumns")
                .forEach(n -> partitionColumns.add(n.asText()));
          }
          if (action.has("add")) {
            adds.add(action.get("add"));
          }
        }
      }
    }
    assertThat(adds).isNotEmpty();
    for (JsonNode add : adds) {
      String encoded = add.get("path").asText();
      String decoded = PartitionPaths.decodeAddPath(encoded);
      assertThat(root.resolve(decoded)).as(encoded).exists();
      assertThat(PartitionPaths.encodeAddPath(decoded)).isEqualTo(encoded);
      Map<String, String> values = new HashMap<>();
      add.get("partitionValues")
          .fields()
          .forEachRemaining(
              e -> values.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
      String dir = decoded.substring(0, decoded.lastIndexOf('/'));
      assertThat(PartitionPaths.directory(partitionColumns, values)).isEqualTo(dir);
      for (String column : partitionColumns) {
        var type = schema.field(column).type();
        String raw = values.get(column);
        Object parsed = PartitionValues.parse(type, raw);
        assertThat(parsed == null).isEqualTo(raw == null);
        if (raw != null && type != PrimitiveType.TIMESTAMP) {
          assertThat(PartitionValues.serialize(type, parsed)).isEqualTo(raw);
        }
      }
    }
  }
}
