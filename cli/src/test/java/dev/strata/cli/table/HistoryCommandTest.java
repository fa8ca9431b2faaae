package dev.strata.cli.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.cli.CliRunner;
import dev.strata.cli.Golden;
import dev.strata.cli.Json;
import org.junit.jupiter.api.Test;

class HistoryCommandTest {

  @Test
  void jsonIsAnArrayNewestFirst() throws Exception {
    CliRunner.Result result =
        CliRunner.run(
            "history", Golden.table("basic-with-inserts-overwrite-restore"), "--format", "json");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode json = Json.MAPPER.readTree(result.out());
    assertThat(json.isArray()).isTrue();
    assertThat(json).hasSize(4);
    assertThat(json.get(0).get("version").asLong()).isEqualTo(3);
    assertThat(json.get(0).get("operation").asText()).isEqualTo("RESTORE");
    assertThat(json.get(0).get("operationParameters").get("version").asLong()).isEqualTo(1);
    assertThat(json.get(0).get("readVersion").asLong()).isEqualTo(2);
    assertThat(json.get(2).get("isBlindAppend").asBoolean()).isTrue();
    assertThat(json.get(3).get("version").asLong()).isZero();
    assertThat(json.get(0).has("operationMetrics")).isTrue();
    assertThat(json.get(0).has("userMetadata")).isTrue();
    assertThat(json.get(0).get("txn").isArray()).isTrue();
  }

  @Test
  void limitKeepsTheNewest() throws Exception {
    CliRunner.Result result =
        CliRunner.run(
            "history",
            Golden.table("basic-with-inserts-overwrite-restore"),
            "--limit",
            "2",
            "--format",
            "json");
    JsonNode json = Json.MAPPER.readTree(result.out());
    assertThat(json).hasSize(2);
    assertThat(json.get(1).get("version").asLong()).isEqualTo(2);
  }

  @Test
  void textShowsTxnAndArbitraryParameters() {
    CliRunner.Result txn = CliRunner.run("history", Golden.table("deltalog-getChanges"));
    assertThat(txn.exitCode()).as(txn.toString()).isZero();
    assertThat(txn.out()).contains("fakeAppId:3");
    CliRunner.Result params =
        CliRunner.run(
            "history", Golden.table("commit-info-containing-arbitrary-operationParams-types"));
    assertThat(params.exitCode()).as(params.toString()).isZero();
    assertThat(params.out()).contains("OPTIMIZE", "zOrderBy=");
  }

  @Test
  void nonPositiveLimitIsRejected() {
    CliRunner.Result result =
        CliRunner.run("history", Golden.table("snapshot-data1"), "--limit", "0");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("strata: error: ").contains("--limit");
  }
}
