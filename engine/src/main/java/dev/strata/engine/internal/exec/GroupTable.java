package dev.strata.engine.internal.exec;

import dev.strata.format.types.DataType;
import dev.strata.format.vector.ColumnVector;
import dev.strata.format.vector.IntVector;
import dev.strata.format.vector.LongVector;
import java.util.Arrays;
import java.util.List;

/**
 * Maps key tuples to dense group ids (0, 1, ...) in first-seen order. Keys are copied into column
 * vectors; the table is open addressing over int arrays. Single long/int keys take a path that
 * compares primitives.
 */
public final class GroupTable {
  private final ColumnVector[] keys;
  private int[] slots;
  private int[] hashes = new int[16];
  private long[] longKeys;
  private int groups;
  private int mask;
  private final boolean singleLong;
  private final boolean singleInt;
  private int nullGroup = -1;

  public GroupTable(List<DataType> keyTypes) {
    keys = new ColumnVector[keyTypes.size()];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = ColumnVector.allocate(keyTypes.get(k), 1024);
    }
    slots = new int[1024];
    mask = slots.length - 1;
    singleLong = keys.length == 1 && keys[0] instanceof LongVector;
    singleInt = keys.length == 1 && keys[0] instanceof IntVector;
    if (singleLong || singleInt) {
      longKeys = new long[16];
    }
  }

  public int size() {
    return groups;
  }

  public ColumnVector[] keys() {
    return keys;
  }

  /** Approximate heap use. */
  public long bytes() {
    long b = slots.length * 4L + hashes.length * 4L + (longKeys == null ? 0 : longKeys.length * 8L);
    for (ColumnVector k : keys) {
      b += k.sizeInBytes();
    }
    return b;
  }

  /** Fills {@code out[0..n)} with the group id of each row of the key vectors. */
  public void groupIds(ColumnVector[] in, int n, int[] out) {
    if (keys.length == 0) {
      if (groups == 0) {
        groups = 1;
      }
      Arrays.fill(out, 0, n, 0);
      return;
    }
    if (singleLong || singleInt) {
      ColumnVector v = in[0];
      boolean nulls = v.mayHaveNulls();
      long[] lv = singleLong ? ((LongVector) v).values() : null;
      int[] iv = singleInt ? ((IntVector) v).values() : null;
      for (int i = 0; i < n; i++) {
        if (nulls && v.isNull(i)) {
          if (nullGroup < 0) {
            nullGroup = newGroup(in, i, 0);
          }
          out[i] = nullGroup;
          continue;
        }
        long key = lv != null ? lv[i] : iv[i];
        long hh = key * 0x9E3779B97F4A7C15L;
        int h = (int) (hh ^ (hh >>> 32));
        int s = h & mask;
        int g;
        while (true) {
          int slot = slots[s];
          if (slot == 0) {
            g = newGroup(in, i, h);
            longKeys[g] = key;
            slots[s] = g + 1;
            if (groups * 2 > slots.length) {
              rehash();
            }
            break;
          }
          g = slot - 1;
          if (longKeys[g] == key && g != nullGroup) {
            break;
          }
          s = (s + 1) & mask;
        }
        out[i] = g;
      }
      return;
    }
    for (int i = 0; i < n; i++) {
      int h = ShuffleExchangeExec.rowHash(in, i);
      int s = h & mask;
      int g;
      while (true) {
        int slot = slots[s];
        if (slot == 0) {
          g = newGroup(in, i, h);
          slots[s] = g + 1;
          if (groups * 2 > slots.length) {
            rehash();
          }
          break;
        }
        g = slot - 1;
        if (hashes[g] == h && equal(g, in, i)) {
          break;
        }
        s = (s + 1) & mask;
      }
      out[i] = g;
    }
  }

  private boolean equal(int g, ColumnVector[] in, int row) {
    for (int k = 0; k < keys.length; k++) {
      if (!keys[k].equalsAt(g, in[k], row)) {
        return false;
      }
    }
    return true;
  }

  private int newGroup(ColumnVector[] in, int row, int h) {
    int g = groups++;
    if (g == hashes.length) {
      hashes = Arrays.copyOf(hashes, g * 2);
      if (longKeys != null) {
        longKeys = Arrays.copyOf(longKeys, g * 2);
      }
    }
    hashes[g] = h;
    for (int k = 0; k < keys.length; k++) {
      keys[k].appendFrom(in[k], row);
    }
    return g;
  }

  private void rehash() {
    int[] bigger = new int[slots.length * 2];
    int m = bigger.length - 1;
    for (int g = 0; g < groups; g++) {
      if (g == nullGroup) {
        continue;
      }
      int s = hashes[g] & m;
      while (bigger[s] != 0) {
        s = (s + 1) & m;
      }
      bigger[s] = g + 1;
    }
    slots = bigger;
    mask = m;
  }
}
