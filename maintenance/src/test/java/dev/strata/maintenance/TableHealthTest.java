package dev.strata.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.format.Row;
import dev.strata.log.AddFile;
import dev.strata.maintenance.testing.TestTable;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableHealthTest {
  @TempDir Path dir;

  @Test
  void smallFilesCheckpointLagAndDeadFilesAreReportedWithCommands() throws Exception {
    TestTable table =
        TestTable.create(dir.resolve("t"), OptimizeTest.SCHEMA, List.of("part"), Map.of());
    for (int i = 0; i < 14; i++) {
      table.append(List.of(Row.of((long) i, "v", i % 2 == 0 ? "a" : "b")));
    }
    AddFile dead = table.log().latestSnapshot().allFiles().get(0);
    table.commit(List.of(dead.toRemove(System.currentTimeMillis(), true)), "DELETE");
    // As if another engine wrote the table without checkpoints.
    try (var files = java.nio.file.Files.list(table.dir().resolve("_delta_log"))) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.contains(".checkpoint.") || name.equals("_last_checkpoint")) {
          java.nio.file.Files.delete(f);
        }
      }
    }
    table = TestTable.open(table.dir());

    HealthReport fresh = TableHealth.of(table.log()).tableArgument("t").inspect();
    assertThat(fresh.numFiles()).isEqualTo(13);
    assertThat(fresh.numPartitions()).isEqualTo(2);
    assertThat(fresh.smallFiles()).isEqualTo(13);
    assertThat(fresh.smallFileRatio()).isEqualTo(1.0);
    assertThat(fresh.compactableFiles()).isEqualTo(13);
    assertThat(fresh.filesAfterCompaction()).isEqualTo(2);
    assertThat(fresh.lastCheckpointVersion()).isNull();
    assertThat(fresh.commitsSinceCheckpoint()).isEqualTo(16);
    assertThat(fresh.tombstones().files()).isEqualTo(1);
    assertThat(fresh.awaitingVacuum().files()).isZero();
    assertThat(fresh.histogram().get(0).files()).isEqualTo(13);
    assertThat(fresh.oldestAvailableVersion()).isZero();
    assertThat(fresh.recommendations())
        .extracting(HealthReport.Recommendation::command)
        .containsExactly("strata optimize t", "strata checkpoint t");

    // Eight days later the removed file is past the retention: VACUUM is recommended.
    Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(8)), ZoneOffset.UTC);
    HealthReport aged = TableHealth.of(table.log()).tableArgument("t").clock(later).inspect();
    assertThat(aged.awaitingVacuum().files()).isEqualTo(1);
    assertThat(aged.awaitingVacuum().bytes()).isEqualTo(dead.size());
    assertThat(aged.oldestGuaranteedVersion()).isEqualTo(aged.version());
    assertThat(aged.recommendations())
        .extracting(HealthReport.Recommendation::action)
        .contains("vacuum");

    Optimize.forTable(table.log()).execute();
    HealthReport compacted = TableHealth.of(table.log()).tableArgument("t").inspect();
    assertThat(compacted.numFiles()).isEqualTo(2);
    assertThat(compacted.compactableFiles()).isZero();
    assertThat(compacted.recommendations())
        .extracting(HealthReport.Recommendation::action)
        .containsExactly("checkpoint");

    LogMaintenance.checkpoint(table.log());
    HealthReport healthy = TableHealth.of(table.log()).inspect();
    assertThat(healthy.lastCheckpointVersion()).isEqualTo(healthy.version());
    assertThat(healthy.commitsSinceCheckpoint()).isZero();
    assertThat(healthy.recommendations()).isEmpty();
  }
}
