package dev.strata.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.format.FileStatus;
import dev.strata.format.LocalStorage;
import dev.strata.format.Storage;
import dev.strata.format.StoragePaths;
import dev.strata.writer.internal.StagedWrite;
import dev.strata.writer.internal.WrittenFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedWriteTest {
  @TempDir Path dir;

  private Storage storage() {
    return new LocalStorage();
  }

  private String table() {
    return StoragePaths.normalize(dir.resolve("t").toString());
  }

  private static WrittenFile stage(Storage storage, StagedWrite.Attempt attempt, String partDir) {
    StagedWrite.FileTarget target = attempt.newFile(partDir);
    byte[] data = ("data of " + target.finalRelativePath()).getBytes(StandardCharsets.UTF_8);
    storage.write(target.writePath(), data);
    return new WrittenFile(
        target.finalRelativePath(), Map.of("d", partDir.substring(2)), data.length, 1, null);
  }

  private List<String> tableFiles(Storage storage) {
    List<String> out = new ArrayList<>();
    for (FileStatus f : storage.listRecursively(table())) {
      String rel = StoragePaths.relativize(table(), f.path());
      if (!rel.startsWith("_temporary")) {
        out.add(rel);
      }
    }
    return out;
  }

  @Test
  void stagedFilesStayUnderTemporaryUntilTaskCommitPromotesThem() {
    Storage storage = storage();
    StagedWrite write = StagedWrite.begin(storage, table(), "snappy");
    StagedWrite.Attempt attempt = write.attempt(3, 0);
    WrittenFile file = stage(storage, attempt, "d=2024-01-01");
    assertThat(file.relativePath())
        .matches("d=2024-01-01/part-00003-[0-9a-f-]{36}\\.c000\\.snappy\\.parquet");
    assertThat(tableFiles(storage)).isEmpty();

    List<WrittenFile> committed = attempt.commit(List.of(file));

    assertThat(committed).containsExactly(file);
    assertThat(tableFiles(storage)).containsExactly(file.relativePath());
  }

  @Test
  void firstAttemptToCommitWinsAndALaterAttemptReportsTheWinnersFiles() {
    Storage storage = storage();
    StagedWrite write = StagedWrite.begin(storage, table(), "snappy");
    StagedWrite.Attempt first = write.attempt(0, 0);
    StagedWrite.Attempt second = write.attempt(0, 1);
    WrittenFile a = stage(storage, first, "d=a");
    WrittenFile b = stage(storage, second, "d=a");

    List<WrittenFile> won = second.commit(List.of(b));
    List<WrittenFile> lost = first.commit(List.of(a));

    assertThat(won).containsExactly(b);
    assertThat(lost).containsExactly(b);
    assertThat(tableFiles(storage)).containsExactly(b.relativePath());
  }

  @Test
  void racingAttemptsOfOneTaskPromoteExactlyOneSetOfFiles() throws Exception {
    Storage storage = storage();
    StagedWrite write = StagedWrite.begin(storage, table(), "snappy");
    int attempts = 6;
    ExecutorService pool = Executors.newFixedThreadPool(attempts);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<WrittenFile>>> results = new ArrayList<>();
    for (int i = 0; i < attempts; i++) {
      StagedWrite.Attempt attempt = write.attempt(7, i);
      WrittenFile f1 = stage(storage, attempt, "d=x");
      WrittenFile f2 = stage(storage, attempt, "d=y");
      results.add(
          pool.submit(
              () -> {
                go.await();
                return attempt.commit(List.of(f1, f2));
              }));
    }
    go.countDown();
    List<WrittenFile> first = results.get(0).get();
    for (Future<List<WrittenFile>> r : results) {
      assertThat(r.get()).isEqualTo(first);
    }
    pool.shutdown();
    assertThat(tableFiles(storage))
        .containsExactlyInAnyOrderElementsOf(
            first.stream().map(WrittenFile::relativePath).toList());
  }

  @Test
  void abortDeletesStagedAndPromotedFiles() {
    Storage storage = storage();
    StagedWrite write = StagedWrite.begin(storage, table(), "snappy");
    StagedWrite.Attempt done = write.attempt(0, 0);
    done.commit(List.of(stage(storage, done, "d=1")));
    StagedWrite.Attempt pending = write.attempt(1, 0);
    stage(storage, pending, "d=2");
    assertThat(tableFiles(storage)).hasSize(1);

    write.abort();

    assertThat(tableFiles(storage)).isEmpty();
    assertThat(storage.listRecursively(StoragePaths.join(table(), "_temporary"))).isEmpty();
  }

  @Test
  void abortStaleKeepsFilesOfCommittedWritesAndDeletesTheRest() {
    Storage storage = storage();
    StagedWrite committed = StagedWrite.begin(storage, table(), "snappy");
    StagedWrite.Attempt a = committed.attempt(0, 0);
    WrittenFile kept = a.commit(List.of(stage(storage, a, "d=1"))).get(0);
    StagedWrite crashed = StagedWrite.begin(storage, table(), "snappy");
    StagedWrite.Attempt b = crashed.attempt(0, 0);
    WrittenFile orphan = b.commit(List.of(stage(storage, b, "d=2"))).get(0);
    StagedWrite.Attempt c = crashed.attempt(1, 0);
    stage(storage, c, "d=3");
    String keptName = StoragePaths.name(kept.relativePath());

    int young =
        StagedWrite.abortStale(
            storage,
            table(),
            System.currentTimeMillis() - 60_000,
            names -> names.contains(keptName));
    assertThat(young).isZero();
    int cleaned =
        StagedWrite.abortStale(
            storage, table(), System.currentTimeMillis() + 1000, names -> names.contains(keptName));

    assertThat(cleaned).isEqualTo(2);
    assertThat(tableFiles(storage)).containsExactly(kept.relativePath());
    assertThat(tableFiles(storage)).doesNotContain(orphan.relativePath());
    assertThat(storage.listRecursively(StoragePaths.join(table(), "_temporary"))).isEmpty();
  }
}
