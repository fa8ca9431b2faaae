package dev.strata.engine.internal.spill;

import dev.strata.format.StrataException;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The session's spill directory: one subdirectory per job, deleted when the job ends (also when it
 * fails or is cancelled). Files created for a job that already ended are refused, so a cancelled
 * task that is still running cannot leave files behind.
 */
public final class SpillManager {
  private final Path root;
  private final Map<Integer, Path> jobDirs = new ConcurrentHashMap<>();
  private final Map<Integer, Boolean> closed = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong totalBytes = new AtomicLong();

  public SpillManager(Path root) {
    this.root = root;
  }

  /** A spill directory under the system temp directory, unique to this session. */
  public static SpillManager temporary() {
    return new SpillManager(
        Path.of(
            System.getProperty("java.io.tmpdir"), "strata-spill-" + java.util.UUID.randomUUID()));
  }

  public Path root() {
    return root;
  }

  /** Bytes written to spill files since the session started. */
  public long totalBytesWritten() {
    return totalBytes.get();
  }

  /** A new, empty file path for a job; the caller writes it. */
  public Path newFile(int jobId, String prefix) {
    if (closed.containsKey(jobId)) {
      throw new java.util.concurrent.CancellationException(
          "Job " + jobId + " has ended; no more spill files");
    }
    Path dir =
        jobDirs.computeIfAbsent(
            jobId,
            j -> {
              try {
                return Files.createDirectories(root.resolve("job-" + j));
              } catch (IOException e) {
                throw new StrataException(
                    "Cannot create the spill directory under "
                        + root
                        + ": "
                        + e.getMessage()
                        + " (set strata.spill.dir to a writable local directory)",
                    e);
              }
            });
    return dir.resolve(prefix + "-" + ids.incrementAndGet() + ".spill");
  }

  /** A file for a cached block on disk; it lives until the block is dropped or the session ends. */
  public Path blockFile(String name) {
    return root.resolve("blocks").resolve(name + "-" + ids.incrementAndGet() + ".block");
  }

  /** Deletes every spill file of a job. */
  public void cleanupJob(int jobId) {
    closed.put(jobId, Boolean.TRUE);
    Path dir = jobDirs.remove(jobId);
    if (dir != null) {
      deleteTree(dir);
    }
  }

  /** The spill files a job has now (for tests). */
  public long filesOf(int jobId) {
    Path dir = jobDirs.get(jobId);
    if (dir == null || !Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Deletes the whole spill directory (session close). */
  public void close() {
    deleteTree(root);
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // best effort: a file still open on another thread goes with the next cleanup
                }
              });
    } catch (IOException | UncheckedIOException ignored) {
      // the directory vanished concurrently
    }
  }

  /** Writes batches to one spill file. */
  public final class Writer implements AutoCloseable {
    private final Path path;
    private final DataOutputStream out;
    private long rows;

    public Writer(int jobId, String prefix) {
      this(newFile(jobId, prefix));
    }

    /** A writer of a file outside the per-job directories (cached blocks). */
    public Writer(Path path) {
      this.path = path;
      try {
        Files.createDirectories(path.getParent());
        out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16));
      } catch (IOException e) {
        throw new StrataException("Cannot create spill file " + path + ": " + e.getMessage(), e);
      }
    }

    public void write(ColumnBatch b) {
      if (b.numRows() == 0) {
        return;
      }
      try {
        BatchCodec.write(out, b);
        rows += b.numRows();
      } catch (IOException e) {
        throw new StrataException("Cannot write spill file " + path + ": " + e.getMessage(), e);
      }
    }

    public long rows() {
      return rows;
    }

    /** Closes the file and returns it. */
    public SpillFile finish() {
      close();
      try {
        long size = Files.size(path);
        totalBytes.addAndGet(size);
        return new SpillFile(path, size, rows);
      } catch (IOException e) {
        throw new StrataException("Cannot stat spill file " + path + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      try {
        out.close();
      } catch (IOException e) {
        throw new StrataException("Cannot close spill file " + path + ": " + e.getMessage(), e);
      }
    }
  }

  /** A finished spill file. */
  public record SpillFile(Path path, long bytes, long rows) {
    /** Reads the batches back, lazily; the stream closes at the end. */
    public Iterator<ColumnBatch> read(StructType schema) {
      DataInputStream in;
      try {
        in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16));
      } catch (IOException e) {
        throw new StrataException("Cannot open spill file " + path + ": " + e.getMessage(), e);
      }
      return new Iterator<>() {
        ColumnBatch next;
        boolean done;

        @Override
        public boolean hasNext() {
          if (next == null && !done) {
            try {
              next = BatchCodec.read(in, schema);
              if (next == null) {
                done = true;
                in.close();
              }
            } catch (IOException e) {
              throw new StrataException(
                  "Cannot read spill file " + path + ": " + e.getMessage(), e);
            }
          }
          return next != null;
        }

        @Override
        public ColumnBatch next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          ColumnBatch b = next;
          next = null;
          return b;
        }
      };
    }

    public void delete() {
      try {
        Files.deleteIfExists(path);
      } catch (IOException ignored) {
        // the job directory is deleted at job end anyway
      }
    }
  }
}
