package dev.strata.format;

import java.io.Closeable;

/** Positional reads of one file; what Parquet footers and column chunks are read through. */
public interface RandomAccessInput extends Closeable {
  /** The file length in bytes. */
  long length();

  /**
   * Reads up to {@code length} bytes at {@code position}.
   *
   * @return bytes read, or -1 at the end of the file
   */
  int readAt(long position, byte[] buffer, int offset, int length);

  /** Reads exactly {@code length} bytes at {@code position} or throws. */
  default void readFully(long position, byte[] buffer, int offset, int length) {
    int done = 0;
    while (done < length) {
      int n = readAt(position + done, buffer, offset + done, length - done);
      if (n < 0) {
        throw new StorageException("Unexpected end of file at offset " + (position + done), null);
      }
      done += n;
    }
  }

  @Override
  void close();
}
