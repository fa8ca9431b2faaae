package dev.strata.cli.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.cli.CliRunner;
import dev.strata.cli.ExitCodes;
import dev.strata.cli.Json;
import dev.strata.format.Row;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.Protocol;
import dev.strata.maintenance.testing.TestTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetPropertyCommandTest {
  static final StructType SCHEMA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG), StructField.of("value", PrimitiveType.STRING));

  @TempDir Path dir;

  private TestTable table() {
    TestTable table = TestTable.create(dir.resolve("t"), SCHEMA, List.of(), Map.of());
    table.append(List.of(Row.of(1L, "a"), Row.of(2L, "b")));
    return table;
  }

  @Test
  void enablingDeletionVectorsUpgradesTheProtocol() throws Exception {
    TestTable table = table();
    CliRunner.Result r =
        CliRunner.run(
            "set-property",
            table.path(),
            "delta.enableDeletionVectors=true",
            "delta.checkpointInterval=20",
            "--format",
            "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode json = Json.MAPPER.readTree(r.out());
    assertThat(json.get("protocolUpgraded").asBoolean()).isTrue();
    assertThat(json.get("protocolBefore").asText()).isEqualTo("1/2");
    assertThat(json.get("protocolAfter").asText()).startsWith("3/7");
    Protocol p = table.log().latestSnapshot().protocol();
    assertThat(p.readerFeatures()).containsExactly("deletionVectors");
    assertThat(p.writerFeatures()).contains("deletionVectors");
    assertThat(table.log().latestSnapshot().configuration())
        .containsEntry("delta.enableDeletionVectors", "true")
        .containsEntry("delta.checkpointInterval", "20");
    assertThat(json.get("version").asLong()).isEqualTo(table.log().latestSnapshot().version());

    CliRunner.Result again =
        CliRunner.run("set-property", table.path(), "delta.enableDeletionVectors=true");
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("Nothing to do");
  }

  @Test
  void aFeatureStrataCannotWriteIsRefusedAndNothingIsCommitted() {
    TestTable table = table();
    long version = table.log().latestSnapshot().version();
    CliRunner.Result r =
        CliRunner.run("set-property", table.path(), "delta.enableRowTracking=true");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
    assertThat(r.err()).contains("delta.enableRowTracking", "Nothing was committed");
    assertThat(table.log().latestSnapshot().version()).isEqualTo(version);
    assertThat(CliRunner.run("set-property", table.path(), "novalue").exitCode())
        .isEqualTo(ExitCodes.ERROR);
  }
}
