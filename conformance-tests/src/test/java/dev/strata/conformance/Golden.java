package dev.strata.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Locates the golden tables of ../shared/conformance/golden. */
final class Golden {
  private Golden() {}

  static Path root() {
    String shared = System.getProperty("strata.shared.dir", "/work/shared");
    Path dir = Path.of(shared, "conformance", "golden");
    if (!Files.isDirectory(dir)) {
      dir = Path.of("/work/shared/conformance/golden");
    }
    return dir;
  }

  static String table(String name) {
    return root().resolve(name).toString();
  }

  /** Copies a golden table to a writable directory (the shared copies are read-only). */
  static Path copy(String name, Path target) throws Exception {
    Path source = root().resolve(name);
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
        Path t = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
          t.toFile().setWritable(true);
        }
      }
    }
    return target;
  }
}
