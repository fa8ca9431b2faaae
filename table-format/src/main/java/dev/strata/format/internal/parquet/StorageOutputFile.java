package dev.strata.format.internal.parquet;

import dev.strata.format.AtomicOutput;
import dev.strata.format.Storage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet {@link OutputFile} over {@link Storage#create}: the file appears whole when Parquet
 * closes the stream, and {@link #abort()} leaves nothing behind.
 */
public final class StorageOutputFile implements OutputFile {
  private final Storage storage;
  private final String path;
  private AtomicOutput output;
  private volatile boolean aborted;
  private long bytesWritten;

  public StorageOutputFile(Storage storage, String path) {
    this.storage = storage;
    this.path = path;
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) {
    return createOrOverwrite(blockSizeHint);
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) {
    if (output != null) {
      throw new IllegalStateException("Output " + path + " already created");
    }
    output = storage.create(path);
    BufferedOutputStream buffered = new BufferedOutputStream(output, 256 * 1024);
    return new PositionOutputStream() {
      private long position;

      @Override
      public long getPos() {
        return position;
      }

      private void advance(long n) {
        position += n;
        bytesWritten = position;
      }

      @Override
      public void write(int b) throws IOException {
        advance(1);
        if (!aborted) {
          buffered.write(b);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        advance(len);
        if (!aborted) {
          buffered.write(b, off, len);
        }
      }

      @Override
      public void flush() throws IOException {
        if (!aborted) {
          buffered.flush();
        }
      }

      @Override
      public void close() throws IOException {
        if (!aborted) {
          buffered.close();
        }
      }
    };
  }

  /** Bytes written through the stream: the file's size once closed. */
  public long bytesWritten() {
    return bytesWritten;
  }

  /** Discards the file; later writes through the stream are dropped. */
  public void abort() {
    aborted = true;
    if (output != null) {
      output.abort();
    }
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  @Override
  public String getPath() {
    return path;
  }
}
