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
import dev.strata.log.DeltaLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** strata delete and strata update commit what Spark SQL's DELETE and UPDATE would. */
class RowLevelCommandsTest {
  static final StructType SCHEMA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG),
          StructField.of("status", PrimitiveType.STRING),
          StructField.of("amount", PrimitiveType.LONG));

  @TempDir Path dir;

  String table(String property, String value) {
    String t = dir.resolve("t").toString();
    try (Strata strata = Strata.builder().parallelism(1).build()) {
      List<Row> rows = new ArrayList<>();
      for (long id = 0; id < 10; id++) {
        rows.add(Row.of(id, "open", id * 10));
      }
      strata.createDataset(rows, SCHEMA).write().property(property, value).save(t);
    }
    return t;
  }

  TreeMap<Long, String> rows(String t) throws Exception {
    CliRunner.Result scan = CliRunner.run("scan", t, "--format", "json");
    assertThat(scan.exitCode()).as(scan.toString()).isZero();
    TreeMap<Long, String> out = new TreeMap<>();
    for (JsonNode r : Json.MAPPER.readTree(scan.out())) {
      out.put(r.get("id").asLong(), r.get("status").asText() + "/" + r.get("amount").asLong());
    }
    return out;
  }

  @Test
  void deleteAndUpdateOnADeletionVectorTableWithTheChangeFeed() throws Exception {
    String t = table("delta.enableDeletionVectors", "true");
    assertThat(CliRunner.run("set-property", t, "delta.enableChangeDataFeed=true").exitCode())
        .isZero();

    CliRunner.Result delete = CliRunner.run("delete", t, "--where", "id >= 7", "--format", "json");
    assertThat(delete.exitCode()).as(delete.toString()).isZero();
    JsonNode d = Json.MAPPER.readTree(delete.out());
    assertThat(d.get("operation").asText()).isEqualTo("DELETE");
    assertThat(d.get("rowsAffected").asLong()).isEqualTo(3);
    long deleteVersion = d.get("version").asLong();

    CliRunner.Result update =
        CliRunner.run(
            "update", t, "--set", "status='closed',amount=amount + 1", "--where", "id IN (1, 2)");
    assertThat(update.exitCode()).as(update.toString()).isZero();
    assertThat(update.out()).contains("UPDATE on").contains("2 row(s) at version");

    TreeMap<Long, String> after = rows(t);
    assertThat(after.keySet()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(after.get(1L)).isEqualTo("closed/11");
    assertThat(after.get(2L)).isEqualTo("closed/21");
    assertThat(after.get(3L)).isEqualTo("open/30");

    // Deletion vectors, not rewrites, and the feed records both operations.
    assertThat(DeltaLog.forTable(t).latestSnapshot().allFiles())
        .anySatisfy(f -> assertThat(f.deletionVector()).isNotNull());
    CliRunner.Result changes =
        CliRunner.run(
            "changes", t, "--from-version", Long.toString(deleteVersion), "--format", "json");
    assertThat(changes.exitCode()).as(changes.toString()).isZero();
    List<String> kinds = new ArrayList<>();
    for (JsonNode r : Json.MAPPER.readTree(changes.out())) {
      kinds.add(r.get("_change_type").asText() + ":" + r.get("id").asLong());
    }
    assertThat(kinds)
        .containsExactlyInAnyOrder(
            "delete:7",
            "delete:8",
            "delete:9",
            "update_preimage:1",
            "update_postimage:1",
            "update_preimage:2",
            "update_postimage:2");
  }

  @Test
  void optimizePurgesTheDeletionVectorsDeleteWrote() throws Exception {
    String t = table("delta.enableDeletionVectors", "true");
    assertThat(CliRunner.run("delete", t, "--where", "id = 4").exitCode()).isZero();
    assertThat(DeltaLog.forTable(t).latestSnapshot().allFiles())
        .anySatisfy(f -> assertThat(f.deletionVector()).isNotNull());
    CliRunner.Result purge = CliRunner.run("optimize", t, "--purge-deletion-vectors");
    assertThat(purge.exitCode()).as(purge.toString()).isZero();
    assertThat(DeltaLog.forTable(t).latestSnapshot().allFiles())
        .allSatisfy(f -> assertThat(f.deletionVector()).isNull());
    assertThat(rows(t).keySet()).hasSize(9).doesNotContain(4L);
  }

  @Test
  void noMatchCommitsNothingAndBadInputChangesNothing() throws Exception {
    String t = table("delta.checkpointInterval", "10");
    long before = DeltaLog.forTable(t).latestSnapshot().version();
    CliRunner.Result none = CliRunner.run("delete", t, "--where", "id > 100");
    assertThat(none.exitCode()).as(none.toString()).isZero();
    assertThat(none.out()).contains("nothing was committed");

    assertThat(CliRunner.run("update", t, "--set", "nosuch=1").exitCode())
        .isEqualTo(ExitCodes.ERROR);
    assertThat(CliRunner.run("update", t, "--set", "amount").exitCode()).isNotEqualTo(ExitCodes.OK);
    assertThat(CliRunner.run("delete", t, "--where", "id = 'abc'").exitCode())
        .isEqualTo(ExitCodes.ERROR);
    assertThat(DeltaLog.forTable(t).latestSnapshot().version()).isEqualTo(before);
    assertThat(rows(t)).hasSize(10);
  }
}
