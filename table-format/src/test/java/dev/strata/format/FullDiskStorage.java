package dev.strata.format;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A {@link LocalStorage} whose disk "fills up": streamed outputs ({@link #create}) to matching
 * paths accept {@code capacity} bytes in total and then fail with "No space left on device", the
 * way a full file system fails a {@code write(2)}. The failure happens beneath the real temp-file
 * output, so what is published after it is decided by production code.
 */
public final class FullDiskStorage implements Storage {
  private final LocalStorage delegate = new LocalStorage();
  private final Predicate<String> paths;
  private final AtomicLong free;

  /**
   * @param paths the outputs that see the full disk
   * @param capacity bytes they may write (summed over all of them) before writes fail
   */
  public FullDiskStorage(Predicate<String> paths, long capacity) {
    this.paths = paths;
    this.free = new AtomicLong(capacity);
  }

  /** Makes room again: later writes succeed. */
  public void freeSpace() {
    free.set(Long.MAX_VALUE / 2);
  }

  @Override
  public AtomicOutput create(String path) {
    if (!paths.test(path)) {
      return delegate.create(path);
    }
    return delegate.create(
        path,
        out ->
            new FilterOutputStream(out) {
              @Override
              public void write(int b) throws IOException {
                reserve(1);
                out.write(b);
              }

              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                long granted = Math.max(0, Math.min(len, free.getAndAdd(-len)));
                if (granted < len) {
                  // a short write: what fits reaches the file, then the device is full
                  out.write(b, off, (int) granted);
                  throw new IOException("No space left on device");
                }
                out.write(b, off, len);
              }

              private void reserve(long n) throws IOException {
                if (free.getAndAdd(-n) < n) {
                  throw new IOException("No space left on device");
                }
              }
            });
  }

  @Override
  public String scheme() {
    return delegate.scheme();
  }

  @Override
  public byte[] read(String path) {
    return delegate.read(path);
  }

  @Override
  public java.io.InputStream open(String path) {
    return delegate.open(path);
  }

  @Override
  public RandomAccessInput openRandomAccess(String path) {
    return delegate.openRandomAccess(path);
  }

  @Override
  public void write(String path, byte[] data) {
    delegate.write(path, data);
  }

  @Override
  public boolean createIfAbsent(String path, byte[] data) {
    return delegate.createIfAbsent(path, data);
  }

  @Override
  public List<FileStatus> list(String directory, String startAfter) {
    return delegate.list(directory, startAfter);
  }

  @Override
  public List<FileStatus> listRecursively(String directory) {
    return delegate.listRecursively(directory);
  }

  @Override
  public Optional<FileStatus> status(String path) {
    return delegate.status(path);
  }

  @Override
  public void delete(String path) {
    delegate.delete(path);
  }

  @Override
  public void deleteAll(Collection<String> paths) {
    delegate.deleteAll(paths);
  }

  @Override
  public boolean moveIfAbsent(String from, String to) {
    return delegate.moveIfAbsent(from, to);
  }

  @Override
  public void deleteDirectoryTree(String directory) {
    delegate.deleteDirectoryTree(directory);
  }
}
