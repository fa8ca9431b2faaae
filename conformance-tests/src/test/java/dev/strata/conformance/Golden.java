package dev.strata.conformance;

import java.nio.file.Path;

/** The golden tables of ../shared/conformance/golden (see the table-format test fixture). */
final class Golden {
  private Golden() {}

  static Path root() {
    return dev.strata.format.testing.Golden.goldenDir();
  }

  static String table(String name) {
    return root().resolve(name).toString();
  }

  /** A writable copy of a golden table under {@code dir} (the shared copies are read-only). */
  static Path copy(String name, Path dir) {
    return dev.strata.format.testing.Golden.copy(name, dir);
  }
}
