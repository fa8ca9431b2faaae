package dev.strata.format.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the data shared by every checkout: {@code shared/} beside the repository (golden Delta
 * tables in {@code conformance/golden}, the benchmark workload in {@code bench/}). The build passes
 * {@code strata.shared.dir}; when that is absent (an IDE run, a worktree nested deeper) the nearest
 * ancestor directory holding {@code shared/conformance} is used. Tests that need the data skip when
 * it is nowhere to be found.
 */
public final class Golden {
  private Golden() {}

  /** The shared directory, if this machine has one. */
  public static Optional<Path> findSharedDir() {
    String configured = System.getProperty("strata.shared.dir");
    if (configured != null && Files.isDirectory(Path.of(configured, "conformance"))) {
      return Optional.of(Path.of(configured).toAbsolutePath().normalize());
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared");
      if (Files.isDirectory(candidate.resolve("conformance"))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The shared directory; the calling test is skipped (JUnit assumption) when there is none. */
  public static Path sharedDir() {
    Optional<Path> dir = findSharedDir();
    Assumptions.assumeTrue(
        dir.isPresent(), "shared data (../shared/conformance) not found: test skipped");
    return dir.get();
  }

  /** The golden Delta tables. */
  public static Path goldenDir() {
    return sharedDir().resolve("conformance/golden");
  }

  /** One golden table, in place: read-only. */
  public static Path table(String name) {
    return goldenDir().resolve(name);
  }

  /** A private, writable copy of a golden table under {@code dir}. */
  public static Path copy(String name, Path dir) {
    Path source = table(name);
    Path target = dir.resolve(name);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path t = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
          t.toFile().setWritable(true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }
}
