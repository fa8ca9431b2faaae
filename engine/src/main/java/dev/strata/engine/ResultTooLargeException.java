package dev.strata.engine;

import dev.strata.format.StrataException;

/**
 * A {@code collect()} whose result would exceed {@code strata.driver.maxResultSize}. It is raised
 * in the task that crosses the limit, before the rows are held, so the caller gets this error
 * instead of an OutOfMemoryError; the engine does not retry it, since another attempt collects the
 * same rows.
 */
public class ResultTooLargeException extends StrataException {
  private final long limitBytes;

  public ResultTooLargeException(long collectedBytes, long limitBytes) {
    super(
        "collect(): the result reached "
            + collectedBytes
            + " bytes, over strata.driver.maxResultSize ("
            + limitBytes
            + " bytes). Write the Dataset to a table instead (write()), take fewer rows (limit(n)),"
            + " stream it (toLocalIterator()), or raise strata.driver.maxResultSize (0 = no"
            + " limit).");
    this.limitBytes = limitBytes;
  }

  /** The configured limit in bytes. */
  public long limitBytes() {
    return limitBytes;
  }
}
