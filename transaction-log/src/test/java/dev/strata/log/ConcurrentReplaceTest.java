package dev.strata.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.log.testing.TestTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/** Replace-partition transactions racing on separate threads with separate logs. */
class ConcurrentReplaceTest {
  @TempDir Path dir;

  private static AddFile file(String part, String name) {
    return AddFile.of("part=" + part + "/" + name, Map.of("part", part), 10, 1, null);
  }

  /** Reads the partition, removes its files, adds a new one: a replaceWhere of that partition. */
  private static Object replace(String table, String part, String name, CyclicBarrier barrier)
      throws Exception {
    DeltaLog log = DeltaLog.forTable(table);
    OptimisticTransaction tx = log.startTransaction();
    List<AddFile> old =
        tx.readSnapshot().allFiles().stream()
            .filter(f -> part.equals(f.partitionValues().get("part")))
            .toList();
    tx.recordRead(pv -> part.equals(pv.get("part"))).recordReadFiles(old);
    List<Action> actions = new ArrayList<>();
    for (AddFile f : old) {
      actions.add(f.toRemove(System.currentTimeMillis(), true));
    }
    actions.add(file(part, name));
    barrier.await();
    try {
      return tx.commit(actions, Operation.of("WRITE"));
    } catch (ConcurrentModificationException e) {
      return e;
    }
  }

  private List<Object> race(String partA, String partB) throws Exception {
    DeltaLog log = TestTables.at(dir).create();
    log.startTransaction().commit(List.of(file("a", "a0"), file("b", "b0")), Operation.of("WRITE"));
    CyclicBarrier barrier = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Object> first = pool.submit(() -> replace(dir.toString(), partA, "x1", barrier));
      Future<Object> second = pool.submit(() -> replace(dir.toString(), partB, "x2", barrier));
      return List.of(first.get(), second.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @RepeatedTest(3)
  void disjointPartitionsBothSucceed() throws Exception {
    List<Object> results = race("a", "b");
    assertThat(results).allMatch(r -> r instanceof CommitResult);
    assertThat(DeltaLog.forTable(dir.toString()).latestSnapshot().allFiles())
        .extracting(AddFile::path)
        .containsExactlyInAnyOrder("part=a/x1", "part=b/x2");
  }

  @RepeatedTest(3)
  void samePartitionExactlyOneConcurrentAppend() throws Exception {
    List<Object> results = race("a", "a");
    assertThat(results).filteredOn(r -> r instanceof CommitResult).hasSize(1);
    assertThat(results).filteredOn(r -> r instanceof ConcurrentAppendException).hasSize(1);
    assertThat(DeltaLog.forTable(dir.toString()).latestSnapshot().allFiles())
        .extracting(AddFile::path)
        .containsExactlyInAnyOrder(
            "part=b/b0", results.get(0) instanceof CommitResult ? "part=a/x1" : "part=a/x2");
  }
}
