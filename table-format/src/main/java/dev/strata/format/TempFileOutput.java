package dev.strata.format;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An {@link AtomicOutput} over a stream to a temporary file: close publishes the temp file under
 * its final name, abort (or a failed publish) discards it. The stores differ only in those two
 * steps.
 */
final class TempFileOutput extends AtomicOutput {
  /** Moves the finished temp file to its final name. */
  interface Publish {
    void run() throws IOException;
  }

  private final String path;
  private final OutputStream out;
  private final Publish publish;
  private final Runnable discard;
  private long written;
  private boolean done;

  /**
   * @param path the final path, for error messages
   * @param discard deletes the temp file, best effort
   */
  TempFileOutput(String path, OutputStream out, Publish publish, Runnable discard) {
    this.path = path;
    this.out = out;
    this.publish = publish;
    this.discard = discard;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    written++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    written += len;
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public long position() {
    return written;
  }

  @Override
  public void abort() {
    if (done) {
      return;
    }
    done = true;
    try {
      out.close();
    } catch (IOException ignored) {
      // the temp file is discarded either way
    }
    discard.run();
  }

  @Override
  public void close() {
    if (done) {
      return;
    }
    done = true;
    try {
      out.close();
      publish.run();
    } catch (IOException e) {
      discard.run();
      throw new StorageException("Cannot finish " + path + ": " + e.getMessage(), e);
    }
  }
}
