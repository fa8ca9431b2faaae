package dev.strata.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.log.testing.TestTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionTest {
  @TempDir Path dir;

  private static AddFile file(String part, String name) {
    return AddFile.of(
        "part=" + part + "/" + name, Map.of("part", part), 100, 1, "{\"numRecords\":1}");
  }

  @Test
  void createAppendAndReadBack() {
    DeltaLog log =
        TestTables.at(dir)
            .property(TableProperties.CHECKPOINT_INTERVAL, "1000")
            .commits(5)
            .filesPerCommit(3)
            .create();
    Snapshot s = DeltaLog.forTable(dir.toString()).latestSnapshot();
    assertThat(s.version()).isEqualTo(5);
    assertThat(s.numFiles()).isEqualTo(15);
    assertThat(s.protocol()).isEqualTo(Protocol.of(1, 2));
    assertThat(s.partitionColumns()).containsExactly("part");
    assertThat(s.schema()).isEqualTo(TestTables.SCHEMA);
    assertThat(s.commitInfo()).get().extracting(CommitInfo::operation).isEqualTo("WRITE");
    assertThat(s.commitInfo().get().engineInfo()).startsWith("Strata/");
    assertThat(s.commitInfo().get().isBlindAppend()).isTrue();
    assertThat(log.snapshotAt(2).numFiles()).isEqualTo(6);
    assertThat(log.history(0))
        .extracting(CommitEntry::version)
        .containsExactly(5L, 4L, 3L, 2L, 1L, 0L);
    assertThat(log.history(2)).extracting(CommitEntry::version).containsExactly(5L, 4L);
  }

  @Test
  void timestampsIncreaseAndTimeTravelByTimestamp() {
    DeltaLog log = TestTables.at(dir).commits(3).create();
    List<CommitEntry> history = log.history(0);
    for (int i = 0; i + 1 < history.size(); i++) {
      assertThat(history.get(i).timestamp()).isGreaterThan(history.get(i + 1).timestamp());
    }
    for (CommitEntry e : history) {
      assertThat(log.snapshotAsOf(e.timestamp()).version()).isEqualTo(e.version());
    }
    assertThat(log.snapshotAsOf(Long.MAX_VALUE).version()).isEqualTo(3);
    assertThatThrownBy(() -> log.snapshotAsOf(history.get(history.size() - 1).timestamp() - 1))
        .isInstanceOf(VersionNotFoundException.class)
        .hasMessageContaining(log.tablePath());
    assertThatThrownBy(() -> log.snapshotAt(4))
        .isInstanceOf(VersionNotFoundException.class)
        .hasMessageContaining("latest version is 3");
  }

  @Test
  void removesAndTxnAreReconciled() {
    DeltaLog log = TestTables.at(dir).create();
    log.startTransaction()
        .commit(List.of(file("a", "1.parquet"), file("b", "2.parquet")), Operation.of("WRITE"));
    OptimisticTransaction tx = log.startTransaction();
    tx.setTransaction("pipeline/step", 7);
    tx.commit(
        List.of(file("a", "1.parquet").toRemove(5, true), file("c", "3.parquet")),
        Operation.of("DELETE"));
    Snapshot s = log.latestSnapshot();
    assertThat(s.allFiles())
        .extracting(AddFile::path)
        .containsExactly("part=b/2.parquet", "part=c/3.parquet");
    assertThat(s.tombstones()).extracting(RemoveFile::path).containsExactly("part=a/1.parquet");
    assertThat(s.txnVersion("pipeline/step")).hasValue(7);
    assertThat(s.txnVersion("other")).isEmpty();
    assertThat(log.history(1).get(0).txns())
        .extracting(SetTransaction::appId)
        .containsExactly("pipeline/step");
    // A fresh log (no cache) sees the same.
    Snapshot fresh = DeltaLog.forTable(dir.toString()).latestSnapshot();
    assertThat(fresh.allFiles()).isEqualTo(s.allFiles());
    assertThat(fresh.tombstones()).isEqualTo(s.tombstones());
  }

  @Test
  void blindAppendsRebaseOverEachOther() {
    DeltaLog log = TestTables.at(dir).create();
    OptimisticTransaction t1 = log.startTransaction();
    OptimisticTransaction t2 = log.startTransaction();
    assertThat(t1.commit(List.of(file("a", "1")), Operation.of("WRITE")).version()).isEqualTo(1);
    CommitResult r2 = t2.commit(List.of(file("a", "2")), Operation.of("WRITE"));
    assertThat(r2.version()).isEqualTo(2);
    assertThat(r2.attempts()).isEqualTo(2);
    assertThat(log.latestSnapshot().numFiles()).isEqualTo(2);
  }

  @Test
  void disjointPartitionReplacesBothSucceed() {
    DeltaLog log = TestTables.at(dir).create();
    log.startTransaction().commit(List.of(file("a", "1"), file("b", "2")), Operation.of("WRITE"));
    OptimisticTransaction ta = log.startTransaction();
    OptimisticTransaction tb = log.startTransaction();
    ta.recordRead(pv -> "a".equals(pv.get("part")));
    tb.recordRead(pv -> "b".equals(pv.get("part")));
    ta.commit(List.of(file("a", "1").toRemove(1, true), file("a", "3")), Operation.of("WRITE"));
    tb.commit(List.of(file("b", "2").toRemove(1, true), file("b", "4")), Operation.of("WRITE"));
    assertThat(log.latestSnapshot().allFiles())
        .extracting(AddFile::path)
        .containsExactlyInAnyOrder("part=a/3", "part=b/4");
  }

  @Test
  void samePartitionReplaceConflicts() {
    DeltaLog log = TestTables.at(dir).create();
    log.startTransaction().commit(List.of(file("a", "1")), Operation.of("WRITE"));
    OptimisticTransaction t1 = log.startTransaction();
    OptimisticTransaction t2 = log.startTransaction();
    for (OptimisticTransaction t : List.of(t1, t2)) {
      t.recordRead(pv -> "a".equals(pv.get("part")));
    }
    t1.commit(List.of(file("a", "1").toRemove(1, true), file("a", "x")), Operation.of("WRITE"));
    assertThatThrownBy(
            () ->
                t2.commit(
                    List.of(file("a", "1").toRemove(1, true), file("a", "y")),
                    Operation.of("WRITE")))
        .isInstanceOf(ConcurrentAppendException.class)
        .hasMessageContaining("version 2");
  }

  @Test
  void conflictKinds() {
    DeltaLog log = TestTables.at(dir).create();
    log.startTransaction().commit(List.of(file("a", "1"), file("b", "2")), Operation.of("WRITE"));
    // delete-read: we read file 1 (by file), a concurrent commit removes it
    OptimisticTransaction reader = log.startTransaction().recordReadFiles(List.of(file("a", "1")));
    OptimisticTransaction deleter = log.startTransaction();
    deleter.commit(List.of(file("a", "1").toRemove(1, true)), Operation.of("DELETE"));
    assertThatThrownBy(() -> reader.commit(List.of(file("c", "9")), Operation.of("WRITE")))
        .isInstanceOf(ConcurrentDeleteReadException.class);
    // delete-delete
    OptimisticTransaction d1 = log.startTransaction();
    OptimisticTransaction d2 = log.startTransaction();
    d1.commit(
        List.of(file("b", "2").toRemove(1, false), file("b", "2c").withDataChange(false)),
        Operation.of("OPTIMIZE"));
    assertThatThrownBy(
            () -> d2.commit(List.of(file("b", "2").toRemove(1, true)), Operation.of("DELETE")))
        .isInstanceOf(ConcurrentDeleteDeleteException.class);
    // metadata
    OptimisticTransaction m = log.startTransaction();
    OptimisticTransaction w = log.startTransaction().recordReadWholeTable();
    m.updateMetadata(m.metadata().withProperty("k", "v"))
        .commit(List.of(), Operation.of("SET TBLPROPERTIES"));
    assertThatThrownBy(() -> w.commit(List.of(file("a", "z")), Operation.of("WRITE")))
        .isInstanceOf(MetadataChangedException.class);
    // same txn appId
    OptimisticTransaction x1 = log.startTransaction().setTransaction("app", 1);
    OptimisticTransaction x2 = log.startTransaction().setTransaction("app", 2);
    x1.commit(List.of(file("a", "q")), Operation.of("WRITE"));
    assertThatThrownBy(() -> x2.commit(List.of(file("a", "r")), Operation.of("WRITE")))
        .isInstanceOf(ConcurrentTransactionException.class);
    // compaction (dataChange=false) never fails a blind append; its removes do fail a reader
    OptimisticTransaction blind = log.startTransaction();
    OptimisticTransaction r = log.startTransaction().recordRead(pv -> "b".equals(pv.get("part")));
    log.startTransaction()
        .commit(
            List.of(file("b", "2c").toRemove(1, false), file("b", "2d").withDataChange(false)),
            Operation.of("OPTIMIZE"));
    assertThat(blind.commit(List.of(file("b", "new")), Operation.of("WRITE")).attempts())
        .isEqualTo(2);
    assertThatThrownBy(() -> r.commit(List.of(file("b", "new2")), Operation.of("WRITE")))
        .isInstanceOf(ConcurrentDeleteReadException.class);
  }

  @Test
  void appendOnlyRefusesDeletes() {
    DeltaLog log = TestTables.at(dir).property(TableProperties.APPEND_ONLY, "true").create();
    log.startTransaction().commit(List.of(file("a", "1")), Operation.of("WRITE"));
    assertThatThrownBy(
            () ->
                log.startTransaction()
                    .commit(List.of(file("a", "1").toRemove(1, true)), Operation.of("DELETE")))
        .hasMessageContaining("append-only");
    // compaction is allowed
    log.startTransaction()
        .commit(
            List.of(file("a", "1").toRemove(1, false), file("a", "2").withDataChange(false)),
            Operation.of("OPTIMIZE"));
  }

  @Test
  void refusesToWriteUnsupportedProtocols() {
    DeltaLog log = TestTables.at(dir).create();
    // Writer 4 (change data feed, generated columns) is written while no column is generated;
    // writer 5 needs column mapping.
    assertThatThrownBy(() -> log.startTransaction().updateProtocol(Protocol.of(1, 5)))
        .isInstanceOf(ProtocolNotSupportedException.class)
        .hasMessageContaining("writer version 5");
    assertThatThrownBy(
            () ->
                log.startTransaction()
                    .updateProtocol(new Protocol(1, 7, null, java.util.Set.of("rowTracking"))))
        .isInstanceOf(ProtocolNotSupportedException.class)
        .hasMessageContaining("rowTracking");
  }

  @Test
  void refusesPropertiesThatNeedANewerProtocol() {
    DeltaLog log = TestTables.at(dir).create();
    OptimisticTransaction tx = log.startTransaction();
    assertThatThrownBy(
            () ->
                tx.updateMetadata(tx.metadata().withProperty("delta.enableRowTracking", "true"))
                    .commit(List.of(), Operation.of("SET TBLPROPERTIES")))
        .isInstanceOf(ProtocolNotSupportedException.class)
        .hasMessageContaining("delta.enableRowTracking");
    assertThat(log.latestSnapshot().version()).isZero();
  }

  @Test
  void concurrentCreateLosesWithProtocolChanged() {
    DeltaLog a = DeltaLog.forTable(dir.toString());
    OptimisticTransaction t1 =
        a.startTransaction()
            .updateMetadata(Metadata.create(TestTables.SCHEMA, List.of(), Map.of()));
    OptimisticTransaction t2 =
        DeltaLog.forTable(dir.toString())
            .startTransaction()
            .updateMetadata(Metadata.create(TestTables.SCHEMA, List.of(), Map.of()));
    t1.commit(List.of(), Operation.of("CREATE TABLE"));
    assertThatThrownBy(() -> t2.commit(List.of(), Operation.of("CREATE TABLE")))
        .isInstanceOf(ProtocolChangedException.class);
  }

  @Test
  void missingTableIsClear() {
    DeltaLog log = DeltaLog.forTable(dir.resolve("nope").toString());
    assertThat(log.tableExists()).isFalse();
    assertThatThrownBy(log::latestSnapshot)
        .isInstanceOf(TableNotFoundException.class)
        .hasMessageContaining(dir.resolve("nope").toString());
  }

  @Test
  void corruptCommitNamesFileAndLine() throws Exception {
    TestTables.at(dir).commits(2).create();
    Path commit = dir.resolve("_delta_log/00000000000000000002.json");
    Files.writeString(commit, Files.readString(commit) + "{\"add\":{\"path\":\n");
    assertThatThrownBy(() -> DeltaLog.forTable(dir.toString()).latestSnapshot())
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining("00000000000000000002.json")
        .hasMessageContaining("version 2")
        .hasMessageContaining("line");
  }

  @Test
  void emptyCommitFileIsCorruptNotAnEmptyCommit() throws Exception {
    TestTables.at(dir).commits(4).create();
    Path commit = dir.resolve("_delta_log/00000000000000000002.json");
    for (String truncated : new String[] {"", "\n\n"}) {
      Files.writeString(commit, truncated);
      assertThatThrownBy(() -> DeltaLog.forTable(dir.toString()).latestSnapshot())
          .isInstanceOf(CorruptLogException.class)
          .hasMessageContaining("00000000000000000002.json")
          .hasMessageContaining("version 2")
          .hasMessageContaining("no actions");
      assertThatThrownBy(() -> DeltaLog.forTable(dir.toString()).snapshotAt(3))
          .isInstanceOf(CorruptLogException.class);
    }
    // Versions before the truncated one still time travel.
    assertThat(DeltaLog.forTable(dir.toString()).snapshotAt(1).numFiles()).isEqualTo(1);
  }

  @Test
  void gapInVersionsIsClear() throws Exception {
    TestTables.at(dir).commits(3).create();
    Files.delete(dir.resolve("_delta_log/00000000000000000002.json"));
    assertThatThrownBy(() -> DeltaLog.forTable(dir.toString()).latestSnapshot())
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining("not contiguous");
  }
}
