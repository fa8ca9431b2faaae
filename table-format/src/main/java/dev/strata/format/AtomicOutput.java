package dev.strata.format;

import java.io.OutputStream;

/**
 * A stream whose file becomes visible, whole, only on {@link #close()}. {@link #abort()} discards
 * everything written; after an abort, close does nothing.
 */
public abstract class AtomicOutput extends OutputStream {
  /** Discards the output; the target path is left as it was. */
  public abstract void abort();

  /** Bytes written so far. */
  public abstract long position();
}
