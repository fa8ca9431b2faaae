package dev.strata.log;

/** A concurrent commit changed the table protocol (or created the table first). */
public class ProtocolChangedException extends ConcurrentModificationException {
  public ProtocolChangedException(String message) {
    super(message);
  }

  public ProtocolChangedException(String message, Throwable cause) {
    super(message, cause);
  }
}
