package dev.strata.maintenance;

import dev.strata.format.StrataException;
import java.time.Duration;

/**
 * VACUUM was asked for a retention shorter than the table's {@code
 * delta.deletedFileRetentionDuration}: it would delete files that readers doing time travel, or
 * writers still in flight, may need. Refused unless explicitly forced.
 */
public class RetentionTooShortException extends StrataException {
  private final Duration requested;
  private final Duration minimum;

  public RetentionTooShortException(String table, Duration requested, Duration minimum) {
    super(
        "Refusing to VACUUM "
            + table
            + " with a retention of "
            + Durations.format(requested)
            + ": it is shorter than the table's delta.deletedFileRetentionDuration ("
            + Durations.format(minimum)
            + "), so files that time travel or in-flight writes still need could be deleted."
            + " Use a longer retention, or pass --unsafe-allow-short-retention if no reader or"
            + " writer can be using the table");
    this.requested = requested;
    this.minimum = minimum;
  }

  /** The retention that was asked for. */
  public Duration requested() {
    return requested;
  }

  /** The table's configured retention. */
  public Duration minimum() {
    return minimum;
  }
}
