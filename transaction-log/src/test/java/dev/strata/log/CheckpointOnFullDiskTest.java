package dev.strata.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.format.FullDiskStorage;
import dev.strata.format.StrataException;
import dev.strata.format.testing.SmallFileSystem;
import dev.strata.log.testing.TestTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint that runs out of disk space after its commit succeeded: the commit stands, no
 * truncated checkpoint is published, {@code _last_checkpoint} does not point at one, and the table
 * reads exactly as before.
 */
class CheckpointOnFullDiskTest {
  @TempDir Path dir;

  private static List<String> logNames(Path table) throws Exception {
    try (Stream<Path> files = Files.list(table.resolve("_delta_log"))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static void assertReadableAtTenWithoutCheckpoint(Path table) throws Exception {
    assertThat(logNames(table))
        .noneMatch(n -> n.contains("checkpoint"))
        .noneMatch(n -> n.startsWith(".strata-tmp-"));
    Snapshot fresh = DeltaLog.forTable(table.toString()).latestSnapshot();
    assertThat(fresh.version()).isEqualTo(10);
    assertThat(fresh.numFiles()).isEqualTo(10);
    assertThat(fresh.lastCheckpointVersion()).isEmpty();
  }

  @Test
  void postCommitCheckpointOnAFullDiskKeepsTheCommitAndPublishesNothing() throws Exception {
    FullDiskStorage storage = new FullDiskStorage(p -> p.contains(".checkpoint."), 1000);
    DeltaLog log = TestTables.at(dir).storage(storage).commits(9).create();
    CommitResult r =
        log.startTransaction()
            .commit(
                List.of(AddFile.of("x", Map.of("part", "a"), 1, 1, null)), Operation.of("WRITE"));
    assertThat(r.version()).isEqualTo(10);
    assertThat(r.checkpointWritten()).isFalse();
    assertReadableAtTenWithoutCheckpoint(dir);

    // Once there is room again, the next checkpoint is whole and read back.
    storage.freeSpace();
    log.checkpoint(log.latestSnapshot());
    assertThat(DeltaLog.forTable(dir.toString()).latestSnapshot().lastCheckpointVersion())
        .hasValue(10);
  }

  @Test
  void explicitCheckpointOnAFullDiskFailsClearlyAndLeavesNoFile() throws Exception {
    FullDiskStorage storage = new FullDiskStorage(p -> p.contains(".checkpoint."), 0);
    DeltaLog log = TestTables.at(dir).storage(storage).commits(10).create();
    assertThat(logNames(dir)).noneMatch(n -> n.contains("checkpoint"));
    assertThatThrownBy(() -> log.checkpoint(log.latestSnapshot()))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("00000000000000000010.checkpoint.parquet")
        .hasMessageContaining("No space left on device");
    assertReadableAtTenWithoutCheckpoint(dir);
  }

  @Test
  void checkpointOnARealFullTmpfsKeepsTheTableReadable() throws Exception {
    try (SmallFileSystem fs = SmallFileSystem.mount(dir.resolve("mnt"), "3m")) {
      Path table = fs.root().resolve("t");
      DeltaLog log = TestTables.at(table).commits(9).filesPerCommit(20).create();
      Path filler = fs.fillLeaving(8 << 10);
      CommitResult r =
          log.startTransaction()
              .commit(
                  List.of(AddFile.of("x", Map.of("part", "a"), 1, 1, null)), Operation.of("WRITE"));
      assertThat(r.version()).isEqualTo(10);
      assertThat(r.checkpointWritten()).isFalse();
      assertThat(logNames(table))
          .noneMatch(n -> n.contains("checkpoint"))
          .noneMatch(n -> n.startsWith(".strata-tmp-"));
      Snapshot fresh = DeltaLog.forTable(table.toString()).latestSnapshot();
      assertThat(fresh.version()).isEqualTo(10);
      assertThat(fresh.numFiles()).isEqualTo(181);

      assertThatThrownBy(() -> log.checkpoint(log.latestSnapshot()))
          .hasMessageContaining("No space left on device");
      assertThat(logNames(table)).noneMatch(n -> n.contains("checkpoint"));

      Files.delete(filler);
      log.checkpoint(log.latestSnapshot());
      assertThat(DeltaLog.forTable(table.toString()).latestSnapshot().lastCheckpointVersion())
          .hasValue(10);
    }
  }
}
