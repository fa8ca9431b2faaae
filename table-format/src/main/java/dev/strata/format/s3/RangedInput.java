package dev.strata.format.s3;

import dev.strata.format.RandomAccessInput;
import dev.strata.format.StorageException;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Positional reads through ranged {@code GetObject}s. Small reads fetch a window of {@value
 * #READ_AHEAD} bytes and serve neighbours from it; a read near the end fetches the whole tail, so a
 * Parquet footer and its length come in one request. Large reads (column chunks) go straight into
 * the caller's buffer.
 */
final class RangedInput implements RandomAccessInput {
  static final int READ_AHEAD = 128 << 10;

  private final S3Storage storage;
  private final String path;
  private final S3Location location;
  private final long length;
  private byte[] window = new byte[0];
  private long windowStart;

  RangedInput(S3Storage storage, String path, S3Location location, long length) {
    this.storage = storage;
    this.path = path;
    this.location = location;
    this.length = length;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public synchronized int readAt(long position, byte[] buffer, int offset, int len) {
    if (position < 0) {
      throw new StorageException("Negative read position " + position + " in " + path, null);
    }
    if (position >= length) {
      return len == 0 ? 0 : -1;
    }
    int n = (int) Math.min(len, length - position);
    if (position >= windowStart && position + n <= windowStart + window.length) {
      System.arraycopy(window, (int) (position - windowStart), buffer, offset, n);
      return n;
    }
    if (n >= READ_AHEAD) {
      fetch(position, buffer, offset, n);
      return n;
    }
    long start = position;
    if (position + READ_AHEAD > length) {
      start = Math.max(0, length - READ_AHEAD);
    }
    int size = (int) Math.min(READ_AHEAD, length - start);
    byte[] fresh = new byte[size];
    fetch(start, fresh, 0, size);
    window = fresh;
    windowStart = start;
    System.arraycopy(window, (int) (position - windowStart), buffer, offset, n);
    return n;
  }

  private void fetch(long start, byte[] target, int offset, int size) {
    String range = "bytes=" + start + "-" + (start + size - 1);
    try (InputStream in =
        storage
            .client()
            .getObject(b -> b.bucket(location.bucket()).key(location.key()).range(range))) {
      int done = 0;
      while (done < size) {
        int r = in.read(target, offset + done, size - done);
        if (r < 0) {
          throw new StorageException(
              "Unexpected end of "
                  + path
                  + " at offset "
                  + (start + done)
                  + ": the object changed while it was read",
              null);
        }
        done += r;
      }
    } catch (SdkException e) {
      throw storage.errors().translate("read", path, location, e, false);
    } catch (IOException e) {
      throw new StorageException("Cannot read " + path + " at " + start + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    window = new byte[0];
  }
}
