package dev.strata.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.format.LocalStorage;
import dev.strata.format.StorageException;
import dev.strata.format.testing.FaultyStorage;
import dev.strata.log.testing.TestTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailureInjectionTest {
  @TempDir Path dir;

  private static AddFile file(String name) {
    return AddFile.of(name, Map.of("part", "a"), 1, 1, null);
  }

  private long commitFiles() throws Exception {
    try (Stream<Path> s = Files.list(dir.resolve("_delta_log"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".json")).count();
    }
  }

  @Test
  void failureBeforeThePutChangesNothing() throws Exception {
    FaultyStorage storage = new FaultyStorage(new LocalStorage());
    DeltaLog log = TestTables.at(dir).storage(storage).commits(2).create();
    storage.failWrites(p -> p.endsWith(".json"), FaultyStorage.When.BEFORE_WRITE, 0, 1);
    assertThatThrownBy(
            () -> log.startTransaction().commit(List.of(file("x")), Operation.of("WRITE")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("nothing was committed")
        .hasMessageContaining("version 3");
    assertThat(commitFiles()).isEqualTo(3);
    Snapshot s = DeltaLog.forTable(dir.toString()).latestSnapshot();
    assertThat(s.version()).isEqualTo(2);
    assertThat(s.allFiles()).extracting(AddFile::path).doesNotContain("x");
    // The table is still writable.
    assertThat(log.startTransaction().commit(List.of(file("x")), Operation.of("WRITE")).version())
        .isEqualTo(3);
  }

  @Test
  void unknownOutcomeThatLandedIsRecognisedAsOurs() throws Exception {
    FaultyStorage storage = new FaultyStorage(new LocalStorage());
    DeltaLog log = TestTables.at(dir).storage(storage).commits(1).create();
    storage.failWrites(p -> p.endsWith(".json"), FaultyStorage.When.AFTER_WRITE, 0, 1);
    CommitResult r = log.startTransaction().commit(List.of(file("once")), Operation.of("WRITE"));
    assertThat(r.version()).isEqualTo(2);
    assertThat(commitFiles()).isEqualTo(3);
    Snapshot s = DeltaLog.forTable(dir.toString()).latestSnapshot();
    assertThat(s.version()).isEqualTo(2);
    assertThat(s.allFiles()).filteredOn(f -> f.path().equals("once")).hasSize(1);
  }

  @Test
  void unknownOutcomeWhenAnotherWriterWonIsAConflictCheckNotASuccess() throws Exception {
    FaultyStorage storage = new FaultyStorage(new LocalStorage());
    DeltaLog log = TestTables.at(dir).storage(storage).commits(1).create();
    OptimisticTransaction ours = log.startTransaction();
    // Another writer takes version 2 first; our put then fails after "writing" (it did not win).
    DeltaLog.forTable(dir.toString())
        .startTransaction()
        .commit(List.of(file("theirs")), Operation.of("WRITE"));
    storage.failWrites(p -> p.endsWith(".json"), FaultyStorage.When.AFTER_WRITE, 0, 1);
    CommitResult r = ours.commit(List.of(file("ours")), Operation.of("WRITE"));
    assertThat(r.version()).isEqualTo(3);
    Snapshot s = DeltaLog.forTable(dir.toString()).latestSnapshot();
    assertThat(s.allFiles()).extracting(AddFile::path).contains("ours", "theirs");
    assertThat(s.allFiles()).filteredOn(f -> f.path().equals("ours")).hasSize(1);
  }

  @Test
  void unknownOutcomeThatCannotBeReadBackIsCommitStateUnknown() throws Exception {
    FaultyStorage faulty = new FaultyStorage(new LocalStorage());
    // Reads of the log fail once the write has "failed": the outcome cannot be decided.
    java.util.concurrent.atomic.AtomicBoolean blind =
        new java.util.concurrent.atomic.AtomicBoolean();
    dev.strata.format.Storage storage =
        (dev.strata.format.Storage)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {dev.strata.format.Storage.class},
                (proxy, method, args) -> {
                  if (blind.get()
                      && (method.getName().equals("status")
                          || method.getName().startsWith("read"))) {
                    throw new StorageException("Injected read failure", null);
                  }
                  try {
                    return method.invoke(faulty, args);
                  } catch (java.lang.reflect.InvocationTargetException e) {
                    if (e.getCause() instanceof StorageException se && se.outcomeUnknown()) {
                      blind.set(true);
                    }
                    throw e.getCause();
                  }
                });
    DeltaLog log = TestTables.at(dir).storage(storage).commits(1).create();
    faulty.failWrites(p -> p.endsWith(".json"), FaultyStorage.When.AFTER_WRITE, 0, 1);
    assertThatThrownBy(
            () -> log.startTransaction().commit(List.of(file("maybe")), Operation.of("WRITE")))
        .isInstanceOf(CommitStateUnknownException.class)
        .hasMessageContaining("version 2")
        .hasMessageContaining("Do not delete");
    // The commit did land: a fresh reader sees it exactly once.
    Snapshot s = DeltaLog.forTable(dir.toString()).latestSnapshot();
    assertThat(s.version()).isEqualTo(2);
    assertThat(s.allFiles()).filteredOn(f -> f.path().equals("maybe")).hasSize(1);
  }

  @Test
  void fileDeletedBetweenListingAndReadingIsRelisted() throws Exception {
    TestTables.at(dir).property(TableProperties.CHECKPOINT_INTERVAL, "100").commits(7).create();
    LocalStorage local = new LocalStorage();
    java.util.concurrent.atomic.AtomicInteger lists =
        new java.util.concurrent.atomic.AtomicInteger();
    // The first listing still shows a checkpoint that log cleanup has deleted since.
    dev.strata.format.Storage storage =
        (dev.strata.format.Storage)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {dev.strata.format.Storage.class},
                (proxy, method, args) -> {
                  Object result;
                  try {
                    result = method.invoke(local, args);
                  } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                  }
                  if (method.getName().equals("list") && lists.getAndIncrement() == 0) {
                    List<dev.strata.format.FileStatus> listed =
                        new java.util.ArrayList<>((List<dev.strata.format.FileStatus>) result);
                    String gone = ((String) args[0]) + "/00000000000000000005.checkpoint.parquet";
                    listed.add(new dev.strata.format.FileStatus(gone, 100, 1));
                    listed.sort(java.util.Comparator.comparing(dev.strata.format.FileStatus::name));
                    return listed;
                  }
                  return result;
                });
    Snapshot s = DeltaLog.forTable(storage, dir.toString()).latestSnapshot();
    assertThat(s.version()).isEqualTo(7);
    assertThat(s.numFiles()).isEqualTo(7);
    assertThat(lists.get()).isGreaterThanOrEqualTo(2);
  }
}
