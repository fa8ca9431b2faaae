/**
 * Statistics-based skipping shared by files and row groups: a {@link
 * dev.strata.format.stats.StatsPredicate} sees {@link dev.strata.format.stats.ColumnRange}s by
 * column name, whether they come from Delta's {@code add.stats} JSON ({@link
 * dev.strata.format.stats.DeltaStats#parse}) or from a Parquet row group's footer statistics, so
 * the engine builds one predicate object for both.
 */
package dev.strata.format.stats;
