package dev.strata.log;

/** A concurrent commit removed a file this transaction also removes. */
public class ConcurrentDeleteDeleteException extends ConcurrentModificationException {
  public ConcurrentDeleteDeleteException(String message) {
    super(message);
  }

  public ConcurrentDeleteDeleteException(String message, Throwable cause) {
    super(message, cause);
  }
}
