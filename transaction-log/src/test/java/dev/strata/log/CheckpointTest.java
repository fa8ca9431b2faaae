package dev.strata.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.format.LocalStorage;
import dev.strata.format.testing.FaultyStorage;
import dev.strata.log.testing.TestTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir Path dir;

  private Path log(String name) {
    return dir.resolve("_delta_log").resolve(name);
  }

  @Test
  void checkpointsEveryTenCommitsAndReadsFromThem() throws Exception {
    DeltaLog log = TestTables.at(dir).commits(24).filesPerCommit(3).create();
    OptimisticTransaction tx = log.startTransaction();
    AddFile victim = log.latestSnapshot().allFiles().get(0);
    tx.setTransaction("app", 42);
    tx.commit(List.of(victim.toRemove(System.currentTimeMillis(), true)), Operation.of("DELETE"));
    assertThat(log("00000000000000000010.checkpoint.parquet")).exists();
    assertThat(log("00000000000000000020.checkpoint.parquet")).exists();
    assertThat(Files.readString(log("_last_checkpoint")))
        .contains("\"version\":20")
        .contains("\"numOfAddFiles\":60");

    Snapshot expected = log.latestSnapshot();
    Snapshot fresh = DeltaLog.forTable(dir.toString()).latestSnapshot();
    assertThat(fresh.lastCheckpointVersion()).hasValue(20);
    assertThat(fresh.version()).isEqualTo(25);
    assertThat(fresh.allFiles()).containsExactlyInAnyOrderElementsOf(expected.allFiles());
    assertThat(fresh.tombstones()).containsExactlyInAnyOrderElementsOf(expected.tombstones());
    assertThat(fresh.txnVersion("app")).hasValue(42);
    assertThat(fresh.metadata()).isEqualTo(expected.metadata());
    assertThat(fresh.protocol()).isEqualTo(expected.protocol());
    // Stats survive the checkpoint as the raw JSON string.
    assertThat(fresh.allFiles()).allSatisfy(f -> assertThat(f.numRecords()).isPresent());

    // Time travel to a version between checkpoints replays from the older one.
    Snapshot at15 = DeltaLog.forTable(dir.toString()).snapshotAt(15);
    assertThat(at15.lastCheckpointVersion()).hasValue(10);
    assertThat(at15.numFiles()).isEqualTo(45);
  }

  @Test
  void explicitCheckpointAndGarbageLastCheckpoint() throws Exception {
    DeltaLog log = TestTables.at(dir).commits(3).create();
    log.checkpoint(log.latestSnapshot());
    assertThat(log("00000000000000000003.checkpoint.parquet")).exists();
    Files.writeString(log("_last_checkpoint"), "{not json at all");
    Snapshot s = DeltaLog.forTable(dir.toString()).latestSnapshot();
    assertThat(s.version()).isEqualTo(3);
    assertThat(s.lastCheckpointVersion()).hasValue(3);
    Files.writeString(log("_last_checkpoint"), "");
    assertThat(DeltaLog.forTable(dir.toString()).latestSnapshot().numFiles()).isEqualTo(3);
    // A stale hint pointing at a checkpoint that does not exist falls back to listing.
    Files.writeString(log("_last_checkpoint"), "{\"version\":2,\"size\":5}");
    assertThat(DeltaLog.forTable(dir.toString()).latestSnapshot().version()).isEqualTo(3);
  }

  @Test
  void truncatedCheckpointFallsBackToReplayingTheCommits() throws Exception {
    DeltaLog log = TestTables.at(dir).commits(10).create();
    Path cp = log("00000000000000000010.checkpoint.parquet");
    byte[] bytes = Files.readAllBytes(cp);
    Files.write(cp, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Snapshot s = DeltaLog.forTable(dir.toString()).latestSnapshot();
    assertThat(s.version()).isEqualTo(10);
    assertThat(s.numFiles()).isEqualTo(10);
    assertThat(s.lastCheckpointVersion()).isEmpty();
    assertThat(DeltaLog.forTable(dir.toString()).snapshotAt(10).numFiles()).isEqualTo(10);
    // A 0-byte checkpoint (a write cut short) as well.
    Files.write(cp, new byte[0]);
    assertThat(DeltaLog.forTable(dir.toString()).latestSnapshot().numFiles()).isEqualTo(10);
    assertThat(log.history(0)).hasSize(11);
  }

  @Test
  void corruptNewestCheckpointFallsBackToTheOlderOne() throws Exception {
    DeltaLog log = TestTables.at(dir).commits(23).filesPerCommit(2).create();
    Snapshot expected = log.latestSnapshot();
    Files.write(log("00000000000000000020.checkpoint.parquet"), "garbage".getBytes());
    Snapshot s = DeltaLog.forTable(dir.toString()).latestSnapshot();
    assertThat(s.version()).isEqualTo(23);
    assertThat(s.lastCheckpointVersion()).hasValue(10);
    assertThat(s.allFiles()).containsExactlyInAnyOrderElementsOf(expected.allFiles());
    assertThat(DeltaLog.forTable(dir.toString()).snapshotAt(21).numFiles()).isEqualTo(42);
    // Writes go on: the next commit lands on top of the replayed state.
    DeltaLog fresh = DeltaLog.forTable(dir.toString());
    fresh
        .startTransaction()
        .commit(List.of(AddFile.of("y", Map.of("part", "a"), 1, 1, null)), Operation.of("WRITE"));
    assertThat(DeltaLog.forTable(dir.toString()).latestSnapshot().numFiles()).isEqualTo(47);
  }

  @Test
  void corruptCheckpointWithoutTheCommitsBeforeItNamesTheFileToRestore() throws Exception {
    TestTables.at(dir).commits(12).create();
    Path cp = log("00000000000000000010.checkpoint.parquet");
    Files.write(cp, "garbage".getBytes());
    for (int v = 0; v <= 9; v++) {
      Files.delete(log(String.format("%020d.json", v))); // as log cleanup leaves it
    }
    assertThatThrownBy(() -> DeltaLog.forTable(dir.toString()).latestSnapshot())
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining("00000000000000000010.checkpoint.parquet")
        .hasMessageContaining("version 10")
        .hasMessageContaining("oldest commit file left is version 10")
        .hasMessageContaining("Restore")
        .hasMessageContaining(dir.toString());
  }

  @Test
  void failedCheckpointDoesNotFailTheCommit() throws Exception {
    FaultyStorage storage = new FaultyStorage(new LocalStorage());
    DeltaLog log = TestTables.at(dir).storage(storage).commits(9).create();
    storage.failWrites(p -> p.contains("checkpoint"), FaultyStorage.When.BEFORE_WRITE, 0, 10);
    CommitResult r =
        log.startTransaction()
            .commit(
                List.of(AddFile.of("x", Map.of("part", "a"), 1, 1, null)), Operation.of("WRITE"));
    assertThat(r.version()).isEqualTo(10);
    assertThat(r.checkpointWritten()).isFalse();
    assertThat(log("00000000000000000010.checkpoint.parquet")).doesNotExist();
    Snapshot s = DeltaLog.forTable(dir.toString()).latestSnapshot();
    assertThat(s.version()).isEqualTo(10);
    assertThat(s.numFiles()).isEqualTo(10);
    assertThat(s.lastCheckpointVersion()).isEmpty();
  }

  @Test
  void failedLastCheckpointWriteLeavesAReadableTable() throws Exception {
    FaultyStorage storage = new FaultyStorage(new LocalStorage());
    DeltaLog log = TestTables.at(dir).storage(storage).commits(9).create();
    storage.failWrites(p -> p.endsWith("_last_checkpoint"), FaultyStorage.When.BEFORE_WRITE, 0, 10);
    log.startTransaction()
        .commit(List.of(AddFile.of("x", Map.of("part", "a"), 1, 1, null)), Operation.of("WRITE"));
    assertThat(log("_last_checkpoint")).doesNotExist();
    Snapshot s = DeltaLog.forTable(dir.toString()).latestSnapshot();
    assertThat(s.lastCheckpointVersion()).hasValue(10);
    assertThat(s.numFiles()).isEqualTo(10);
  }

  @Test
  void cleanupDeletesExpiredLogsBehindACheckpoint() throws Exception {
    DeltaLog log =
        TestTables.at(dir)
            .property(TableProperties.LOG_RETENTION, "interval 2 days")
            .property(TableProperties.ENABLE_EXPIRED_LOG_CLEANUP, "false")
            .commits(25)
            .create();
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(10)));
    try (Stream<Path> files = Files.list(dir.resolve("_delta_log"))) {
      for (Path p : files.toList()) {
        String name = p.getFileName().toString();
        if (name.compareTo("00000000000000000021") < 0) {
          Files.setLastModifiedTime(p, old);
        }
      }
    }
    int deleted = log.cleanupExpiredLogs();
    // versions 0..19 json + checkpoint 10 are behind checkpoint 20
    assertThat(deleted).isEqualTo(21);
    assertThat(log("00000000000000000019.json")).doesNotExist();
    assertThat(log("00000000000000000020.json")).exists();
    assertThat(log("00000000000000000020.checkpoint.parquet")).exists();
    DeltaLog fresh = DeltaLog.forTable(dir.toString());
    assertThat(fresh.latestSnapshot().version()).isEqualTo(25);
    assertThat(fresh.snapshotAt(20).numFiles()).isEqualTo(20);
    assertThatThrownBy(() -> fresh.snapshotAt(5))
        .isInstanceOf(VersionNotFoundException.class)
        .hasMessageContaining("earliest available version is 20");
    assertThat(fresh.history(0))
        .extracting(CommitEntry::version)
        .containsExactly(25L, 24L, 23L, 22L, 21L, 20L);
  }

  @Test
  void expiredTombstonesAreLeftOutOfCheckpoints() throws Exception {
    DeltaLog log =
        TestTables.at(dir)
            .property(TableProperties.DELETED_FILE_RETENTION, "interval 1 day")
            .commits(2)
            .create();
    List<AddFile> files = log.latestSnapshot().allFiles();
    long now = System.currentTimeMillis();
    log.startTransaction()
        .commit(
            List.of(
                files.get(0).toRemove(now - Duration.ofDays(3).toMillis(), true),
                files.get(1).toRemove(now, true)),
            Operation.of("DELETE"));
    assertThat(log.latestSnapshot().tombstones()).hasSize(2);
    log.checkpoint(log.latestSnapshot());
    Snapshot fromCheckpoint = DeltaLog.forTable(dir.toString()).latestSnapshot();
    assertThat(fromCheckpoint.lastCheckpointVersion()).hasValue(3);
    assertThat(fromCheckpoint.tombstones())
        .extracting(RemoveFile::path)
        .containsExactly(files.get(1).path());
    assertThat(fromCheckpoint.allFiles()).isEmpty();
  }

  @Test
  void unknownReaderFeatureIsRefusedByName() throws Exception {
    DeltaLog log = TestTables.at(dir).create();
    Files.writeString(
        log("00000000000000000001.json"),
        "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,\"readerFeatures\":[\"deletionVectors\",\"futureFeature\"],\"writerFeatures\":[\"deletionVectors\",\"futureFeature\"]}}\n");
    assertThatThrownBy(() -> DeltaLog.forTable(dir.toString()).latestSnapshot())
        .isInstanceOf(ProtocolNotSupportedException.class)
        .hasMessageContaining("futureFeature")
        .hasMessageNotContaining("deletionVectors]");
    assertThat(log.snapshotAt(0).version()).isZero();
  }

  @Test
  void everyLogWriteRefusesAnUnsupportedWriterFeatureAlike() throws Exception {
    DeltaLog log = TestTables.at(dir).commits(2).create();
    Files.writeString(
        log("00000000000000000003.json"),
        "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":7,"
            + "\"writerFeatures\":[\"appendOnly\",\"futureWriterFeature\"]}}\n");
    DeltaLog fresh = DeltaLog.forTable(dir.toString());
    Snapshot s = fresh.latestSnapshot(); // reading is fine
    assertThat(s.version()).isEqualTo(3);
    List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> writes =
        List.of(
            () -> fresh.startTransaction(),
            () -> fresh.checkpoint(s),
            () -> fresh.cleanupExpiredLogs());
    for (org.assertj.core.api.ThrowableAssert.ThrowingCallable write : writes) {
      assertThatThrownBy(write)
          .isInstanceOf(ProtocolNotSupportedException.class)
          .hasMessageContaining("futureWriterFeature")
          .hasMessageContaining(dir.toString());
    }
    try (Stream<Path> files = Files.list(dir.resolve("_delta_log"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.contains("checkpoint"));
    }
  }
}
