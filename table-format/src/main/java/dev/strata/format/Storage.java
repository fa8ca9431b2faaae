package dev.strata.format;

import java.io.Closeable;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * All I/O of the table format, the log and the writer goes through this narrow interface. Paths are
 * absolute URI strings ({@code file:/data/t/_delta_log/00000000000000000000.json}, {@code
 * s3://bucket/t/...}).
 *
 * <p>The contract the transaction log relies on:
 *
 * <ol>
 *   <li>A written file appears whole or not at all: {@link #write}, {@link #create} and {@link
 *       #createIfAbsent} never expose a partial file under the target name.
 *   <li>{@link #createIfAbsent} succeeds for exactly one of several racing writers, across threads
 *       and processes; the others get {@code false}.
 *   <li>A listing that starts after a successful create shows the created file.
 *   <li>{@link #list} returns the files of one directory (or key prefix) in lexicographic order of
 *       their names and can start after a given name.
 * </ol>
 *
 * Failures are {@link StorageException}s; {@link StorageException#outcomeUnknown()} tells when a
 * write may have taken effect anyway. Implementations are thread-safe.
 */
public interface Storage extends Closeable {

  /** The URI scheme this storage serves ({@code file}, {@code s3}, {@code hdfs}, ...). */
  String scheme();

  /** Reads a whole file. */
  byte[] read(String path);

  /** Opens a file for sequential reading. */
  InputStream open(String path);

  /** Opens a file for positional (ranged) reads. */
  RandomAccessInput openRandomAccess(String path);

  /** Reads {@code length} bytes starting at {@code offset}. */
  default byte[] readRange(String path, long offset, int length) {
    try (RandomAccessInput in = openRandomAccess(path)) {
      byte[] buffer = new byte[length];
      in.readFully(offset, buffer, 0, length);
      return buffer;
    }
  }

  /** Writes a whole file, replacing any existing one; readers see the old or the new file whole. */
  void write(String path, byte[] data);

  /**
   * Streams a new file (replacing an existing one) that becomes visible whole on close. Large data
   * files go through here.
   */
  AtomicOutput create(String path);

  /**
   * Creates {@code path} with {@code data} if and only if no file of that name exists. Exactly one
   * of several racing callers gets {@code true}.
   *
   * @return true if this call created the file, false if it already existed
   */
  boolean createIfAbsent(String path, byte[] data);

  /**
   * Lists the files directly under {@code directory} (not recursively) whose names sort after
   * {@code startAfter} (null for all), in lexicographic order of name. A missing directory lists as
   * empty.
   */
  List<FileStatus> list(String directory, String startAfter);

  /** Lists every file under {@code directory}, at any depth, in no particular order. */
  List<FileStatus> listRecursively(String directory);

  /** The status of a file, or empty when it does not exist. */
  Optional<FileStatus> status(String path);

  /** Whether a file exists. */
  default boolean exists(String path) {
    return status(path).isPresent();
  }

  /** Deletes a file; deleting a missing file is not an error. */
  void delete(String path);

  /** Deletes many files, in batches where the store supports it; missing files are ignored. */
  default void deleteAll(Collection<String> paths) {
    for (String path : paths) {
      delete(path);
    }
  }

  /**
   * Moves a file to a name that must not exist yet. Where the store has no cheap rename (object
   * stores) this is a copy and a delete; callers that care write at the final name instead.
   *
   * @return false if the target already existed (nothing was moved)
   */
  boolean moveIfAbsent(String from, String to);

  /**
   * Removes an empty directory marker where the store has directories; a no-op for object stores.
   */
  default void deleteDirectoryTree(String directory) {
    deleteAll(listRecursively(directory).stream().map(FileStatus::path).toList());
  }

  @Override
  default void close() {}
}
