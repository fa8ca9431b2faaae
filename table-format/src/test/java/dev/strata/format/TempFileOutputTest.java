package dev.strata.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A streamed output whose write failed must never publish its target, however it is closed. */
class TempFileOutputTest {
  @TempDir Path dir;

  private String path(String name) {
    return StoragePaths.normalize(dir.resolve(name).toString());
  }

  private long filesIn(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.count();
    }
  }

  @Test
  void closeThroughABufferAfterAFailedFlushPublishesNothing() throws Exception {
    FullDiskStorage storage = new FullDiskStorage(p -> true, 100);
    String target = path("a/file.bin");
    // FilterOutputStream.close closes its target even when its own flush failed: the case that
    // published truncated checkpoints.
    assertThatThrownBy(
            () -> {
              try (OutputStream out = new BufferedOutputStream(storage.create(target), 4096)) {
                out.write(new byte[1000]);
              }
            })
        .hasMessageContaining("No space left on device");
    assertThat(storage.exists(target)).isFalse();
    assertThat(filesIn(dir.resolve("a"))).as("temp file removed").isZero();
  }

  @Test
  void closeAfterACaughtWriteErrorPublishesNothingAndSaysWhy() throws Exception {
    FullDiskStorage storage = new FullDiskStorage(p -> true, 10);
    String target = path("b/file.bin");
    AtomicOutput out = storage.create(target);
    assertThatThrownBy(() -> out.write(new byte[50])).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> out.write(1)).hasMessageContaining("earlier write");
    assertThatThrownBy(out::close)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(target)
        .hasMessageContaining("No space left on device");
    assertThat(storage.exists(target)).isFalse();
    assertThat(filesIn(dir.resolve("b"))).isZero();
    out.close(); // a second close is a no-op
    out.abort();
  }

  @Test
  void aSuccessfulWriteStillPublishesWhole() throws Exception {
    FullDiskStorage storage = new FullDiskStorage(p -> true, 1000);
    String target = path("c/file.bin");
    try (AtomicOutput out = storage.create(target)) {
      out.write(new byte[1000]);
    }
    assertThat(storage.read(target)).hasSize(1000);
  }
}
