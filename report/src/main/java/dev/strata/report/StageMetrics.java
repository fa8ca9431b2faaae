package dev.strata.report;

/**
 * Totals of one stage, from its {@code StageEnd} event or, when that is missing, summed over its
 * tasks.
 *
 * @param tasks number of tasks
 * @param inputRows rows read
 * @param inputBytes bytes read
 * @param outputRows rows produced
 * @param shuffleReadBytes bytes fetched from shuffle
 * @param shuffleWriteBytes bytes written to shuffle
 * @param spillBytes bytes spilled
 * @param durationMs wall time of the stage in milliseconds
 */
public record StageMetrics(
    int tasks,
    long inputRows,
    long inputBytes,
    long outputRows,
    long shuffleReadBytes,
    long shuffleWriteBytes,
    long spillBytes,
    long durationMs) {

  /** No tasks, no data. */
  public static final StageMetrics EMPTY = new StageMetrics(0, 0, 0, 0, 0, 0, 0, 0);
}
