package dev.strata.cli.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.cli.CliRunner;
import dev.strata.cli.ExitCodes;
import dev.strata.cli.Golden;
import dev.strata.cli.Json;
import dev.strata.format.Row;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.AddFile;
import dev.strata.log.ConcurrentAppendException;
import dev.strata.maintenance.testing.TestTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintenanceCommandsTest {
  static final StructType SCHEMA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG),
          StructField.of("value", PrimitiveType.STRING),
          StructField.of("part", PrimitiveType.STRING));

  @TempDir Path dir;

  private TestTable smallFiles(int commits) {
    TestTable table = TestTable.create(dir.resolve("t"), SCHEMA, List.of("part"), Map.of());
    for (int c = 0; c < commits; c++) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        rows.add(Row.of((long) (c * 10 + i), "v", c % 2 == 0 ? "a" : "b"));
      }
      table.append(rows);
    }
    return table;
  }

  @Test
  void optimizeThenNothingToDo() throws Exception {
    TestTable table = smallFiles(6);
    CliRunner.Result first = CliRunner.run("optimize", table.path());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out())
        .contains("partitions optimized: 2", "files removed:        6", "Committed version 7");
    CliRunner.Result second = CliRunner.run("optimize", table.path(), "--format", "json");
    assertThat(second.exitCode()).isZero();
    JsonNode json = Json.MAPPER.readTree(second.out());
    assertThat(json.get("committedVersion").isNull()).isTrue();
    assertThat(json.get("numBins").asLong()).isZero();
    assertThat(CliRunner.run("optimize", table.path()).out())
        .contains("nothing to do", "nothing was committed");
    assertThat(table.log().latestSnapshot().version()).isEqualTo(7);
    assertThat(CliRunner.run("history", table.path(), "--limit", "1").out()).contains("OPTIMIZE");
  }

  @Test
  void optimizeWhereAndZOrderJson() throws Exception {
    TestTable table = smallFiles(6);
    CliRunner.Result result =
        CliRunner.run(
            "optimize",
            table.path(),
            "--where",
            "part = 'a'",
            "--zorder-by",
            "id,value",
            "--format",
            "json");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode json = Json.MAPPER.readTree(result.out());
    assertThat(json.get("partitionsOptimized").asLong()).isEqualTo(1);
    assertThat(json.get("zOrderBy").toString()).isEqualTo("[\"id\",\"value\"]");
    assertThat(json.get("sizesBefore").get("files").asLong()).isEqualTo(3);
    assertThat(json.get("sizesAfter").get("files").asLong()).isEqualTo(1);
    CliRunner.Result notPartition = CliRunner.run("optimize", table.path(), "--where", "id > 3");
    assertThat(notPartition.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(notPartition.err()).startsWith("strata: error: ").contains("partition column");
  }

  @Test
  void vacuumRefusesShortRetentionWithExitThree() throws Exception {
    TestTable table = smallFiles(2);
    AddFile removed = table.log().latestSnapshot().allFiles().get(0);
    table.commit(List.of(removed.toRemove(System.currentTimeMillis(), true)), "DELETE");
    Path file = table.dir().resolve(removed.path());

    CliRunner.Result refused = CliRunner.run("vacuum", table.path(), "--retain", "1h");
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(refused.err().strip().lines()).hasSize(1);
    assertThat(refused.err()).contains("--unsafe-allow-short-retention", "168h");
    assertThat(file).exists();

    CliRunner.Result dry =
        CliRunner.run(
            "vacuum",
            table.path(),
            "--retain",
            "0h",
            "--unsafe-allow-short-retention",
            "--dry-run");
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(dry.out())
        .contains("DRY RUN: nothing was deleted", "removed by the log: 1 files", removed.path());
    assertThat(file).exists();

    CliRunner.Result real =
        CliRunner.run(
            "vacuum",
            table.path(),
            "--retain",
            "0h",
            "--unsafe-allow-short-retention",
            "--format",
            "json");
    assertThat(real.exitCode()).as(real.toString()).isZero();
    JsonNode json = Json.MAPPER.readTree(real.out());
    assertThat(json.get("filesDeleted").asLong()).isEqualTo(1);
    assertThat(json.get("retention").asText()).isEqualTo("0h");
    assertThat(json.get("removedByLog").get("files").asLong()).isEqualTo(1);
    assertThat(json.get("neverCommitted").get("files").asLong()).isZero();
    assertThat(json.has("oldestReachableVersion")).isTrue();
    assertThat(file).doesNotExist();
    assertThat(CliRunner.run("history", table.path(), "--limit", "2").out())
        .contains("VACUUM END", "VACUUM START");

    CliRunner.Result restore = CliRunner.run("restore", table.path(), "--to-version", "2");
    assertThat(restore.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(restore.err()).contains("Missing files (1):", removed.path());
    assertThat(restore.err().lines().filter(l -> l.startsWith("strata: error: "))).hasSize(1);
  }

  @Test
  void restoreRoundTripThroughTheCli() {
    TestTable table = smallFiles(3);
    CliRunner.Result dry = CliRunner.run("restore", table.path(), "--to-version", "1", "--dry-run");
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(dry.out()).contains("DRY RUN", "numRemovedFiles:        2");
    assertThat(table.log().latestSnapshot().version()).isEqualTo(3);
    CliRunner.Result back = CliRunner.run("restore", table.path(), "--to-version", "1");
    assertThat(back.out()).contains("Committed version 4");
    assertThat(CliRunner.run("count", table.path()).out()).isEqualTo("10\n");
    CliRunner.Result forward = CliRunner.run("restore", table.path(), "--to-version", "3");
    assertThat(forward.exitCode()).isZero();
    assertThat(CliRunner.run("count", table.path()).out()).isEqualTo("30\n");
    CliRunner.Result neither = CliRunner.run("restore", table.path());
    assertThat(neither.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(neither.err()).startsWith("strata: error: ");
  }

  @Test
  void checkpointCleanupAndHealth() throws Exception {
    TestTable table = smallFiles(4);
    CliRunner.Result checkpoint = CliRunner.run("checkpoint", table.path());
    assertThat(checkpoint.exitCode()).as(checkpoint.toString()).isZero();
    assertThat(checkpoint.out()).contains("Checkpoint written", "version 4");
    assertThat(
            Files.exists(table.dir().resolve("_delta_log/00000000000000000004.checkpoint.parquet")))
        .isTrue();
    JsonNode detail =
        Json.MAPPER.readTree(CliRunner.run("describe", table.path(), "--format", "json").out());
    assertThat(detail.get("lastCheckpoint").asLong()).isEqualTo(4);

    CliRunner.Result cleanup = CliRunner.run("cleanup-log", table.path(), "--format", "json");
    assertThat(cleanup.exitCode()).as(cleanup.toString()).isZero();
    JsonNode cleaned = Json.MAPPER.readTree(cleanup.out());
    assertThat(cleaned.get("filesDeleted").asInt())
        .isZero(); // all commits are younger than 30 days
    assertThat(cleaned.get("logRetention").asText()).isEqualTo("720h");

    CliRunner.Result health = CliRunner.run("describe", table.path(), "--health");
    assertThat(health.exitCode()).as(health.toString()).isZero();
    assertThat(health.out())
        .contains("Small files:", "File size histogram", "run: strata optimize " + table.path());
    String previous = System.getProperty(dev.strata.cli.StrataCli.NAME_PROPERTY);
    System.setProperty(dev.strata.cli.StrataCli.NAME_PROPERTY, "./strata");
    try {
      assertThat(CliRunner.run("describe", table.path(), "--health").out())
          .contains("run: ./strata optimize " + table.path());
    } finally {
      if (previous == null) {
        System.clearProperty(dev.strata.cli.StrataCli.NAME_PROPERTY);
      } else {
        System.setProperty(dev.strata.cli.StrataCli.NAME_PROPERTY, previous);
      }
    }
    JsonNode json =
        Json.MAPPER.readTree(
            CliRunner.run("describe", table.path(), "--health", "--format", "json").out());
    assertThat(json.get("numFiles").asLong()).isEqualTo(4);
    assertThat(json.get("lastCheckpointVersion").asLong()).isEqualTo(4);
    assertThat(json.get("recommendations").get(0).get("action").asText()).isEqualTo("optimize");
  }

  @Test
  void everyCommandHasHelpWithExamples() {
    for (String command :
        List.of(
            "describe",
            "history",
            "scan",
            "count",
            "optimize",
            "vacuum",
            "restore",
            "checkpoint",
            "cleanup-log")) {
      CliRunner.Result help = CliRunner.run(command, "--help");
      assertThat(help.exitCode()).as(command).isZero();
      assertThat(help.out()).as(command).contains("Usage: strata " + command, "Examples:");
    }
  }

  @Test
  void conflictsExitWithTwo() {
    assertThat(ExitCodes.forThrowable(new ConcurrentAppendException("raced"))).isEqualTo(2);
    assertThat(ExitCodes.forThrowable(new RuntimeException(new ConcurrentAppendException("x"))))
        .isEqualTo(2);
    assertThat(ExitCodes.forThrowable(new IllegalStateException("x"))).isEqualTo(1);
  }

  @Test
  void goldenTableIsCopiedBeforeWriting() {
    Path copy = Golden.copy("snapshot-data1", dir);
    CliRunner.Result result = CliRunner.run("optimize", copy.toString());
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(CliRunner.run("count", copy.toString()).out()).isEqualTo("20\n");
    assertThat(CliRunner.run("describe", copy.toString()).out()).contains("Files:             1");
  }
}
