package dev.strata.cli.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.cli.CliRunner;
import dev.strata.cli.ExitCodes;
import dev.strata.cli.Golden;
import dev.strata.cli.Json;
import org.junit.jupiter.api.Test;

class DescribeCommandTest {

  @Test
  void jsonUsesDescribeDetailNames() throws Exception {
    CliRunner.Result result =
        CliRunner.run("describe", Golden.table("basic-decimal-table"), "--format", "json");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode json = Json.MAPPER.readTree(result.out());
    assertThat(json.get("version").asLong()).isZero();
    assertThat(json.get("protocol").get("minReaderVersion").asInt()).isEqualTo(1);
    assertThat(json.get("protocol").get("minWriterVersion").asInt()).isEqualTo(2);
    assertThat(json.get("protocol").get("readerFeatures").isArray()).isTrue();
    assertThat(json.get("partitionColumns").get(0).asText()).isEqualTo("part");
    assertThat(json.get("numFiles").asLong()).isEqualTo(4);
    assertThat(json.get("sizeInBytes").asLong()).isPositive();
    assertThat(json.get("schema").get("fields")).hasSize(4);
    assertThat(json.has("properties")).isTrue();
    assertThat(json.has("lastCheckpoint")).isTrue();
    assertThat(json.get("timestamp").asText()).endsWith("Z");
  }

  @Test
  void readerFeaturesAreListed() throws Exception {
    CliRunner.Result result =
        CliRunner.run("describe", Golden.table("data-reader-timestamp_ntz"), "--format", "json");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode protocol = Json.MAPPER.readTree(result.out()).get("protocol");
    assertThat(protocol.get("minReaderVersion").asInt()).isEqualTo(3);
    assertThat(protocol.get("readerFeatures").toString()).contains("timestampNtz");
  }

  @Test
  void timeTravelByVersion() throws Exception {
    String table = Golden.table("time-travel-partition-changes-b");
    JsonNode v0 =
        Json.MAPPER.readTree(
            CliRunner.run("describe", table, "--version", "0", "--format", "json").out());
    JsonNode latest =
        Json.MAPPER.readTree(CliRunner.run("describe", table, "--format", "json").out());
    assertThat(v0.get("partitionColumns").get(0).asText()).isEqualTo("part5");
    assertThat(v0.get("numFiles").asLong()).isEqualTo(10);
    assertThat(latest.get("partitionColumns").get(0).asText()).isEqualTo("part2");
    assertThat(latest.get("numFiles").asLong()).isEqualTo(4);
  }

  @Test
  void textNamesTheEssentials() {
    CliRunner.Result result = CliRunner.run("describe", Golden.table("snapshot-data1"));
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out())
        .contains(
            "Version:           1", "reader 1, writer 2", "col1", "col2", "Files:             4");
  }

  @Test
  void versionAndTimestampAreExclusive() {
    CliRunner.Result result =
        CliRunner.run(
            "describe",
            Golden.table("snapshot-data1"),
            "--version",
            "0",
            "--timestamp",
            "2020-01-01");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(result.err().strip().lines()).hasSize(1);
    assertThat(result.err()).startsWith("strata: error: ").contains("mutually exclusive");
  }

  @Test
  void missingTableIsOneLineError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    CliRunner.Result result = CliRunner.run("describe", dir.resolve("nope").toString());
    assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(result.err().strip().lines()).hasSize(1);
    assertThat(result.err()).startsWith("strata: error: ").contains("nope");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void verbosePrintsTheStackTrace(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    CliRunner.Result result = CliRunner.run("describe", dir.toString(), "--verbose");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(result.err()).startsWith("strata: error: ").contains("\tat ");
  }

  @Test
  void versionBeyondLatestIsAnError() {
    CliRunner.Result result =
        CliRunner.run("describe", Golden.table("snapshot-data1"), "--version", "7");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(result.err()).startsWith("strata: error: ").contains("7");
  }
}
