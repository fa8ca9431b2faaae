package dev.strata.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.engine.Strata;
import dev.strata.format.Row;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.Action;
import dev.strata.log.AddFile;
import dev.strata.log.DeltaLog;
import dev.strata.log.RemoveFile;
import dev.strata.log.Snapshot;
import dev.strata.maintenance.MissingFilesException;
import dev.strata.maintenance.Optimize;
import dev.strata.maintenance.OptimizeResult;
import dev.strata.maintenance.Restore;
import dev.strata.maintenance.RestoreResult;
import dev.strata.maintenance.Vacuum;
import dev.strata.maintenance.VacuumResult;
import dev.strata.writer.StrataTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OPTIMIZE, VACUUM and RESTORE on tables whose DELETEs wrote deletion vectors. */
class DeletionVectorMaintenanceTest {
  static Strata strata;

  @TempDir Path dir;

  static final StructType SCHEMA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG), StructField.of("name", PrimitiveType.STRING));

  @BeforeAll
  static void start() {
    strata = Strata.builder().parallelism(2).build();
  }

  @AfterAll
  static void stop() {
    strata.close();
  }

  /** 200 rows in two files (ids 0..99 and 100..199), deletion vectors enabled. */
  private String create(String name) {
    String t = dir.resolve(name).toString();
    List<Row> rows = new ArrayList<>();
    for (long id = 0; id < 200; id++) {
      rows.add(Row.of(id, "n" + id));
    }
    strata
        .createDataset(rows, SCHEMA)
        .write()
        .property("delta.enableDeletionVectors", "true")
        .save(t);
    return t;
  }

  static Set<Long> ids(String t) {
    return strata.read().table(t).collect().stream()
        .map(r -> ((Number) r.get(0)).longValue())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static Set<Long> range(long from, long to) {
    Set<Long> out = new TreeSet<>();
    for (long id = from; id < to; id++) {
      out.add(id);
    }
    return out;
  }

  static Snapshot snapshot(String t) {
    return DeltaLog.forTable(t).latestSnapshot();
  }

  static List<String> vectorFiles(String t) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(t))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("deletion_vector_"))
          .sorted()
          .toList();
    }
  }

  @Test
  void optimizeRewritesFilesWithVectorsWithoutTheDeletedRows() {
    String t = create("optimize");
    StrataTable.forPath(strata, t).delete("id IN (1, 150, 151)");
    Set<Long> want = range(0, 200);
    want.removeAll(Set.of(1L, 150L, 151L));
    OptimizeResult result = Optimize.forTable(DeltaLog.forTable(t)).execute();
    assertThat(result.committedVersion()).isNotNull();
    Snapshot s = snapshot(t);
    assertThat(s.allFiles()).hasSize(1).allMatch(f -> f.deletionVector() == null);
    assertThat(s.allFiles().get(0).numRecords().getAsLong()).isEqualTo(197);
    assertThat(ids(t)).isEqualTo(want);
    List<Action> actions = DeltaLog.forTable(t).commitActions(s.version());
    assertThat(actions)
        .filteredOn(a -> a instanceof RemoveFile)
        .allMatch(a -> !((RemoveFile) a).dataChange() && ((RemoveFile) a).deletionVector() != null);
  }

  @Test
  void largeFilesAreRewrittenAboveTheDeletedRatioOrWhenPurging() {
    String t = create("ratio");
    StrataTable table = StrataTable.forPath(strata, t);
    table.delete("id = 150"); // 1% of the second file
    // Every file is "large" at a 1-byte target: only vectors can make a file worth rewriting.
    assertThat(Optimize.forTable(DeltaLog.forTable(t)).targetFileSize(1).execute().nothingToDo())
        .isTrue();
    table.delete("id < 10"); // 10% of the first file
    OptimizeResult ratio = Optimize.forTable(DeltaLog.forTable(t)).targetFileSize(1).execute();
    assertThat(ratio.filesRemoved()).isEqualTo(1);
    assertThat(snapshot(t).allFiles()).filteredOn(f -> f.deletionVector() != null).hasSize(1);

    Optimize.forTable(DeltaLog.forTable(t)).targetFileSize(1).purgeDeletionVectors().execute();
    assertThat(snapshot(t).allFiles()).hasSize(2).allMatch(f -> f.deletionVector() == null);
    Set<Long> want = range(10, 200);
    want.remove(150L);
    assertThat(ids(t)).isEqualTo(want);
  }

  @Test
  void vacuumDeletesUnreferencedVectorsAndKeepsReferencedOnes() throws IOException {
    String t = create("vacuum");
    StrataTable table = StrataTable.forPath(strata, t);
    table.delete("id = 3");
    List<String> first = vectorFiles(t);
    table.delete("id = 4");
    List<String> both = vectorFiles(t);
    assertThat(both).hasSize(2).containsAll(first);
    Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(1)), ZoneOffset.UTC);

    // Within the retention both stay: the first is referenced by the tombstone of (file, v1).
    Vacuum.forTable(DeltaLog.forTable(t)).execute();
    assertThat(vectorFiles(t)).isEqualTo(both);

    // Past it, the first vector is only referenced by an expired tombstone; the live one stays.
    VacuumResult result =
        Vacuum.forTable(DeltaLog.forTable(t))
            .retention(Duration.ZERO)
            .allowShortRetention()
            .clock(later)
            .execute();
    assertThat(result.filesDeleted()).isEqualTo(1);
    List<String> left = vectorFiles(t);
    assertThat(left).hasSize(1).doesNotContainAnyElementsOf(first);
    Set<Long> want = range(0, 200);
    want.removeAll(Set.of(3L, 4L));
    assertThat(ids(t)).isEqualTo(want);

    // After a purge no live file has a vector: the last vector file goes too.
    Optimize.forTable(DeltaLog.forTable(t)).purgeDeletionVectors().execute();
    Vacuum.forTable(DeltaLog.forTable(t))
        .retention(Duration.ZERO)
        .allowShortRetention()
        .clock(Clock.fixed(Instant.now().plus(Duration.ofDays(2)), ZoneOffset.UTC))
        .execute();
    assertThat(vectorFiles(t)).isEmpty();
    assertThat(ids(t)).isEqualTo(want);
  }

  @Test
  void restoreBringsBackTheFileWithTheVectorOfTheTargetVersion() {
    String t = create("restore");
    StrataTable table = StrataTable.forPath(strata, t);
    long v0 = snapshot(t).version();
    long v1 = table.delete("id = 3").version();
    table.delete("id = 4");
    Set<Long> atV1 = range(0, 200);
    atV1.remove(3L);

    RestoreResult back = Restore.forTable(DeltaLog.forTable(t)).toVersion(v1).execute();
    assertThat(back.committedVersion()).isNotNull();
    assertThat(ids(t)).isEqualTo(atV1);
    Snapshot s = snapshot(t);
    AddFile file =
        s.allFiles().stream().filter(f -> f.deletionVector() != null).findFirst().orElseThrow();
    assertThat(file.deletionVector().cardinality()).isEqualTo(1);
    // The commit swaps (path, v2) for (path, v1): a remove and an add of the same path.
    List<Action> actions = DeltaLog.forTable(t).commitActions(s.version());
    assertThat(actions).filteredOn(a -> a instanceof AddFile).hasSize(1);
    assertThat(actions).filteredOn(a -> a instanceof RemoveFile).hasSize(1);

    Restore.forTable(DeltaLog.forTable(t)).toVersion(v0).execute();
    assertThat(ids(t)).isEqualTo(range(0, 200));
    assertThat(snapshot(t).allFiles()).allMatch(f -> f.deletionVector() == null);
  }

  @Test
  void restoreRefusesATargetWhoseVectorWasVacuumed() throws IOException {
    String t = create("restore-missing");
    StrataTable table = StrataTable.forPath(strata, t);
    long v1 = table.delete("id = 3").version();
    table.delete("id = 4");
    Vacuum.forTable(DeltaLog.forTable(t))
        .retention(Duration.ZERO)
        .allowShortRetention()
        .clock(Clock.fixed(Instant.now().plus(Duration.ofDays(1)), ZoneOffset.UTC))
        .execute();
    long before = snapshot(t).version();
    assertThatThrownBy(() -> Restore.forTable(DeltaLog.forTable(t)).toVersion(v1).execute())
        .isInstanceOf(MissingFilesException.class)
        .hasMessageContaining("deletion vector of");
    assertThat(snapshot(t).version()).isEqualTo(before);
  }
}
