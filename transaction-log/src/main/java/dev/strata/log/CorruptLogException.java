package dev.strata.log;

import dev.strata.format.StrataException;

/**
 * A log file (commit, checkpoint, {@code _last_checkpoint}) cannot be read as the protocol
 * describes, or the log as a whole is inconsistent (missing versions, no protocol or metadata). The
 * message names the table, version and file.
 */
public class CorruptLogException extends StrataException {
  public CorruptLogException(String message) {
    super(message);
  }

  public CorruptLogException(String message, Throwable cause) {
    super(message, cause);
  }
}
