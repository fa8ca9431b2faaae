package dev.strata.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** The shared golden tables (read-only: copy before writing). */
public final class Golden {
  private Golden() {}

  /** The shared data directory. */
  public static Path sharedDir() {
    String configured = System.getProperty("strata.shared.dir");
    // Worktrees sit one level deeper than the main checkout: fall back to the shared location.
    if (configured != null && Files.isDirectory(Path.of(configured, "conformance"))) {
      return Path.of(configured);
    }
    return Path.of("/work/shared");
  }

  /** A golden table, in place: only for commands that do not write. */
  public static String table(String name) {
    Path path = sharedDir().resolve("conformance/golden").resolve(name);
    if (!Files.isDirectory(path)) {
      throw new IllegalStateException("Missing golden table " + path);
    }
    return path.toString();
  }

  /** A private copy of a golden table under {@code dir}, safe to modify. */
  public static Path copy(String name, Path dir) {
    Path source = Path.of(table(name));
    Path target = dir.resolve(name);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path t = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }
}
