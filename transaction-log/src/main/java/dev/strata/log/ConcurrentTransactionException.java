package dev.strata.log;

/**
 * A concurrent commit recorded a {@code txn} for an application id this transaction also records.
 */
public class ConcurrentTransactionException extends ConcurrentModificationException {
  public ConcurrentTransactionException(String message) {
    super(message);
  }

  public ConcurrentTransactionException(String message, Throwable cause) {
    super(message, cause);
  }
}
