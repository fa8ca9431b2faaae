package dev.strata.log;

import dev.strata.format.StrataException;

/** The location has no Delta log ({@code _delta_log} with at least one commit or checkpoint). */
public class TableNotFoundException extends StrataException {
  public TableNotFoundException(String message) {
    super(message);
  }

  public TableNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
