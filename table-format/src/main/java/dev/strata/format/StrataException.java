package dev.strata.format;

/**
 * The one unchecked root of every error Strata raises. Subclasses exist only where a caller
 * branches on the kind of failure; messages name the table, version or file and say what to do.
 */
public class StrataException extends RuntimeException {
  public StrataException(String message) {
    super(message);
  }

  public StrataException(String message, Throwable cause) {
    super(message, cause);
  }
}
