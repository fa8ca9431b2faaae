package dev.strata.log;

/** A concurrent commit removed a file this transaction read. */
public class ConcurrentDeleteReadException extends ConcurrentModificationException {
  public ConcurrentDeleteReadException(String message) {
    super(message);
  }

  public ConcurrentDeleteReadException(String message, Throwable cause) {
    super(message, cause);
  }
}
