package dev.strata.log;

import dev.strata.format.StrataException;

/**
 * A commit failed in a way that leaves its outcome unknown (the write may or may not have landed)
 * and reading the log could not decide it. Do not delete the commit's data files; look at the
 * table's history before retrying.
 */
public class CommitStateUnknownException extends StrataException {
  public CommitStateUnknownException(String message) {
    super(message);
  }

  public CommitStateUnknownException(String message, Throwable cause) {
    super(message, cause);
  }
}
