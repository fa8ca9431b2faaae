package dev.strata.log;

import dev.strata.format.StrataException;

/**
 * Time travel asked for a version or timestamp the log cannot reconstruct: newer than the latest
 * version, older than the earliest retained one (cleaned up), or before the table's first commit.
 */
public class VersionNotFoundException extends StrataException {
  public VersionNotFoundException(String message) {
    super(message);
  }

  public VersionNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
