package dev.strata.maintenance;

import java.util.Arrays;
import java.util.Collection;

/**
 * The distribution of a set of file sizes, in bytes.
 *
 * @param files number of files
 * @param totalBytes sum of the sizes
 * @param min smallest (0 when empty)
 * @param p25 25th percentile
 * @param p50 median
 * @param p75 75th percentile
 * @param max largest
 */
public record FileSizeStats(
    long files, long totalBytes, long min, long p25, long p50, long p75, long max) {

  /** No files. */
  public static final FileSizeStats EMPTY = new FileSizeStats(0, 0, 0, 0, 0, 0, 0);

  /** The distribution of these sizes. */
  public static FileSizeStats of(Collection<Long> sizes) {
    return of(sizes.stream().mapToLong(Long::longValue).toArray());
  }

  /** The distribution of these sizes (the array is not modified). */
  public static FileSizeStats of(long[] sizes) {
    if (sizes.length == 0) {
      return EMPTY;
    }
    long[] sorted = sizes.clone();
    Arrays.sort(sorted);
    long total = 0;
    for (long s : sorted) {
      total += s;
    }
    return new FileSizeStats(
        sorted.length,
        total,
        sorted[0],
        percentile(sorted, 25),
        percentile(sorted, 50),
        percentile(sorted, 75),
        sorted[sorted.length - 1]);
  }

  /** Nearest-rank percentile of sorted values. */
  private static long percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
