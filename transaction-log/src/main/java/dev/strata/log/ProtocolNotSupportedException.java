package dev.strata.log;

import dev.strata.format.StrataException;

/**
 * The table needs a reader or writer version or a table feature that Strata does not implement; the
 * message names the version or the features.
 */
public class ProtocolNotSupportedException extends StrataException {
  public ProtocolNotSupportedException(String message) {
    super(message);
  }

  public ProtocolNotSupportedException(String message, Throwable cause) {
    super(message, cause);
  }
}
