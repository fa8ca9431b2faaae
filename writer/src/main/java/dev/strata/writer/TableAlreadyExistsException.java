package dev.strata.writer;

import dev.strata.format.StrataException;

/** A write in mode {@code ERROR_IF_EXISTS} found a table at the target location. */
public class TableAlreadyExistsException extends StrataException {
  public TableAlreadyExistsException(String message) {
    super(message);
  }
}
