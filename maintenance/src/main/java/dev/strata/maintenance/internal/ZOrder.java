package dev.strata.maintenance.internal;

import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;

/**
 * Orders rows along a Z-order (Morton) curve over some columns. Each column's values are replaced
 * by their dense rank (nulls first), scaled to the same number of bits so that every column weighs
 * the same whatever its type or range; the bits of the scaled ranks are then interleaved, most
 * significant first, into one 63-bit key. Sorting by that key keeps rows that are close on every
 * column close together, so each output file covers a small range of each column.
 */
public final class ZOrder {
  private ZOrder() {}

  /** The row order of {@code batch} along the Z-curve over {@code columns} (column indexes). */
  public static int[] order(ColumnBatch batch, int[] columns) {
    int n = batch.numRows();
    int k = columns.length;
    if (k == 0) {
      throw new IllegalArgumentException("Z-order needs at least one column");
    }
    int bits = Math.min(31, 63 / k);
    long[][] scaled = new long[k][];
    for (int c = 0; c < k; c++) {
      scaled[c] = scaledRanks(batch.column(columns[c]), n, bits);
    }
    long[] keys = new long[n];
    for (int row = 0; row < n; row++) {
      long z = 0;
      for (int b = bits - 1; b >= 0; b--) {
        for (int c = 0; c < k; c++) {
          z = (z << 1) | ((scaled[c][row] >>> b) & 1L);
        }
      }
      keys[row] = z;
    }
    return sortByKey(keys);
  }

  /** Dense ranks of a column's values scaled to {@code [0, 2^bits - 1]}. */
  static long[] scaledRanks(ColumnVector vector, int n, int bits) {
    int[] byValue = IndexSort.sort(n, (a, b) -> vector.compareAt(a, vector, b));
    long[] ranks = new long[n];
    long rank = 0;
    for (int i = 0; i < n; i++) {
      if (i > 0 && vector.compareAt(byValue[i - 1], vector, byValue[i]) != 0) {
        rank++;
      }
      ranks[byValue[i]] = rank;
    }
    long distinct = rank + 1;
    long max = (1L << bits) - 1;
    if (distinct > 1) {
      for (int i = 0; i < n; i++) {
        // Spread the ranks over the whole bit range: equal weight per column.
        ranks[i] = (long) ((double) ranks[i] * max / (distinct - 1));
      }
    }
    return ranks;
  }

  private static int[] sortByKey(long[] keys) {
    return IndexSort.sort(keys.length, (a, b) -> Long.compare(keys[a], keys[b]));
  }
}
