package dev.strata.format.internal.parquet;

import dev.strata.format.RandomAccessInput;
import dev.strata.format.Storage;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** A Parquet {@link InputFile} over {@link Storage#openRandomAccess}. */
public final class StorageInputFile implements InputFile {
  private final Storage storage;
  private final String path;
  private final long length;

  public StorageInputFile(Storage storage, String path, long length) {
    this.storage = storage;
    this.path = path;
    this.length = length;
  }

  /** Opens a file whose length is not known yet (one status call). */
  public static StorageInputFile of(Storage storage, String path) {
    try (RandomAccessInput in = storage.openRandomAccess(path)) {
      return new StorageInputFile(storage, path, in.length());
    }
  }

  @Override
  public long getLength() {
    return length;
  }

  @Override
  public SeekableInputStream newStream() {
    RandomAccessInput in = storage.openRandomAccess(path);
    return new SeekableInputStream() {
      private long position;

      @Override
      public long getPos() {
        return position;
      }

      @Override
      public void seek(long newPos) {
        position = newPos;
      }

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (len == 0) {
          return 0;
        }
        int n = in.readAt(position, b, off, len);
        if (n > 0) {
          position += n;
        }
        return n;
      }

      @Override
      public void readFully(byte[] bytes) throws IOException {
        readFully(bytes, 0, bytes.length);
      }

      @Override
      public void readFully(byte[] bytes, int start, int len) throws IOException {
        if (position + len > length) {
          throw new EOFException(
              "Reached the end of " + path + " (" + length + " bytes) at offset " + position);
        }
        in.readFully(position, bytes, start, len);
        position += len;
      }

      @Override
      public int read(ByteBuffer buf) throws IOException {
        int len = buf.remaining();
        if (len == 0) {
          return 0;
        }
        if (buf.hasArray()) {
          int n = read(buf.array(), buf.arrayOffset() + buf.position(), len);
          if (n > 0) {
            buf.position(buf.position() + n);
          }
          return n;
        }
        byte[] tmp = new byte[Math.min(len, 1 << 20)];
        int n = read(tmp, 0, tmp.length);
        if (n > 0) {
          buf.put(tmp, 0, n);
        }
        return n;
      }

      @Override
      public void readFully(ByteBuffer buf) throws IOException {
        int len = buf.remaining();
        if (buf.hasArray()) {
          readFully(buf.array(), buf.arrayOffset() + buf.position(), len);
          buf.position(buf.position() + len);
          return;
        }
        byte[] tmp = new byte[len];
        readFully(tmp, 0, len);
        buf.put(tmp);
      }

      @Override
      public void close() {
        in.close();
      }
    };
  }

  @Override
  public String toString() {
    return path;
  }
}
