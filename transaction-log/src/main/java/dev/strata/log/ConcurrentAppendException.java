package dev.strata.log;

/** A concurrent commit added files to partitions (or the table) this transaction read. */
public class ConcurrentAppendException extends ConcurrentModificationException {
  public ConcurrentAppendException(String message) {
    super(message);
  }

  public ConcurrentAppendException(String message, Throwable cause) {
    super(message, cause);
  }
}
