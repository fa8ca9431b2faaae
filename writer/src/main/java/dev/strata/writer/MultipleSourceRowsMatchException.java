package dev.strata.writer;

import dev.strata.format.StrataException;

/**
 * A MERGE found two or more source rows matching the same target row while a {@code whenMatched}
 * clause would update or delete it (Delta's {@code DeltaMergeMultipleSourceRowsMatchingTargetRow}).
 * Deduplicate the source on the merge keys and run the MERGE again; nothing was committed.
 */
public class MultipleSourceRowsMatchException extends StrataException {
  public MultipleSourceRowsMatchException(String message) {
    super(message);
  }
}
