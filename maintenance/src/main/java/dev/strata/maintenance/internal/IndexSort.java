package dev.strata.maintenance.internal;

/** A stable sort of row indexes by a comparator over indexes, on primitive arrays (merge sort). */
final class IndexSort {
  /** Compares two row indexes. */
  @FunctionalInterface
  interface IndexComparator {
    int compare(int a, int b);
  }

  private IndexSort() {}

  /** The indexes {@code 0..n-1} sorted by {@code comparator}, ties in index order. */
  static int[] sort(int n, IndexComparator comparator) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    int[] buffer = new int[n];
    // Bottom-up merge sort: small runs by insertion sort, then merges of doubling width.
    final int run = 32;
    for (int lo = 0; lo < n; lo += run) {
      int hi = Math.min(n, lo + run);
      for (int i = lo + 1; i < hi; i++) {
        int v = a[i];
        int j = i - 1;
        while (j >= lo && comparator.compare(a[j], v) > 0) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
    }
    int[] src = a;
    int[] dst = buffer;
    for (int width = run; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(n, lo + width);
        int hi = Math.min(n, lo + 2 * width);
        int i = lo;
        int j = mid;
        int o = lo;
        while (i < mid && j < hi) {
          dst[o++] = comparator.compare(src[j], src[i]) < 0 ? src[j++] : src[i++];
        }
        while (i < mid) {
          dst[o++] = src[i++];
        }
        while (j < hi) {
          dst[o++] = src[j++];
        }
      }
      int[] t = src;
      src = dst;
      dst = t;
    }
    return src;
  }
}
