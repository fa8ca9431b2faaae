package dev.strata.format.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real, small tmpfs mounted for one test, to produce genuine "No space left on device" errors.
 * Mounting needs root on Linux: where it is not allowed the test is skipped (a JUnit assumption,
 * with the reason in the report), never silently passed.
 */
public final class SmallFileSystem implements AutoCloseable {
  private final Path mountPoint;

  private SmallFileSystem(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  /**
   * Mounts a tmpfs of {@code size} (mount(8) syntax, {@code 3m}) on the empty directory {@code
   * mountPoint}, or skips the calling test.
   */
  public static SmallFileSystem mount(Path mountPoint, String size) {
    Assumptions.assumeTrue(
        System.getProperty("os.name", "").toLowerCase().contains("linux"),
        "a small tmpfs needs Linux");
    String result;
    try {
      Files.createDirectories(mountPoint);
      result = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString());
    } catch (IOException e) {
      result = e.toString();
    }
    Assumptions.assumeTrue(
        result.isEmpty(), "cannot mount a tmpfs here (needs root): " + result.strip());
    return new SmallFileSystem(mountPoint);
  }

  /** The mounted directory. */
  public Path root() {
    return mountPoint;
  }

  /** Bytes still free (tmpfs keeps no reserve for root). */
  public long freeBytes() throws IOException {
    return Files.getFileStore(mountPoint).getUsableSpace();
  }

  /**
   * Fills the file system with a filler file until at most {@code leave} bytes are free.
   *
   * @return the filler file (delete it to free the space again)
   */
  public Path fillLeaving(long leave) throws IOException {
    Path filler = mountPoint.resolve("filler.bin");
    byte[] chunk = new byte[4096];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (freeBytes() > leave) {
        long n = Math.min(chunk.length, freeBytes() - leave);
        out.write(chunk, 0, (int) Math.max(1, n));
        out.flush();
      }
    } catch (IOException e) {
      if (!e.getMessage().contains("No space")) {
        throw e;
      }
    }
    return filler;
  }

  @Override
  public void close() throws IOException {
    String result = run("umount", "-l", mountPoint.toString());
    if (!result.isEmpty()) {
      throw new IOException("umount " + mountPoint + " failed: " + result);
    }
  }

  /** Runs a command; returns "" on success, else its output and exit code. */
  private static String run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return String.join(" ", command) + " timed out";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    String out = new String(p.getInputStream().readAllBytes());
    return p.exitValue() == 0 ? "" : out + " (exit " + p.exitValue() + ")";
  }
}
