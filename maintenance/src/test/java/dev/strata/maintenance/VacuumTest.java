package dev.strata.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.format.PartitionPaths;
import dev.strata.format.Row;
import dev.strata.log.AddFile;
import dev.strata.log.CommitEntry;
import dev.strata.log.DeltaLog;
import dev.strata.log.Snapshot;
import dev.strata.log.TableProperties;
import dev.strata.maintenance.testing.TestTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VACUUM against a table whose history is laid out in time: commit files, data files and tombstones
 * are dated days in the past, so the 7-day default retention has something to decide.
 */
class VacuumTest {
  @TempDir Path dir;

  final Instant now = Instant.now();
  TestTable table;
  AddFile oldRemoved; // removed 10 days ago: deletable
  AddFile recentlyRemoved; // removed 1 day ago: needed by versions inside the window
  AddFile live;
  long versionRemovingOld;
  List<String> rowsAtVersionRemovingOld;

  private Instant daysAgo(int days) {
    return now.minus(Duration.ofDays(days));
  }

  private void touch(Path file, Instant time) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(time));
  }

  private Path file(AddFile add) {
    return table.dir().resolve(PartitionPaths.decodeAddPath(add.path()));
  }

  private Path commitFile(long version) {
    return table.dir().resolve(String.format("_delta_log/%020d.json", version));
  }

  private Path orphan(String relative, Instant mtime) throws IOException {
    Path p = table.dir().resolve(relative);
    Files.createDirectories(p.getParent());
    Files.write(p, new byte[] {1, 2, 3});
    touch(p, mtime);
    return p;
  }

  @BeforeEach
  void layOutHistory() throws IOException {
    table = TestTable.create(dir.resolve("t"), OptimizeTest.SCHEMA, List.of("part"), Map.of());
    table.append(List.of(Row.of(1L, "one", "a")));
    table.append(List.of(Row.of(2L, "two", "a")));
    table.append(List.of(Row.of(3L, "three", "b")));
    List<AddFile> files = table.log().latestSnapshot().allFiles();
    oldRemoved = files.get(0);
    recentlyRemoved = files.get(1);
    live = files.get(2);
    table.commit(List.of(oldRemoved.toRemove(daysAgo(10).toEpochMilli(), true)), "DELETE");
    table.commit(List.of(recentlyRemoved.toRemove(daysAgo(1).toEpochMilli(), true)), "DELETE");
    versionRemovingOld = 4;
    for (long v = 0; v <= 3; v++) {
      touch(commitFile(v), daysAgo(20).plusSeconds(v));
    }
    touch(commitFile(4), daysAgo(10));
    touch(commitFile(5), daysAgo(1));
    for (AddFile f : files) {
      touch(file(f), daysAgo(20));
    }
    table = TestTable.open(table.dir());
    rowsAtVersionRemovingOld =
        table.rows(table.log().snapshotAt(versionRemovingOld)).stream()
            .map(Row::toString)
            .sorted()
            .toList();
  }

  private List<String> dataFilesOnDisk() throws IOException {
    try (Stream<Path> files = Files.walk(table.dir())) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> table.dir().relativize(p).toString())
          .filter(p -> !p.startsWith("_delta_log"))
          .sorted()
          .toList();
    }
  }

  @Test
  void deletesOnlyWhatNoVersionInsideTheWindowNeeds() throws IOException {
    orphan("part=a/part-crashed-old.parquet", daysAgo(10));
    Path inFlight = orphan("part=a/part-in-flight.parquet", now.minusSeconds(60));
    orphan("_temporary/w1/0-0/part-old.parquet", daysAgo(9));
    Path youngTemp = orphan("_temporary/w2/0-0/part-young.parquet", now);
    orphan("_change_data/cdc-old.parquet", daysAgo(30));
    orphan("_p=1/part-old.parquet", daysAgo(30));
    Path hiddenDir = orphan("_other/part-old.parquet", daysAgo(30));
    Path dotDir = orphan(".cache/part-old.parquet", daysAgo(30));
    Path hiddenFile = orphan("part=a/.part-old.parquet.crc", daysAgo(30));
    Path logFile = orphan("_delta_log/garbage.tmp", daysAgo(30));

    VacuumResult dry = Vacuum.forTable(table.log()).dryRun().execute();
    List<String> expected =
        List.of(
            "_change_data/cdc-old.parquet",
            "_p=1/part-old.parquet",
            "_temporary/w1/0-0/part-old.parquet",
            PartitionPaths.decodeAddPath(oldRemoved.path()),
            "part=a/part-crashed-old.parquet");
    assertThat(dry.dryRun()).isTrue();
    assertThat(dry.files()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(dry.removedByLog().files()).isEqualTo(1);
    assertThat(dry.neverCommitted().files()).isEqualTo(4);
    assertThat(dry.youngUncommittedFiles()).isEqualTo(2);
    assertThat(dry.filesDeleted()).isZero();
    assertThat(dry.retention()).isEqualTo(Duration.ofDays(7));
    assertThat(dry.retentionSource()).contains("default");
    assertThat(dry.oldestReachableVersion()).isEqualTo(versionRemovingOld);
    List<String> beforeVacuum = dataFilesOnDisk();
    assertThat(beforeVacuum).containsAll(expected);
    long version = table.log().latestSnapshot().version();
    assertThat(version).isEqualTo(5);

    VacuumResult result = Vacuum.forTable(table.log()).execute();

    assertThat(result.filesDeleted()).isEqualTo(5);
    List<String> after = dataFilesOnDisk();
    assertThat(after).doesNotContainAnyElementsOf(expected);
    assertThat(after).hasSize(beforeVacuum.size() - 5);
    assertThat(file(recentlyRemoved)).exists();
    assertThat(file(live)).exists();
    assertThat(inFlight).exists();
    assertThat(youngTemp).exists();
    assertThat(hiddenDir).exists();
    assertThat(dotDir).exists();
    assertThat(hiddenFile).exists();
    assertThat(logFile).exists();

    // Time travel to the oldest version inside the window still reads every file.
    DeltaLog reopened = TestTable.open(table.dir()).log();
    Snapshot oldest = reopened.snapshotAt(result.oldestReachableVersion());
    assertThat(TestTable.open(table.dir()).rows(oldest).stream().map(Row::toString).sorted())
        .isEqualTo(rowsAtVersionRemovingOld);
    for (long v = result.oldestReachableVersion(); v <= version; v++) {
      for (AddFile f : reopened.snapshotAt(v).allFiles()) {
        assertThat(file(f)).as("file of version %d", v).exists();
      }
    }

    List<CommitEntry> history = reopened.history(2);
    assertThat(history.get(0).info().operation()).isEqualTo("VACUUM END");
    assertThat(history.get(0).info().operationMetrics()).containsEntry("numDeletedFiles", "5");
    assertThat(history.get(1).info().operation()).isEqualTo("VACUUM START");
    assertThat(history.get(1).info().operationMetrics()).containsEntry("numFilesToDelete", "5");
    assertThat(result.startVersion()).isEqualTo(version + 1);
    assertThat(result.endVersion()).isEqualTo(version + 2);
  }

  @Test
  void dryRunDeletesNothingAndCommitsNothing() throws IOException {
    orphan("part=b/part-crashed.parquet", daysAgo(30));
    List<String> before = dataFilesOnDisk();
    long version = table.log().latestSnapshot().version();
    VacuumResult result = Vacuum.forTable(table.log()).dryRun().execute();
    assertThat(result.files()).hasSize(2);
    assertThat(dataFilesOnDisk()).isEqualTo(before);
    assertThat(table.log().latestSnapshot().version()).isEqualTo(version);
    assertThat(result.startVersion()).isNull();
  }

  @Test
  void shorterRetentionIsRefusedUnlessForced() throws IOException {
    List<String> before = dataFilesOnDisk();
    assertThatThrownBy(() -> Vacuum.forTable(table.log()).retention(Duration.ofHours(1)).execute())
        .isInstanceOf(RetentionTooShortException.class)
        .hasMessageContaining("--unsafe-allow-short-retention");
    assertThat(dataFilesOnDisk()).isEqualTo(before);

    VacuumResult forced =
        Vacuum.forTable(table.log()).retention(Duration.ZERO).allowShortRetention().execute();
    assertThat(forced.removedByLog().files()).isEqualTo(2);
    assertThat(file(recentlyRemoved)).doesNotExist();
    assertThat(file(live)).exists();
  }

  @Test
  void retentionComesFromTheTableProperty() {
    TestTable other =
        TestTable.create(
            dir.resolve("u"),
            OptimizeTest.SCHEMA,
            List.of("part"),
            Map.of(TableProperties.DELETED_FILE_RETENTION, "interval 2 days"));
    other.append(List.of(Row.of(1L, "x", "a")));
    VacuumResult result = Vacuum.forTable(other.log()).dryRun().execute();
    assertThat(result.retention()).isEqualTo(Duration.ofDays(2));
    assertThat(result.retentionSource()).contains("interval 2 days");
    assertThat(result.files()).isEmpty();
    // Longer than the table's is fine; shorter is refused.
    assertThat(
            Vacuum.forTable(other.log())
                .retention(Duration.ofDays(3))
                .dryRun()
                .execute()
                .retention())
        .isEqualTo(Duration.ofDays(3));
    assertThatThrownBy(
            () -> Vacuum.forTable(other.log()).retention(Duration.ofDays(1)).dryRun().execute())
        .isInstanceOf(RetentionTooShortException.class);
  }

  @Test
  void eligibilityRules() {
    assertThat(Vacuum.eligibleFile("part-0.parquet")).isTrue();
    assertThat(Vacuum.eligibleFile("a=1/b=2/part-0.parquet")).isTrue();
    assertThat(Vacuum.eligibleFile("_a=1/part-0.parquet")).isTrue();
    assertThat(Vacuum.eligibleFile("_temporary/x/.part-0.crc")).isTrue();
    assertThat(Vacuum.eligibleFile("_change_data/cdc-0.parquet")).isTrue();
    assertThat(Vacuum.eligibleFile("_delta_log/00000000000000000000.json")).isFalse();
    assertThat(Vacuum.eligibleFile("_delta_log/_sidecars/x.parquet")).isFalse();
    assertThat(Vacuum.eligibleFile("_strata/runs/part-0.parquet")).isFalse();
    assertThat(Vacuum.eligibleFile(".git/x")).isFalse();
    assertThat(Vacuum.eligibleFile("a=1/_tmp/part-0.parquet")).isFalse();
    assertThat(Vacuum.eligibleFile("a=1/_temporary/part-0.parquet")).isFalse();
    assertThat(Vacuum.eligibleFile("_SUCCESS")).isFalse();
    // Deletion vector files are eligible; referenced ones are kept (DeletionVectorMaintenanceTest).
    assertThat(Vacuum.eligibleFile("deletion_vector_1234.bin")).isTrue();
  }

  @Test
  void manyRemovedFilesAreDeletedInParallelBatches() throws IOException {
    List<AddFile> adds = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      adds.addAll(table.writeFiles(List.of(Row.of((long) i, "x", "c"))));
    }
    table.commit(adds, "WRITE");
    List<dev.strata.log.Action> removes = new ArrayList<>();
    for (AddFile a : adds) {
      removes.add(a.toRemove(daysAgo(8).toEpochMilli(), true));
      touch(file(a), daysAgo(9));
    }
    table.commit(removes, "DELETE");
    VacuumResult result = Vacuum.forTable(table.log()).parallelism(4).execute();
    assertThat(result.removedByLog().files()).isEqualTo(31);
    for (AddFile a : adds) {
      assertThat(file(a)).doesNotExist();
    }
  }

  /** A clock that lets another writer commit at the moment VACUUM has read the table. */
  private static final class ConcurrentCommitClock extends java.time.Clock {
    private final Runnable concurrentCommits;
    private boolean ran;

    ConcurrentCommitClock(Runnable concurrentCommits) {
      this.concurrentCommits = concurrentCommits;
    }

    @Override
    public Instant instant() {
      if (!ran) {
        ran = true;
        concurrentCommits.run();
      }
      return Instant.now();
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void reportsWhatWasDeletedNotThePlanAndAnOrderedTimeTravelRange() throws IOException {
    long readVersion = table.log().latestSnapshot().version();
    // Another writer restores oldRemoved (re-adds it) and commits more, after VACUUM read the
    // table and before it deletes.
    DeltaLog other = DeltaLog.forTable(table.dir().toString());
    Runnable concurrent =
        () -> {
          other
              .startTransaction()
              .commit(List.of(oldRemoved), dev.strata.log.Operation.of("RESTORE"));
          for (int i = 0; i < 3; i++) {
            other.startTransaction().commit(List.of(), dev.strata.log.Operation.of("WRITE"));
          }
        };
    VacuumResult r =
        Vacuum.forTable(table.log())
            .retention(Duration.ZERO)
            .allowShortRetention()
            .clock(new ConcurrentCommitClock(concurrent))
            .execute();
    assertThat(r.tableVersion()).isEqualTo(readVersion);
    assertThat(Files.exists(file(oldRemoved))).isTrue();
    assertThat(Files.exists(file(recentlyRemoved))).isFalse();
    long recentSize = recentlyRemoved.size();
    assertThat(r.files()).containsExactly(PartitionPaths.decodeAddPath(recentlyRemoved.path()));
    assertThat(r.filesDeleted()).isEqualTo(1);
    assertThat(r.removedByLog()).isEqualTo(new VacuumResult.FileCount(1, recentSize));
    assertThat(r.total().files()).isEqualTo(1);
    assertThat(r.oldestReachableVersion()).isLessThanOrEqualTo(r.tableVersion());
    // The restored file is read back whole.
    assertThat(table.rows(DeltaLog.forTable(table.dir().toString()).latestSnapshot())).hasSize(2);
  }
}
