package dev.strata.cli.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.cli.CliRunner;
import dev.strata.cli.ExitCodes;
import dev.strata.cli.Json;
import dev.strata.engine.Strata;
import dev.strata.format.Row;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.writer.StrataTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangesCommandTest {
  static final StructType SCHEMA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG), StructField.of("value", PrimitiveType.STRING));

  @TempDir Path dir;

  @Test
  void printsTheChangedRowsOfEachVersion() throws Exception {
    String t = dir.resolve("t").toString();
    try (Strata strata = Strata.builder().parallelism(1).build()) {
      List<Row> rows = new ArrayList<>();
      for (long id = 0; id < 5; id++) {
        rows.add(Row.of(id, "v" + id));
      }
      strata
          .createDataset(rows, SCHEMA)
          .write()
          .property("delta.enableChangeDataFeed", "true")
          .save(t);
      StrataTable.forPath(strata, t).update("id = 3", java.util.Map.of("value", "'x'"));
    }
    CliRunner.Result r = CliRunner.run("changes", t, "--from-version", "1");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(2);
    List<String> types = new ArrayList<>();
    for (String line : lines) {
      JsonNode row = Json.MAPPER.readTree(line);
      assertThat(row.get("id").asLong()).isEqualTo(3);
      assertThat(row.get("_commit_version").asLong()).isEqualTo(1);
      assertThat(row.has("_commit_timestamp")).isTrue();
      types.add(row.get("_change_type").asText() + ":" + row.get("value").asText());
    }
    assertThat(types).containsExactlyInAnyOrder("update_preimage:v3", "update_postimage:x");

    CliRunner.Result csv =
        CliRunner.run("changes", t, "--from-version", "0", "--to-version", "0", "--format", "csv");
    assertThat(csv.exitCode()).as(csv.toString()).isZero();
    assertThat(csv.out().lines().toList())
        .hasSize(6)
        .first()
        .isEqualTo("id,value,_change_type,_commit_version,_commit_timestamp");
    assertThat(CliRunner.run("changes", t, "--from-version", "0", "--format", "xml").exitCode())
        .isEqualTo(ExitCodes.ERROR);
  }
}
