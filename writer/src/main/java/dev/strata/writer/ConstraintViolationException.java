package dev.strata.writer;

import dev.strata.format.StrataException;

/**
 * A row written to a table breaks one of its rules: a NOT NULL column, a {@code
 * delta.constraints.*} CHECK constraint, a column invariant, a replaceWhere condition, or {@code
 * delta.appendOnly}. The message names the table, the rule and the offending row; nothing was
 * committed.
 */
public class ConstraintViolationException extends StrataException {
  public ConstraintViolationException(String message) {
    super(message);
  }
}
