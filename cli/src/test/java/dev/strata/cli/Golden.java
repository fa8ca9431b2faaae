package dev.strata.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared golden tables (read-only: copy before writing); see the table-format fixture. */
public final class Golden {
  private Golden() {}

  /** The shared data directory; tests skip when this machine has none. */
  public static Path sharedDir() {
    return dev.strata.format.testing.Golden.sharedDir();
  }

  /** A golden table, in place: only for commands that do not write. */
  public static String table(String name) {
    Path path = dev.strata.format.testing.Golden.table(name);
    if (!Files.isDirectory(path)) {
      throw new IllegalStateException("Missing golden table " + path);
    }
    return path.toString();
  }

  /** A private copy of a golden table under {@code dir}, safe to modify. */
  public static Path copy(String name, Path dir) {
    return dev.strata.format.testing.Golden.copy(name, dir);
  }
}
