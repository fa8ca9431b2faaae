package dev.strata.format.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.format.AtomicOutput;
import dev.strata.format.FileStatus;
import dev.strata.format.RandomAccessInput;
import dev.strata.format.Storage;
import dev.strata.format.StorageFileNotFoundException;
import dev.strata.format.StoragePaths;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@link Storage} contract the log and the writer rely on, run against each implementation:
 * whole-or-nothing writes, one winner for {@code createIfAbsent}, sorted listings with {@code
 * startAfter}, ranged reads, batched deletes, and streamed (multipart) files that appear only on
 * close and leave nothing behind on abort.
 *
 * <p>Subclasses give the storage, a fresh root directory per test, and the part size at which
 * streamed files switch to multipart uploads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StorageContractTest {
  private ExecutorService pool;

  /** The storage under test; the same instance for the whole class. */
  protected abstract Storage storage();

  /** A new, empty directory (or key prefix) for one test. */
  protected abstract String newRoot();

  /** Bytes after which a streamed file is uploaded in parts (0 where there are no parts). */
  protected abstract long partSize();

  /** Checks that no unfinished upload is left under {@code root}; nothing to check by default. */
  protected void assertNoIncompleteUploads(String root) {}

  @BeforeAll
  void startPool() {
    pool = Executors.newFixedThreadPool(8);
  }

  @AfterAll
  void stopPool() {
    pool.shutdownNow();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  @Test
  void writeReplacesWholeAndReadsBack() {
    String file = StoragePaths.join(newRoot(), "_delta_log/_last_checkpoint");
    storage().write(file, bytes("first"));
    assertThat(storage().read(file)).isEqualTo(bytes("first"));
    storage().write(file, bytes("second, longer"));
    assertThat(storage().read(file)).isEqualTo(bytes("second, longer"));
    assertThat(storage().status(file).orElseThrow().size()).isEqualTo(14);
    storage().write(file, new byte[0]);
    assertThat(storage().read(file)).isEmpty();
  }

  @Test
  void createIfAbsentHasExactlyOneWinnerAmongEightRacingThreads() throws Exception {
    String log = StoragePaths.join(newRoot(), "_delta_log");
    for (int round = 0; round < 5; round++) {
      String target = StoragePaths.join(log, String.format("%020d.json", round));
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int writer = 0; writer < 8; writer++) {
        byte[] data = bytes("{\"round\":" + round + ",\"writer\":" + writer + "}");
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return storage().createIfAbsent(target, data);
                }));
      }
      start.countDown();
      List<Integer> winners = new ArrayList<>();
      for (int writer = 0; writer < 8; writer++) {
        if (results.get(writer).get()) {
          winners.add(writer);
        }
      }
      assertThat(winners).as("winners of round %d", round).hasSize(1);
      assertThat(new String(storage().read(target), StandardCharsets.UTF_8))
          .isEqualTo("{\"round\":" + round + ",\"writer\":" + winners.get(0) + "}");
      assertThat(storage().createIfAbsent(target, bytes("late"))).isFalse();
    }
    assertThat(storage().list(log, null)).hasSize(5);
  }

  @Test
  void listIsSortedNotRecursiveAndStartsAfter() {
    String root = newRoot();
    for (String name :
        List.of(
            "00000000000000000010.json",
            "00000000000000000002.json",
            "00000000000000000001.json",
            "00000000000000000010.checkpoint.parquet",
            "_last_checkpoint",
            "sub/00000000000000000003.json")) {
      storage().write(StoragePaths.join(root, name), bytes(name));
    }
    assertThat(storage().list(root, null))
        .extracting(FileStatus::name)
        .containsExactly(
            "00000000000000000001.json",
            "00000000000000000002.json",
            "00000000000000000010.checkpoint.parquet",
            "00000000000000000010.json",
            "_last_checkpoint");
    assertThat(storage().list(root, "00000000000000000002.json"))
        .extracting(FileStatus::name)
        .containsExactly(
            "00000000000000000010.checkpoint.parquet",
            "00000000000000000010.json",
            "_last_checkpoint");
    assertThat(storage().list(root, "00000000000000000005"))
        .extracting(FileStatus::name)
        .startsWith("00000000000000000010.checkpoint.parquet");
    FileStatus first = storage().list(root, null).get(0);
    assertThat(first.path()).isEqualTo(StoragePaths.join(root, "00000000000000000001.json"));
    assertThat(first.size()).isEqualTo(25);
    assertThat(first.modificationTime()).isPositive();
    assertThat(storage().list(StoragePaths.join(root, "missing"), null)).isEmpty();
    assertThat(storage().list(StoragePaths.join(root, "sub"), null))
        .extracting(FileStatus::name)
        .containsExactly("00000000000000000003.json");
  }

  @Test
  void listingPagesThroughManyFiles() throws Exception {
    String root = newRoot();
    int files = 1_050;
    List<Future<?>> writes = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      String path = StoragePaths.join(root, String.format("f-%05d", i));
      writes.add(pool.submit(() -> storage().write(path, new byte[] {1})));
    }
    for (Future<?> w : writes) {
      w.get();
    }
    List<FileStatus> all = storage().list(root, null);
    assertThat(all).hasSize(files);
    assertThat(all.get(files - 1).name()).isEqualTo(String.format("f-%05d", files - 1));
    assertThat(storage().list(root, "f-01000")).hasSize(49);
    assertThat(storage().listRecursively(root)).hasSize(files);

    storage().deleteAll(all.stream().map(FileStatus::path).toList());
    assertThat(storage().listRecursively(root)).isEmpty();
  }

  @Test
  void listRecursivelyFindsEveryDepthWithFullPaths() {
    String root = newRoot();
    Set<String> expected = new HashSet<>();
    for (String name :
        List.of("a.parquet", "date=2024-01-01/b.parquet", "date=2024-01-01/h=1/c.parquet")) {
      String path = StoragePaths.join(root, name);
      storage().write(path, bytes(name));
      expected.add(path);
    }
    assertThat(storage().listRecursively(root))
        .extracting(FileStatus::path)
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(storage().listRecursively(StoragePaths.join(root, "nothing"))).isEmpty();
  }

  @Test
  void namesWithEscapesSpacesAndUnicodeRoundTrip() {
    String root = newRoot();
    String dir = StoragePaths.join(root, "city=S%C3%A3o Paulo/x=a%3Ab+c");
    String file = StoragePaths.join(dir, "part-0 ünï.parquet");
    storage().write(file, bytes("data"));
    assertThat(storage().read(file)).isEqualTo(bytes("data"));
    assertThat(storage().list(dir, null)).extracting(FileStatus::path).containsExactly(file);
    assertThat(storage().listRecursively(root)).extracting(FileStatus::path).containsExactly(file);
  }

  @Test
  void rangedReadsServeFootersAndChunks() {
    String file = StoragePaths.join(newRoot(), "part-0.parquet");
    byte[] data = random(700_000, 7);
    storage().write(file, data);
    try (RandomAccessInput in = storage().openRandomAccess(file)) {
      assertThat(in.length()).isEqualTo(data.length);
      byte[] tail = new byte[8];
      in.readFully(data.length - 8, tail, 0, 8);
      assertThat(tail).isEqualTo(slice(data, data.length - 8, 8));
      byte[] footer = new byte[5_000];
      in.readFully(data.length - 5_008, footer, 0, 5_000);
      assertThat(footer).isEqualTo(slice(data, data.length - 5_008, 5_000));
      byte[] chunk = new byte[300_000];
      in.readFully(4, chunk, 0, chunk.length);
      assertThat(chunk).isEqualTo(slice(data, 4, chunk.length));
      byte[] small = new byte[100];
      in.readFully(123_456, small, 0, 100);
      assertThat(small).isEqualTo(slice(data, 123_456, 100));
      byte[] past = new byte[10];
      assertThat(in.readAt(data.length, past, 0, 10)).isEqualTo(-1);
      assertThat(in.readAt(data.length - 3, past, 0, 10)).isEqualTo(3);
      assertThat(slice(past, 0, 3)).isEqualTo(slice(data, data.length - 3, 3));
    }
    assertThat(storage().readRange(file, 650_000, 1_000)).isEqualTo(slice(data, 650_000, 1_000));
  }

  @Test
  void missingFilesAreReportedAsNotFound() {
    String file = StoragePaths.join(newRoot(), "nope.json");
    assertThatThrownBy(() -> storage().read(file))
        .isInstanceOf(StorageFileNotFoundException.class)
        .hasMessageContaining("nope.json");
    assertThatThrownBy(() -> storage().open(file).close())
        .isInstanceOf(StorageFileNotFoundException.class);
    assertThatThrownBy(() -> storage().openRandomAccess(file))
        .isInstanceOf(StorageFileNotFoundException.class);
    assertThat(storage().status(file)).isEmpty();
    assertThat(storage().exists(file)).isFalse();
    storage().delete(file);
  }

  @Test
  void deleteAndDeleteAllIgnoreMissingFiles() {
    String root = newRoot();
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String path = StoragePaths.join(root, "d/" + i);
      storage().write(path, new byte[] {(byte) i});
      paths.add(path);
    }
    storage().delete(paths.get(0));
    assertThat(storage().exists(paths.get(0))).isFalse();
    paths.add(StoragePaths.join(root, "d/never-existed"));
    storage().deleteAll(paths);
    assertThat(storage().listRecursively(root)).isEmpty();
    storage().deleteAll(List.of());
  }

  @Test
  void streamedSmallFileAppearsWholeOnlyOnClose() throws Exception {
    String file = StoragePaths.join(newRoot(), "part-small.parquet");
    byte[] data = random(100_000, 3);
    AtomicOutput out = storage().create(file);
    out.write(data, 0, 50_000);
    out.write(data[50_000]);
    out.write(data, 50_001, data.length - 50_001);
    assertThat(out.position()).isEqualTo(data.length);
    assertThat(storage().exists(file)).isFalse();
    out.close();
    out.close();
    assertThat(storage().read(file)).isEqualTo(data);
  }

  @Test
  void abortedLargeStreamLeavesNoFileAndNoUpload() throws Exception {
    String root = newRoot();
    String file = StoragePaths.join(root, "part-aborted.parquet");
    byte[] chunk = random(1 << 20, 11);
    AtomicOutput out = storage().create(file);
    long target = Math.max(2 * partSize() + 123, 3 << 20);
    while (out.position() < target) {
      out.write(chunk);
    }
    out.abort();
    out.close();
    assertThat(storage().exists(file)).isFalse();
    assertThat(storage().listRecursively(root)).isEmpty();
    assertNoIncompleteUploads(root);
  }

  @Test
  void largeStreamedFileRoundTripsAcrossParts() throws Exception {
    String root = newRoot();
    String file = StoragePaths.join(root, "part-large.parquet");
    long size = Math.max(3 * partSize() + 1_234_567, 5 << 20);
    MessageDigest written = MessageDigest.getInstance("SHA-256");
    Random random = new Random(5);
    byte[] chunk = new byte[777_777];
    try (AtomicOutput out = storage().create(file)) {
      long left = size;
      while (left > 0) {
        random.nextBytes(chunk);
        int n = (int) Math.min(chunk.length, left);
        out.write(chunk, 0, n);
        written.update(chunk, 0, n);
        left -= n;
      }
      assertThat(storage().exists(file)).isFalse();
    }
    assertThat(storage().status(file).orElseThrow().size()).isEqualTo(size);
    MessageDigest read = MessageDigest.getInstance("SHA-256");
    try (InputStream in = storage().open(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        read.update(buffer, 0, n);
      }
    }
    assertThat(read.digest()).isEqualTo(written.digest());
    if (partSize() > 0) {
      // A range across the first part boundary comes back in order.
      byte[] across = storage().readRange(file, partSize() - 10, 20);
      byte[] whole = storage().readRange(file, partSize() - 20, 40);
      assertThat(across).isEqualTo(slice(whole, 10, 20));
    }
    assertNoIncompleteUploads(root);
  }

  @Test
  void moveIfAbsentNeverReplaces() {
    String root = newRoot();
    String a = StoragePaths.join(root, "a");
    String b = StoragePaths.join(root, "b");
    storage().write(a, bytes("A"));
    storage().write(b, bytes("B"));
    assertThat(storage().moveIfAbsent(a, b)).isFalse();
    assertThat(storage().read(b)).isEqualTo(bytes("B"));
    assertThat(storage().read(a)).isEqualTo(bytes("A"));
    String c = StoragePaths.join(root, "sub/c");
    assertThat(storage().moveIfAbsent(a, c)).isTrue();
    assertThat(storage().exists(a)).isFalse();
    assertThat(storage().read(c)).isEqualTo(bytes("A"));
    assertThatThrownBy(() -> storage().moveIfAbsent(a, StoragePaths.join(root, "d")))
        .isInstanceOf(StorageFileNotFoundException.class);
  }

  @Test
  void concurrentReplacingWritesLeaveOneWholeVersion() throws Exception {
    String file = StoragePaths.join(newRoot(), "_last_checkpoint");
    List<byte[]> versions = IntStream.range(0, 8).mapToObj(i -> random(200_000 + i, i)).toList();
    List<Future<?>> writes = new ArrayList<>();
    for (byte[] version : versions) {
      writes.add(pool.submit(() -> storage().write(file, version)));
    }
    for (Future<?> w : writes) {
      w.get();
    }
    byte[] result = storage().read(file);
    assertThat(versions).anySatisfy(v -> assertThat(v).isEqualTo(result));
  }

  private static byte[] slice(byte[] data, int from, int length) {
    byte[] out = new byte[length];
    System.arraycopy(data, from, out, 0, length);
    return out;
  }
}
