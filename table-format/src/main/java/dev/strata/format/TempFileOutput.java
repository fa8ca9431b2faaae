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
  // The first write or flush failure. Callers close in finally blocks (and FilterOutputStream
  // closes its target even when its own flush failed), so close must not take "no exception now"
  // as "the file is complete".
  private IOException failure;

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
    checkUsable();
    try {
      out.write(b);
    } catch (IOException | RuntimeException e) {
      remember(e);
      throw e;
    }
    written++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    checkUsable();
    try {
      out.write(b, off, len);
    } catch (IOException | RuntimeException e) {
      remember(e);
      throw e;
    }
    written += len;
  }

  @Override
  public void flush() throws IOException {
    checkUsable();
    try {
      out.flush();
    } catch (IOException | RuntimeException e) {
      remember(e);
      throw e;
    }
  }

  private void checkUsable() throws IOException {
    if (failure != null) {
      throw new IOException("An earlier write to " + path + " failed", failure);
    }
    if (done) {
      throw new IOException("Output for " + path + " is already closed or aborted");
    }
  }

  private void remember(Exception e) {
    if (failure == null) {
      failure = e instanceof IOException io ? io : new IOException(e);
    }
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
    closeQuietly();
    discard.run();
  }

  private void closeQuietly() {
    try {
      out.close();
    } catch (IOException | RuntimeException ignored) {
      // the temp file is discarded either way
    }
  }

  @Override
  public void close() {
    if (done) {
      return;
    }
    done = true;
    if (failure != null) {
      // What reached the temp file is a prefix at best: publishing it would put a truncated file
      // under the final name (a 0-byte checkpoint on a full disk made every later load fail).
      closeQuietly();
      discard.run();
      throw new StorageException(
          "Cannot finish " + path + ": an earlier write failed: " + failure.getMessage(), failure);
    }
    try {
      out.close();
    } catch (IOException | RuntimeException e) {
      discard.run();
      throw new StorageException("Cannot finish " + path + ": " + e.getMessage(), e);
    }
    try {
      publish.run();
    } catch (IOException | RuntimeException e) {
      discard.run();
      throw new StorageException("Cannot publish " + path + ": " + e.getMessage(), e);
    }
  }
}
