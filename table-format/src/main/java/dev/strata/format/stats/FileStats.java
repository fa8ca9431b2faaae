package dev.strata.format.stats;

import java.util.Map;

/**
 * The statistics of one data file, as parsed from Delta's {@code stats} JSON by {@link
 * DeltaStats#parse}.
 *
 * @param numRecords the number of rows, or -1 when the JSON does not say
 * @param columns per leaf column (dotted logical name for nested fields)
 */
public record FileStats(long numRecords, Map<String, ColumnRange> columns) {
  public FileStats {
    columns = Map.copyOf(columns);
  }

  /** The range of a column, or null when there are no statistics for it. */
  public ColumnRange range(String column) {
    return columns.get(column);
  }

  /** Whether {@code predicate} might match rows of this file. */
  public boolean mightMatch(StatsPredicate predicate) {
    return predicate.mightMatch(columns::get);
  }
}
