package dev.strata.engine.internal.exec;

import dev.strata.engine.internal.expr.Expr;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.format.vector.IntVector;
import dev.strata.format.vector.LongVector;
import java.util.List;

/** Index sorts over key vectors (stable merge sort, no boxing). */
public final class Sorting {
  private Sorting() {}

  /** Orders row {@code i} of {@code a} against row {@code j} of {@code b} by the sort orders. */
  public static int compare(
      ColumnVector[] a, int i, ColumnVector[] b, int j, List<Expr.Order> orders) {
    for (int k = 0; k < a.length; k++) {
      Expr.Order o = orders.get(k);
      boolean na = a[k].isNull(i), nb = b[k].isNull(j);
      int c;
      if (na || nb) {
        if (na && nb) {
          continue;
        }
        c = na ? (o.nullsFirst() ? -1 : 1) : (o.nullsFirst() ? 1 : -1);
        return c;
      }
      c = a[k].compareAt(i, b[k], j);
      if (c != 0) {
        return o.ascending() ? c : -c;
      }
    }
    return 0;
  }

  interface IntCmp {
    int compare(int x, int y);
  }

  /** Row indexes {@code 0..n-1} sorted by the keys. */
  public static int[] sortIndexes(
      ColumnBatch unused, ColumnVector[] keys, List<Expr.Order> orders, int n) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    IntCmp cmp;
    if (keys.length == 1 && !keys[0].mayHaveNulls() && keys[0] instanceof LongVector lv) {
      long[] v = lv.values();
      boolean asc = orders.get(0).ascending();
      cmp = asc ? (x, y) -> Long.compare(v[x], v[y]) : (x, y) -> Long.compare(v[y], v[x]);
    } else if (keys.length == 1 && !keys[0].mayHaveNulls() && keys[0] instanceof IntVector iv) {
      int[] v = iv.values();
      boolean asc = orders.get(0).ascending();
      cmp = asc ? (x, y) -> Integer.compare(v[x], v[y]) : (x, y) -> Integer.compare(v[y], v[x]);
    } else {
      cmp = (x, y) -> compare(keys, x, keys, y, orders);
    }
    int[] tmp = new int[n];
    mergeSort(idx, tmp, 0, n, cmp);
    return idx;
  }

  private static void mergeSort(int[] a, int[] tmp, int lo, int hi, IntCmp cmp) {
    if (hi - lo <= 24) {
      for (int i = lo + 1; i < hi; i++) {
        int v = a[i];
        int j = i - 1;
        while (j >= lo && cmp.compare(a[j], v) > 0) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
      return;
    }
    int mid = (lo + hi) >>> 1;
    mergeSort(a, tmp, lo, mid, cmp);
    mergeSort(a, tmp, mid, hi, cmp);
    if (cmp.compare(a[mid - 1], a[mid]) <= 0) {
      return;
    }
    System.arraycopy(a, lo, tmp, lo, hi - lo);
    int i = lo, j = mid, k = lo;
    while (i < mid && j < hi) {
      a[k++] = cmp.compare(tmp[j], tmp[i]) < 0 ? tmp[j++] : tmp[i++];
    }
    while (i < mid) {
      a[k++] = tmp[i++];
    }
    while (j < hi) {
      a[k++] = tmp[j++];
    }
  }
}
