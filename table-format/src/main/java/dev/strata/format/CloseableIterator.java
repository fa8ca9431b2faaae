package dev.strata.format;

import java.util.Iterator;

/**
 * An iterator over a resource (an open file, a stream) that must be closed when the caller stops
 * early. Closing twice is allowed; {@link #close()} throws no checked exception.
 */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
  @Override
  void close();
}
