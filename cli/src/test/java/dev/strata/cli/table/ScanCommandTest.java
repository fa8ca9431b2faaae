package dev.strata.cli.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.cli.CliRunner;
import dev.strata.cli.ExitCodes;
import dev.strata.cli.Golden;
import dev.strata.cli.Json;
import dev.strata.format.Row;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.maintenance.testing.TestTable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
  @TempDir Path dir;

  private static List<JsonNode> jsonl(String out) throws Exception {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : out.strip().split("\n")) {
      if (!line.isBlank()) {
        rows.add(Json.MAPPER.readTree(line));
      }
    }
    return rows;
  }

  @Test
  void goldenPartitionValuesAsJsonl() throws Exception {
    CliRunner.Result result =
        CliRunner.run("scan", Golden.table("data-reader-partition-values"), "--format", "jsonl");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    List<JsonNode> rows = jsonl(result.out());
    assertThat(rows).hasSize(3);
    JsonNode zero =
        rows.stream().filter(r -> r.get("as_int").asText().equals("0")).findFirst().orElseThrow();
    assertThat(zero.get("as_date").asText()).isEqualTo("2021-09-08");
    assertThat(zero.get("as_timestamp").asText()).isEqualTo("2021-09-08T11:11:11Z");
    assertThat(zero.get("as_big_decimal").isTextual()).isTrue();
    assertThat(zero.get("as_string_lit_null").asText()).isEqualTo("null");
    assertThat(zero.get("as_nested_struct").get("ac").get("acb").asLong()).isZero();
    assertThat(zero.get("as_list_of_records").isArray()).isTrue();
    JsonNode nulls = rows.stream().filter(r -> r.get("as_int").isNull()).findFirst().orElseThrow();
    assertThat(nulls.get("as_string_lit_null").isNull()).isTrue();
    // Keys in schema order.
    List<String> keys = new ArrayList<>();
    zero.fieldNames().forEachRemaining(keys::add);
    assertThat(keys.get(0)).isEqualTo("as_int");
    assertThat(keys.get(keys.size() - 1)).isEqualTo("value");
  }

  @Test
  void whereColumnsLimitAndCsv() throws Exception {
    String table = Golden.table("deltatbl-partition-prune");
    CliRunner.Result hz =
        CliRunner.run(
            "scan",
            table,
            "--where",
            "city = 'hz' AND cnt > 3",
            "--columns",
            "name,cnt",
            "--format",
            "csv");
    assertThat(hz.exitCode()).as(hz.toString()).isZero();
    assertThat(hz.out().strip().lines()).containsExactly("name,cnt", "Jone,7");

    CliRunner.Result limited = CliRunner.run("scan", table, "--limit", "2", "--format", "jsonl");
    assertThat(jsonl(limited.out())).hasSize(2);

    CliRunner.Result text = CliRunner.run("scan", table, "--where", "date = '20180520'");
    assertThat(text.out()).contains("Jim", "Trump").doesNotContain("Linda").contains("(2 rows)");
  }

  @Test
  void countUsesStatisticsOrPredicate() {
    assertThat(CliRunner.run("count", Golden.table("basic-with-inserts-deletes-checkpoint")).out())
        .isEqualTo("41\n");
    assertThat(
            CliRunner.run("count", Golden.table("snapshot-data2-deleted"), "--version", "2").out())
        .isEqualTo("10\n");
    assertThat(
            CliRunner.run(
                    "count", Golden.table("dv-partitioned-with-checkpoint"), "--where", "part >= 7")
                .out())
        .isEqualTo("12\n");
    assertThat(
            CliRunner.run("count", Golden.table("deltatbl-partition-prune"), "--where", "cnt >= 4")
                .out())
        .isEqualTo("3\n");
  }

  @Test
  void timeTravelScan() throws Exception {
    String table = Golden.table("snapshot-data2-deleted");
    List<JsonNode> v2 =
        jsonl(CliRunner.run("scan", table, "--version", "2", "--format", "jsonl").out());
    assertThat(v2).hasSize(10).allMatch(r -> r.get("col2").asText().startsWith("data-2-"));
  }

  @Test
  void badPredicateOrColumnIsOneLineError() {
    String table = Golden.table("snapshot-data1");
    CliRunner.Result bad = CliRunner.run("scan", table, "--where", "col1 = = 3");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(bad.err().strip().lines()).hasSize(1);
    assertThat(bad.err()).startsWith("strata: error: ");
    CliRunner.Result unknown = CliRunner.run("scan", table, "--columns", "nope");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(unknown.err()).contains("nope", "col1");
    CliRunner.Result unknownInWhere = CliRunner.run("count", table, "--where", "nope > 1");
    assertThat(unknownInWhere.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(unknownInWhere.err().strip().lines()).hasSize(1);
  }

  @Test
  void strataWrittenTableRoundTripsValues() throws Exception {
    StructType schema =
        StructType.of(
            StructField.of("id", PrimitiveType.LONG),
            StructField.of("amount", new DecimalType(10, 2)),
            StructField.of("score", PrimitiveType.DOUBLE),
            StructField.of("at", PrimitiveType.TIMESTAMP),
            StructField.of("day", PrimitiveType.DATE));
    TestTable table = TestTable.create(dir.resolve("t"), schema, List.of("day"), Map.of());
    table.append(
        List.of(
            Row.of(
                1L,
                new BigDecimal("12.50"),
                Double.NaN,
                Instant.parse("2024-01-05T10:00:00Z"),
                LocalDate.of(2024, 1, 5)),
            Row.of(
                2L,
                new BigDecimal("-0.01"),
                2.5,
                Instant.parse("2024-01-06T10:00:00.5Z"),
                LocalDate.of(2024, 1, 6))));
    CliRunner.Result result =
        CliRunner.run("scan", table.path(), "--where", "day = '2024-01-05'", "--format", "jsonl");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out().strip())
        .isEqualTo(
            "{\"id\":1,\"amount\":\"12.50\",\"score\":\"NaN\",\"at\":\"2024-01-05T10:00:00Z\","
                + "\"day\":\"2024-01-05\"}");
    CliRunner.Result other =
        CliRunner.run("scan", table.path(), "--where", "id = 2", "--format", "jsonl");
    assertThat(other.out()).contains("\"at\":\"2024-01-06T10:00:00.500Z\"", "\"score\":2.5");
    assertThat(CliRunner.run("count", table.path()).out()).isEqualTo("2\n");
  }
}
