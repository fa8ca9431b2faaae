package dev.strata.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.engine.Strata;
import dev.strata.format.CorruptFileException;
import dev.strata.format.Row;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.Action;
import dev.strata.log.AddFile;
import dev.strata.log.ConcurrentAppendException;
import dev.strata.log.DeletionVectorDescriptor;
import dev.strata.log.DeletionVectorFiles;
import dev.strata.log.DeltaLog;
import dev.strata.log.Protocol;
import dev.strata.log.ProtocolNotSupportedException;
import dev.strata.log.RemoveFile;
import dev.strata.log.Snapshot;
import dev.strata.writer.internal.Hooks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * DELETE, UPDATE and MERGE on tables with {@code delta.enableDeletionVectors=true}: rows are marked
 * in deletion vector files instead of rewriting data files, and every read applies them.
 */
class DeletionVectorWriteTest {
  static Strata strata;

  @TempDir Path dir;

  static final StructType SCHEMA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG),
          StructField.of("part", PrimitiveType.STRING),
          StructField.of("v", PrimitiveType.LONG));

  @BeforeAll
  static void start() {
    strata = Strata.builder().parallelism(2).build();
  }

  @AfterAll
  static void stop() {
    strata.close();
  }

  @AfterEach
  void noHook() {
    Hooks.beforeCommit(null);
  }

  /** id 0..n-1, part p(id % 2), v = id * 10. */
  static List<Row> rows(int from, int to) {
    List<Row> out = new ArrayList<>();
    for (long id = from; id < to; id++) {
      out.add(Row.of(id, "p" + (id % 2), id * 10));
    }
    return out;
  }

  private String create(String name, boolean partitioned, boolean vectors) {
    String t = dir.resolve(name).toString();
    var w = strata.createDataset(rows(0, 200), SCHEMA).write();
    if (partitioned) {
      w.partitionBy("part");
    }
    if (vectors) {
      w.property("delta.enableDeletionVectors", "true");
    }
    w.save(t);
    return t;
  }

  /** The table's rows as id -> v, read through the engine (which applies deletion vectors). */
  static TreeMap<Long, Long> read(String t) {
    TreeMap<Long, Long> out = new TreeMap<>();
    for (Row r : strata.read().table(t).collect()) {
      Long previous =
          out.put(((Number) r.get("id")).longValue(), ((Number) r.get("v")).longValue());
      assertThat(previous).as("id %s appears twice", r.get("id")).isNull();
    }
    return out;
  }

  static TreeMap<Long, Long> expected(int from, int to) {
    TreeMap<Long, Long> out = new TreeMap<>();
    for (long id = from; id < to; id++) {
      out.put(id, id * 10);
    }
    return out;
  }

  private static Snapshot snapshot(String t) {
    return DeltaLog.forTable(t).latestSnapshot();
  }

  private static List<Path> vectorFiles(String t) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(t))) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("deletion_vector_"))
          .sorted(Comparator.comparing(Path::toString))
          .toList();
    }
  }

  @Test
  void createdWithThePropertyTheTableHasTheFeatureAtProtocolThreeSeven() {
    String t = create("created", false, true);
    Protocol p = snapshot(t).protocol();
    assertThat(p.minReaderVersion()).isEqualTo(3);
    assertThat(p.minWriterVersion()).isEqualTo(7);
    assertThat(p.readerFeatures()).containsExactly("deletionVectors");
    assertThat(p.writerFeatures()).containsExactly("deletionVectors");
  }

  @Test
  void deleteMarksRowsInAVectorAndKeepsTheDataFile() throws IOException {
    String t = create("delete", true, true);
    Set<String> filesBefore = Tables.liveFiles(t);
    DmlMetrics m = StrataTable.forPath(strata, t).delete("id % 10 = 3");
    assertThat(m.rowsAffected()).isEqualTo(20);
    assertThat(m.rowsCopied()).isZero();
    assertThat(m.filesAdded()).isZero();
    assertThat(Tables.liveFiles(t)).isEqualTo(filesBefore);
    TreeMap<Long, Long> want = expected(0, 200);
    want.keySet().removeIf(id -> id % 10 == 3);
    assertThat(read(t)).isEqualTo(want);

    // The commit removes each (path, no vector) and adds the same path with its vector.
    List<Action> actions = DeltaLog.forTable(t).commitActions(m.version());
    List<RemoveFile> removes =
        actions.stream().filter(a -> a instanceof RemoveFile).map(a -> (RemoveFile) a).toList();
    List<AddFile> adds =
        actions.stream().filter(a -> a instanceof AddFile).map(a -> (AddFile) a).toList();
    // Every id % 10 = 3 is odd: only the file of partition p1 changes.
    assertThat(removes).hasSize(1);
    assertThat(adds).hasSize(1);
    for (AddFile add : adds) {
      assertThat(removes).anyMatch(r -> r.path().equals(add.path()) && r.deletionVector() == null);
      DeletionVectorDescriptor dv = add.deletionVector();
      assertThat(dv.storageType()).isEqualTo("u");
      assertThat(dv.pathOrInlineDv()).hasSize(20);
      assertThat(dv.offset()).isPositive();
      assertThat(add.stats()).contains("\"tightBounds\":false").contains("\"numRecords\":100");
      assertThat(add.partitionValues()).containsEntry("part", "p1");
      assertThat(add.numLogicalRecords().getAsLong()).isEqualTo(80);
    }
    List<Path> vectors = vectorFiles(t);
    assertThat(vectors).hasSize(1);
    byte[] bytes = Files.readAllBytes(vectors.get(0));
    assertThat(bytes[0]).isEqualTo((byte) 1);

    // A second DELETE unions with the old vector; the old vector file stays for time travel.
    DmlMetrics second = StrataTable.forPath(strata, t).delete("id < 5");
    assertThat(second.rowsAffected()).isEqualTo(4); // 3 was already gone
    want.keySet().removeIf(id -> id < 5);
    assertThat(read(t)).isEqualTo(want);
    assertThat(vectorFiles(t)).hasSize(2);
    long cardinality =
        snapshot(t).allFiles().stream().mapToLong(f -> f.deletionVector().cardinality()).sum();
    assertThat(cardinality).isEqualTo(24);
    assertThat(
            DeltaLog.forTable(t).commitActions(second.version()).stream()
                .filter(a -> a instanceof RemoveFile r && r.deletionVector() != null)
                .count())
        .isEqualTo(1); // p1's file had a vector, p0's had none
    assertThat(snapshot(t).allFiles()).allMatch(f -> f.deletionVector() != null);
    // Time travel to before the second DELETE still reads the first vector.
    assertThat(strata.read().versionAsOf(m.version()).table(t).count()).isEqualTo(180);
  }

  @Test
  void vectorsHoldExactlyTheDeletedRowIndexes() {
    String t = create("indexes", false, true);
    StrataTable.forPath(strata, t).delete("id IN (0, 7, 199)");
    Snapshot s = snapshot(t);
    // Two tasks wrote ids 0..99 and 100..199 to one file each.
    assertThat(s.allFiles()).hasSize(2);
    Map<Long, List<Long>> byFirstId = new TreeMap<>();
    for (AddFile file : s.allFiles()) {
      Roaring64NavigableMap deleted =
          DeletionVectorFiles.read(
              DeltaLog.forTable(t).storage(), s.tablePath(), s.version(), file);
      long first = file.stats().contains("\"minValues\":{\"id\":0,") ? 0 : 100;
      List<Long> rows = new ArrayList<>();
      deleted.forEach(rows::add);
      byFirstId.put(first, rows);
    }
    assertThat(byFirstId).containsEntry(0L, List.of(0L, 7L)).containsEntry(100L, List.of(99L));
  }

  @Test
  void updateMarksOldRowsAndWritesNewOnesToNewFiles() {
    String t = create("update", true, true);
    int before = Tables.liveFiles(t).size();
    DmlMetrics m = StrataTable.forPath(strata, t).update("id >= 150", Map.of("v", "v + 1"));
    assertThat(m.rowsAffected()).isEqualTo(50);
    assertThat(m.rowsCopied()).isZero();
    assertThat(m.filesAdded()).isEqualTo(2); // one per partition
    assertThat(Tables.liveFiles(t)).hasSize(before + 2);
    TreeMap<Long, Long> want = expected(0, 200);
    for (long id = 150; id < 200; id++) {
      want.put(id, id * 10 + 1);
    }
    assertThat(read(t)).isEqualTo(want);
    // Updating again touches the updated rows in the new files and the old files not at all.
    StrataTable.forPath(strata, t).update("id >= 190", Map.of("v", "0"));
    for (long id = 190; id < 200; id++) {
      want.put(id, 0L);
    }
    assertThat(read(t)).isEqualTo(want);
  }

  @Test
  void mergeMarksMatchedRowsAndInsertsTheRest() {
    String t = create("merge", false, true);
    List<Row> source = new ArrayList<>();
    for (long id = 180; id < 220; id++) {
      source.add(Row.of(id, "p" + (id % 2), -id));
    }
    MergeMetrics m =
        StrataTable.forPath(strata, t)
            .as("t")
            .merge(strata.createDataset(source, SCHEMA).as("s"), "t.id = s.id")
            .whenMatched("s.id % 5 = 0")
            .delete()
            .whenMatched()
            .updateAll()
            .whenNotMatched()
            .insertAll()
            .execute();
    TreeMap<Long, Long> want = expected(0, 180);
    for (long id = 180; id < 220; id++) {
      if (id < 200 && id % 5 == 0) {
        continue;
      }
      want.put(id, -id);
    }
    assertThat(read(t)).isEqualTo(want);
    assertThat(m.rowsCopied()).isZero();
    AddFile original =
        snapshot(t).allFiles().stream().filter(f -> f.deletionVector() != null).findFirst().get();
    assertThat(original.deletionVector().cardinality()).isEqualTo(20);
  }

  @Test
  void aFileWhoseRowsAreAllDeletedIsRemoved() throws IOException {
    String t = create("all", true, true);
    StrataTable.forPath(strata, t).delete("id % 10 = 1");
    // Every row of partition p1 now: a data-column predicate, so the file is read, not dropped.
    DmlMetrics m = StrataTable.forPath(strata, t).delete("v % 20 = 10");
    assertThat(m.rowsAffected()).isEqualTo(80);
    Snapshot s = snapshot(t);
    assertThat(s.allFiles()).allMatch(f -> f.partitionValues().get("part").equals("p0"));
    List<Action> actions = DeltaLog.forTable(t).commitActions(m.version());
    assertThat(actions.stream().filter(a -> a instanceof AddFile)).isEmpty();
    assertThat(actions.stream().filter(a -> a instanceof RemoveFile)).hasSize(1);
    TreeMap<Long, Long> want = expected(0, 200);
    want.keySet().removeIf(id -> id % 2 == 1);
    assertThat(read(t)).isEqualTo(want);
  }

  @Test
  void setPropertiesUpgradesTheProtocolOfAnExistingTable() {
    String t = create("upgrade", false, false);
    assertThat(snapshot(t).protocol()).isEqualTo(Protocol.DEFAULT);
    StrataTable table = StrataTable.forPath(strata, t);
    // Without the property the table stays copy-on-write.
    table.delete("id = 1");
    assertThat(snapshot(t).allFiles()).allMatch(f -> f.deletionVector() == null);

    long v = table.setProperties(Map.of("delta.enableDeletionVectors", "true"));
    Snapshot s = snapshot(t);
    assertThat(s.version()).isEqualTo(v);
    assertThat(s.protocol().minReaderVersion()).isEqualTo(3);
    assertThat(s.protocol().minWriterVersion()).isEqualTo(7);
    assertThat(s.protocol().readerFeatures()).containsExactly("deletionVectors");
    assertThat(s.protocol().writerFeatures())
        .containsExactlyInAnyOrder("appendOnly", "invariants", "deletionVectors");
    assertThat(s.configuration()).containsEntry("delta.enableDeletionVectors", "true");
    assertThat(table.setProperties(Map.of("delta.enableDeletionVectors", "true"))).isEqualTo(-1);

    table.delete("id = 2");
    assertThat(snapshot(t).allFiles()).anyMatch(f -> f.deletionVector() != null);
    TreeMap<Long, Long> want = expected(0, 200);
    want.remove(1L);
    want.remove(2L);
    assertThat(read(t)).isEqualTo(want);
  }

  @Test
  void aPropertyNeedingAFeatureStrataCannotWriteIsRefused() {
    String t = create("refuse", false, false);
    long version = snapshot(t).version();
    assertThatThrownBy(
            () ->
                StrataTable.forPath(strata, t)
                    .setProperties(Map.of("delta.enableRowTracking", "true")))
        .isInstanceOf(ProtocolNotSupportedException.class)
        .hasMessageContaining(t)
        .hasMessageContaining("delta.enableRowTracking");
    assertThat(snapshot(t).version()).isEqualTo(version);
  }

  @Test
  void aDamagedVectorIsACorruptFileErrorAndNothingIsCommitted() throws IOException {
    String t = create("corrupt", false, true);
    StrataTable.forPath(strata, t).delete("id = 5");
    long version = snapshot(t).version();
    Path vector = vectorFiles(t).get(0);
    byte[] bytes = Files.readAllBytes(vector);
    bytes[bytes.length - 6] ^= 0x5A; // inside the bitmap: the CRC no longer matches
    Files.write(vector, bytes);
    assertThatThrownBy(() -> StrataTable.forPath(strata, t).delete("id = 6"))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining(vector.getFileName().toString())
        .hasMessageContaining(t)
        .hasMessageContaining("version " + version)
        .hasMessageContaining("checksum");
    assertThat(snapshot(t).version()).isEqualTo(version);
    assertThat(vectorFiles(t)).hasSize(1);

    Files.delete(vector);
    assertThatThrownBy(() -> read(t))
        .hasStackTraceContaining("is missing")
        .hasStackTraceContaining(vector.getFileName().toString());
    assertThatThrownBy(() -> StrataTable.forPath(strata, t).update("id = 7", Map.of("v", "0")))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("is missing");
    assertThat(snapshot(t).version()).isEqualTo(version);
  }

  @Test
  void twoDeletesOfDifferentRowsOfOneFileConflict() throws IOException {
    String t = create("conflict", false, true);
    AtomicBoolean fired = new AtomicBoolean();
    Hooks.beforeCommit(
        table -> {
          if (fired.compareAndSet(false, true)) {
            // Another writer deletes another row of the same file and wins the next version.
            StrataTable.forPath(strata, t).delete("id = 20");
          }
        });
    long before = snapshot(t).version();
    // Delta checks added files first: the winner re-added the file (with its new vector) to the
    // unpartitioned table this DELETE read, so the conflict is reported as a concurrent append.
    assertThatThrownBy(() -> StrataTable.forPath(strata, t).delete("id = 10"))
        .isInstanceOf(ConcurrentAppendException.class)
        .hasMessageContaining("version " + (before + 1));
    assertThat(snapshot(t).version()).isEqualTo(before + 1);
    TreeMap<Long, Long> want = expected(0, 200);
    want.remove(20L);
    assertThat(read(t)).isEqualTo(want);
    // The loser's vector file is gone: only the winner's is on disk.
    assertThat(vectorFiles(t)).hasSize(1);
  }

  @Test
  void appendsAndOverwritesKeepWorkingOnVectorTables() {
    String t = create("append", false, true);
    StrataTable.forPath(strata, t).delete("id < 100");
    strata
        .createDataset(rows(200, 210), SCHEMA)
        .write()
        .mode(dev.strata.engine.SaveMode.APPEND)
        .save(t);
    TreeMap<Long, Long> want = expected(100, 210);
    assertThat(read(t)).isEqualTo(want);
    strata
        .createDataset(rows(0, 3), SCHEMA)
        .write()
        .mode(dev.strata.engine.SaveMode.OVERWRITE)
        .save(t);
    assertThat(read(t)).isEqualTo(expected(0, 3));
  }

  @Test
  void copyOnWriteRewritesOfFilesWithVectorsKeepDeletedRowsDeleted() {
    String t = create("cow", false, true);
    StrataTable table = StrataTable.forPath(strata, t);
    table.delete("id % 10 = 0");
    // Turned off: new changes rewrite files again, and the rewrites must not bring back rows the
    // existing vectors delete.
    table.setProperties(Map.of("delta.enableDeletionVectors", "false"));
    DmlMetrics m = table.delete("id = 1 OR id = 101");
    assertThat(m.rowsCopied()).isEqualTo(2 * (100 - 10 - 1));
    assertThat(snapshot(t).allFiles()).allMatch(f -> f.deletionVector() == null);
    TreeMap<Long, Long> want = expected(0, 200);
    want.keySet().removeIf(id -> id % 10 == 0 || id == 1 || id == 101);
    assertThat(read(t)).isEqualTo(want);

    // replaceWhere on a data column rewrites files through the same path.
    table.setProperties(Map.of("delta.enableDeletionVectors", "true"));
    table.delete("id % 10 = 5");
    strata
        .createDataset(List.of(Row.of(2L, "p0", -2L)), SCHEMA)
        .write()
        .mode(dev.strata.engine.SaveMode.OVERWRITE)
        .replaceWhere("id = 2")
        .save(t);
    want.keySet().removeIf(id -> id % 10 == 5);
    want.put(2L, -2L);
    assertThat(read(t)).isEqualTo(want);
  }
}
