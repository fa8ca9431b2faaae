package dev.strata.log;

import dev.strata.format.stats.StatsPredicate;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Configures a {@link Scan} of a snapshot: which files (partition and stats filters), which
 * columns.
 */
public interface ScanBuilder {

  /**
   * Keeps only files whose partition values match. The map holds typed partition values (Long,
   * String, LocalDate, Instant, BigDecimal, ... or null) keyed by logical column name.
   */
  ScanBuilder withPartitionFilter(Predicate<Map<String, Object>> partitionFilter);

  /**
   * Skips files (and, without deletion vectors, row groups) whose statistics show no row can match.
   * Files without statistics are kept. Rows are not filtered: callers still evaluate their
   * predicate on the batches.
   */
  ScanBuilder withStatsFilter(StatsPredicate statsFilter);

  /** Reads only these columns (logical names, any order, partition columns allowed). */
  ScanBuilder withColumns(List<String> columns);

  /** The scan: the selected files, computed now. */
  Scan build();
}
