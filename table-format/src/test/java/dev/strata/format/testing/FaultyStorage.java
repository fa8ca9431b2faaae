package dev.strata.format.testing;

import dev.strata.format.AtomicOutput;
import dev.strata.format.FileStatus;
import dev.strata.format.RandomAccessInput;
import dev.strata.format.Storage;
import dev.strata.format.StorageException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A {@link Storage} that delegates to another and fails chosen operations, for failure-injection
 * tests: fail the N-th matching write before it reaches the store, or after it succeeded (an
 * "outcome unknown" error although the file exists).
 */
public final class FaultyStorage implements Storage {
  /** When a matching write fails. */
  public enum When {
    BEFORE_WRITE,
    AFTER_WRITE
  }

  private final Storage delegate;
  private volatile Predicate<String> pathMatcher = p -> false;
  private volatile When when = When.BEFORE_WRITE;
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger skipFirst = new AtomicInteger();

  public FaultyStorage(Storage delegate) {
    this.delegate = delegate;
  }

  /**
   * Fails the next {@code times} writes to paths matching {@code matcher}, after letting {@code
   * skip} matching writes through.
   */
  public FaultyStorage failWrites(Predicate<String> matcher, When when, int skip, int times) {
    this.pathMatcher = matcher;
    this.when = when;
    this.skipFirst.set(skip);
    this.failuresLeft.set(times);
    return this;
  }

  /** Stops injecting failures. */
  public void heal() {
    failuresLeft.set(0);
  }

  private boolean shouldFail(String path) {
    if (!pathMatcher.test(path)) {
      return false;
    }
    if (skipFirst.getAndDecrement() > 0) {
      return false;
    }
    return failuresLeft.getAndDecrement() > 0;
  }

  private <T> T writeOp(String path, java.util.function.Supplier<T> op) {
    if (shouldFail(path)) {
      if (when == When.BEFORE_WRITE) {
        throw new StorageException("Injected failure before writing " + path, null, false);
      }
      op.get();
      throw new StorageException("Injected failure after writing " + path, null, true);
    }
    return op.get();
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
  public InputStream open(String path) {
    return delegate.open(path);
  }

  @Override
  public RandomAccessInput openRandomAccess(String path) {
    return delegate.openRandomAccess(path);
  }

  @Override
  public void write(String path, byte[] data) {
    writeOp(
        path,
        () -> {
          delegate.write(path, data);
          return null;
        });
  }

  @Override
  public AtomicOutput create(String path) {
    if (shouldFail(path)) {
      throw new StorageException("Injected failure creating " + path, null, false);
    }
    return delegate.create(path);
  }

  @Override
  public boolean createIfAbsent(String path, byte[] data) {
    return writeOp(path, () -> delegate.createIfAbsent(path, data));
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
  public boolean moveIfAbsent(String from, String to) {
    return writeOp(to, () -> delegate.moveIfAbsent(from, to));
  }
}
