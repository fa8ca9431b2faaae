package dev.strata.format.stats;

/**
 * What statistics say about one column of a file or row group, in external Java values (Integer,
 * Long, Double, BigDecimal, String, LocalDate, Instant, ...). Bounds are inclusive and may be wider
 * than the data (strings are truncated, timestamps are rounded to milliseconds and the max widened
 * by 999 microseconds), never narrower.
 *
 * @param min lower bound of the non-null values, or null when unknown
 * @param max upper bound of the non-null values, or null when unknown
 * @param nullCount number of nulls, or -1 when unknown
 * @param valueCount number of rows the statistics cover, or -1 when unknown
 */
public record ColumnRange(Object min, Object max, long nullCount, long valueCount) {
  /** Whether every value is known to be null. */
  public boolean allNull() {
    return nullCount >= 0 && valueCount >= 0 && nullCount == valueCount;
  }

  /** Whether some value might be non-null. */
  public boolean mayHaveNonNull() {
    return !allNull();
  }

  /** Whether some value might be null. */
  public boolean mayHaveNull() {
    return nullCount != 0;
  }
}
