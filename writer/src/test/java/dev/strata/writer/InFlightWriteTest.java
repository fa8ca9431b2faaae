package dev.strata.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.engine.SaveMode;
import dev.strata.engine.Strata;
import dev.strata.format.LocalStorage;
import dev.strata.format.StoragePaths;
import dev.strata.format.StrataException;
import dev.strata.log.DeltaLog;
import dev.strata.writer.internal.Hooks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that has not committed announces itself (heartbeat and manifests under {@code
 * _temporary/<writeId>/}), and its job commit refuses to reference files that vanished meanwhile.
 */
class InFlightWriteTest {
  static Strata strata;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    strata = Strata.builder().parallelism(2).build();
  }

  @AfterAll
  static void stop() {
    strata.close();
  }

  @AfterEach
  void removeHook() {
    Hooks.beforeCommit(null);
  }

  private String createTable() {
    String t = dir.resolve("t").toString();
    strata
        .createDataset(WriteModesTest.orders(0, 20, 1), WriteModesTest.ORDERS)
        .write()
        .partitionBy("day")
        .save(t);
    return t;
  }

  private static List<Path> parquetFilesOutsideTemporary(String table) throws Exception {
    Path root = Path.of(table);
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.toString().endsWith(".parquet"))
          .filter(p -> !root.relativize(p).toString().startsWith("_temporary"))
          .toList();
    }
  }

  @Test
  void aRunningWriteOwnsItsPromotedFilesUntilItCommits() throws Exception {
    String t = createTable();
    Set<Path> before = new HashSet<>(parquetFilesOutsideTemporary(t));
    List<Set<String>> owned = new ArrayList<>();
    List<Path> promoted = new ArrayList<>();
    Hooks.beforeCommit(
        table -> {
          try {
            for (Path p : parquetFilesOutsideTemporary(t)) {
              if (!before.contains(p)) {
                promoted.add(p);
              }
            }
            owned.add(
                InFlightWrites.ownedPaths(
                    new LocalStorage(), StoragePaths.normalize(t), System.currentTimeMillis()));
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        });
    strata
        .createDataset(WriteModesTest.orders(100, 30, 2, 3), WriteModesTest.ORDERS)
        .write()
        .mode(SaveMode.APPEND)
        .save(t);
    assertThat(promoted).hasSize(2);
    for (Path p : promoted) {
      assertThat(owned.get(0)).contains(StoragePaths.normalize(p.toString()));
    }
    assertThat(owned.get(0)).anyMatch(p -> p.endsWith("/_heartbeat.json"));
    // Committed: nothing is in flight any more, and the staging directory is gone.
    assertThat(
            InFlightWrites.ownedPaths(
                new LocalStorage(), StoragePaths.normalize(t), System.currentTimeMillis()))
        .isEmpty();
    assertThat(Path.of(t, "_temporary"))
        .satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    // A heartbeat older than the timeout does not protect (a writer that died).
    assertThat(
            InFlightWrites.ownedPaths(
                new LocalStorage(),
                StoragePaths.normalize(t),
                System.currentTimeMillis() + InFlightWrites.HEARTBEAT_TIMEOUT_MILLIS + 1))
        .isEmpty();
  }

  @Test
  void jobCommitRefusesFilesThatVanishedWhileTheWriteRan() throws Exception {
    String t = createTable();
    long version = DeltaLog.forTable(t).latestSnapshot().version();
    Set<Path> before = new HashSet<>(parquetFilesOutsideTemporary(t));
    Hooks.beforeCommit(
        table -> {
          try {
            // What a VACUUM blind to the heartbeat (another engine's) would do.
            for (Path p : parquetFilesOutsideTemporary(t)) {
              if (!before.contains(p)) {
                Files.delete(p);
                return;
              }
            }
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        });
    assertThatThrownBy(
            () ->
                strata
                    .createDataset(WriteModesTest.orders(100, 30, 2, 3), WriteModesTest.ORDERS)
                    .write()
                    .mode(SaveMode.APPEND)
                    .save(t))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("no longer exist")
        .hasMessageContaining("Nothing was committed")
        .hasMessageContaining(StoragePaths.normalize(t));
    assertThat(DeltaLog.forTable(t).latestSnapshot().version()).isEqualTo(version);
    // The write was aborted: its other promoted file is gone too.
    assertThat(new HashSet<>(parquetFilesOutsideTemporary(t))).isEqualTo(before);
  }
}
