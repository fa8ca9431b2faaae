package dev.strata.engine.internal.exec;

import dev.strata.engine.internal.expr.Attribute;
import dev.strata.engine.internal.expr.Expr;
import dev.strata.engine.internal.expr.Kernel;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.format.vector.LongVector;
import java.util.List;

/**
 * The build side of a hash join: all rows in one batch, chained by key hash in primitive arrays.
 * Rows with a null key are not inserted (they never match).
 */
public final class HashedRelation {
  final ColumnBatch table;
  final ColumnVector[] keys;
  final int[] heads;
  final int[] next;
  final int[] hashes;
  final int mask;
  final long[] longKeys;

  private HashedRelation(ColumnBatch table, ColumnVector[] keys) {
    this.table = table;
    this.keys = keys;
    int n = table.numRows();
    int cap = Integer.highestOneBit(Math.max(4, n * 2 - 1)) << 1;
    heads = new int[cap];
    java.util.Arrays.fill(heads, -1);
    next = new int[n];
    hashes = new int[n];
    mask = cap - 1;
    longKeys = keys.length == 1 && keys[0] instanceof LongVector lv ? lv.values() : null;
    // insert in reverse so chains list rows in input order
    for (int r = n - 1; r >= 0; r--) {
      if (anyNull(keys, r)) {
        next[r] = -2;
        continue;
      }
      int h = ShuffleExchangeExec.rowHash(keys, r);
      hashes[r] = h;
      int slot = h & mask;
      next[r] = heads[slot];
      heads[slot] = r;
    }
  }

  static boolean anyNull(ColumnVector[] keys, int r) {
    for (ColumnVector k : keys) {
      if (k.isNull(r)) {
        return true;
      }
    }
    return false;
  }

  public static HashedRelation build(
      ColumnBatch table, List<Expr> keyExprs, List<Attribute> input) {
    ColumnVector[] keys = new ColumnVector[keyExprs.size()];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = Kernel.compile(keyExprs.get(k), input).eval(table);
    }
    return new HashedRelation(table, keys);
  }

  public ColumnBatch table() {
    return table;
  }

  public int numRows() {
    return table.numRows();
  }

  /** The first build row whose hash slot matches, or -1. */
  int first(int hash) {
    return heads[hash & mask];
  }

  boolean matches(int buildRow, int hash, ColumnVector[] probeKeys, int probeRow) {
    if (hashes[buildRow] != hash) {
      return false;
    }
    if (longKeys != null && probeKeys[0] instanceof LongVector pv) {
      return longKeys[buildRow] == pv.getLong(probeRow);
    }
    for (int k = 0; k < keys.length; k++) {
      if (!keys[k].equalsAt(buildRow, probeKeys[k], probeRow)) {
        return false;
      }
    }
    return true;
  }

  public long sizeInBytes() {
    return table.sizeInBytes() + heads.length * 4L + next.length * 8L;
  }
}
