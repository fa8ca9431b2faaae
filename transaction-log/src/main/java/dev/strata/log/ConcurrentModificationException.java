package dev.strata.log;

import dev.strata.format.StrataException;

/**
 * A transaction lost the race for its commit version to a concurrent commit that conflicts with
 * what it read or wrote. Re-read the table and run the operation again. Subclasses name the kind of
 * conflict.
 */
public class ConcurrentModificationException extends StrataException {
  public ConcurrentModificationException(String message) {
    super(message);
  }

  public ConcurrentModificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
