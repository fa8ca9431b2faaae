package dev.strata.format.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared conformance data ({@code strata.shared.dir}, else /work/shared). */
public final class Golden {
  private Golden() {}

  public static Path sharedDir() {
    String dir = System.getProperty("strata.shared.dir");
    Path p = dir == null ? Path.of("/work/shared") : Path.of(dir);
    return Files.isDirectory(p) ? p : Path.of("/work/shared");
  }

  public static Path goldenDir() {
    return sharedDir().resolve("conformance/golden");
  }

  public static Path table(String name) {
    return goldenDir().resolve(name);
  }
}
