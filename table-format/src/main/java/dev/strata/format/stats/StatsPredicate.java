package dev.strata.format.stats;

import java.util.function.Function;

/**
 * A filter evaluated on statistics instead of rows: used to skip Parquet row groups and whole data
 * files. Must be conservative: return false only when no row can match.
 */
@FunctionalInterface
public interface StatsPredicate {
  /**
   * Whether rows described by these statistics might match.
   *
   * @param rangeOfColumn the statistics of a column by (dotted, logical) name, or null when there
   *     are none
   */
  boolean mightMatch(Function<String, ColumnRange> rangeOfColumn);

  /** A predicate that keeps everything. */
  static StatsPredicate all() {
    return columns -> true;
  }
}
