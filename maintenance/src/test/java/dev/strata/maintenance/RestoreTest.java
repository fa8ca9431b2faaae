package dev.strata.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.format.Row;
import dev.strata.log.AddFile;
import dev.strata.log.CommitEntry;
import dev.strata.maintenance.testing.TestTable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreTest {
  @TempDir Path dir;

  private static List<String> sorted(List<Row> rows) {
    return rows.stream().map(Row::toString).sorted().toList();
  }

  private TestTable threeVersions() {
    TestTable table =
        TestTable.create(dir.resolve("t"), OptimizeTest.SCHEMA, List.of("part"), Map.of());
    table.append(List.of(Row.of(1L, "one", "a"), Row.of(2L, "two", "b"))); // v1
    table.append(List.of(Row.of(3L, "three", "a"))); // v2
    AddFile first = table.log().latestSnapshot().allFiles().get(0);
    table.commit(List.of(first.toRemove(System.currentTimeMillis(), true)), "DELETE"); // v3
    table.append(List.of(Row.of(4L, "four", "c"))); // v4
    return table;
  }

  @Test
  void roundTrip() {
    TestTable table = threeVersions();
    List<String> atV1 = sorted(table.rows(table.log().snapshotAt(1)));
    List<String> atV4 = sorted(table.rows());

    RestoreResult back = Restore.forTable(table.log()).toVersion(1).execute();

    assertThat(back.committedVersion()).isEqualTo(5);
    assertThat(sorted(table.rows())).isEqualTo(atV1);
    assertThat(back.numRestoredFiles()).isEqualTo(1);
    assertThat(back.numRemovedFiles()).isEqualTo(2);
    assertThat(back.numOfFilesAfterRestore()).isEqualTo(2);
    CommitEntry commit = table.log().history(1).get(0);
    assertThat(commit.info().operation()).isEqualTo("RESTORE");
    assertThat(commit.info().operationMetrics())
        .containsEntry("numRestoredFiles", "1")
        .containsEntry("numRemovedFiles", "2")
        .containsKeys(
            "tableSizeAfterRestore",
            "numOfFilesAfterRestore",
            "removedFilesSize",
            "restoredFilesSize");

    RestoreResult forward = Restore.forTable(table.log()).toVersion(4).execute();
    assertThat(forward.committedVersion()).isEqualTo(6);
    assertThat(sorted(table.rows())).isEqualTo(atV4);

    RestoreResult noop = Restore.forTable(table.log()).toVersion(6).execute();
    assertThat(noop.committedVersion()).isNull();
    assertThat(table.log().latestSnapshot().version()).isEqualTo(6);
  }

  @Test
  void restoreByTimestampAndDryRun() {
    TestTable table = threeVersions();
    long v2 = table.log().snapshotAt(2).timestamp();
    RestoreResult dry =
        Restore.forTable(table.log()).toTimestamp(Instant.ofEpochMilli(v2)).dryRun().execute();
    assertThat(dry.restoredVersion()).isEqualTo(2);
    assertThat(dry.committedVersion()).isNull();
    assertThat(table.log().latestSnapshot().version()).isEqualTo(4);
  }

  @Test
  void vacuumedVersionFailsListingTheMissingFiles() {
    TestTable table = threeVersions();
    AddFile removed = table.log().snapshotAt(2).allFiles().get(0);
    Vacuum.forTable(table.log()).retention(Duration.ZERO).allowShortRetention().execute();
    long version = table.log().latestSnapshot().version();

    assertThatThrownBy(() -> Restore.forTable(table.log()).toVersion(2).execute())
        .isInstanceOfSatisfying(
            MissingFilesException.class,
            e -> assertThat(e.missingFiles()).containsExactly(removed.path()))
        .hasMessageContaining("version 2")
        .hasMessageContaining(removed.path());
    assertThat(table.log().latestSnapshot().version()).isEqualTo(version);
  }
}
