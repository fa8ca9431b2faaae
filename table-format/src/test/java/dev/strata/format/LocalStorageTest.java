package dev.strata.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStorageTest {
  @TempDir Path dir;
  private final LocalStorage storage = new LocalStorage();

  private String path(String name) {
    return StoragePaths.normalize(dir.resolve(name).toString());
  }

  @Test
  void createIfAbsentHasExactlyOneWinnerAmongRacingThreads() throws Exception {
    String target = path("_delta_log/00000000000000000001.json");
    int writers = 16;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      byte[] data = ("writer " + i).getBytes(StandardCharsets.UTF_8);
      results.add(
          pool.submit(
              () -> {
                start.await();
                return storage.createIfAbsent(target, data);
              }));
    }
    start.countDown();
    int winners = 0;
    for (Future<Boolean> result : results) {
      winners += result.get() ? 1 : 0;
    }
    pool.shutdown();
    assertThat(winners).isEqualTo(1);
    assertThat(new String(storage.read(target), StandardCharsets.UTF_8)).startsWith("writer ");
    assertThat(storage.list(StoragePaths.parent(target), null)).hasSize(1);
  }

  @Test
  void listIsSortedStartsAfterAndHidesCrcAndTempFiles() throws Exception {
    for (String name : List.of("b.json", "a.json", "c.json")) {
      storage.write(path("log/" + name), new byte[] {1});
    }
    Files.write(dir.resolve("log/.a.json.crc"), new byte[] {1});
    assertThat(storage.list(path("log"), null))
        .extracting(FileStatus::name)
        .containsExactly("a.json", "b.json", "c.json");
    assertThat(storage.list(path("log"), "a.json"))
        .extracting(FileStatus::name)
        .containsExactly("b.json", "c.json");
    assertThat(storage.list(path("missing"), null)).isEmpty();
  }

  @Test
  void abortedStreamLeavesNothingAndClosedStreamAppearsWhole() throws Exception {
    AtomicOutput out = storage.create(path("data/part-0.parquet"));
    out.write(new byte[1000]);
    assertThat(storage.exists(path("data/part-0.parquet"))).isFalse();
    out.abort();
    assertThat(storage.listRecursively(path("data"))).isEmpty();

    AtomicOutput ok = storage.create(path("data/part-1.parquet"));
    ok.write(new byte[1000]);
    ok.close();
    assertThat(storage.status(path("data/part-1.parquet")).orElseThrow().size()).isEqualTo(1000);
  }

  @Test
  void readRangeAndMissingFiles() {
    storage.write(path("f"), "0123456789".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(storage.readRange(path("f"), 3, 4), StandardCharsets.UTF_8))
        .isEqualTo("3456");
    assertThatThrownBy(() -> storage.read(path("nope")))
        .isInstanceOf(StorageFileNotFoundException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void moveIfAbsentNeverReplaces() {
    storage.write(path("a"), new byte[] {1});
    storage.write(path("b"), new byte[] {2});
    assertThat(storage.moveIfAbsent(path("a"), path("b"))).isFalse();
    assertThat(storage.read(path("b"))).containsExactly(2);
    assertThat(storage.moveIfAbsent(path("a"), path("sub/c"))).isTrue();
    assertThat(storage.exists(path("a"))).isFalse();
  }

  @Test
  void normalizesLocations() {
    assertThat(StoragePaths.normalize("file:///tmp/x/")).isEqualTo("file:/tmp/x");
    assertThat(StoragePaths.normalize("s3://bucket/t/")).isEqualTo("s3://bucket/t");
    assertThat(StoragePaths.normalize("/tmp/a/../b")).isEqualTo("file:/tmp/b");
  }
}
