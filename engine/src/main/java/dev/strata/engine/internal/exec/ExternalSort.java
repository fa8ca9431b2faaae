package dev.strata.engine.internal.exec;

import dev.strata.engine.internal.expr.Expr;
import dev.strata.engine.internal.expr.Kernel;
import dev.strata.engine.internal.spill.SpillManager;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.format.vector.IntVector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/** External merge sort: sorted runs in spill files, merged k ways with a heap. */
final class ExternalSort {
  private ExternalSort() {}

  /** Sorts the buffered batches and writes them as one run. */
  static SpillManager.SpillFile writeRun(
      PhysicalNode child, List<Expr.Order> orders, List<ColumnBatch> batches, TaskContextImpl ctx) {
    ColumnBatch all = Vectors.concat(child.schema(), batches);
    ColumnVector[] keys = keys(child, orders, all);
    int n = all.numRows();
    int[] idx = Sorting.sortIndexes(all, keys, orders, n);
    SpillManager.Writer w = ctx.services().spillManager().new Writer(ctx.jobId(), "sort-run");
    for (int at = 0; at < n; at += ColumnBatch.DEFAULT_ROWS) {
      int count = Math.min(ColumnBatch.DEFAULT_ROWS, n - at);
      int[] part = java.util.Arrays.copyOfRange(idx, at, at + count);
      w.write(Vectors.gather(all, part, count));
    }
    SpillManager.SpillFile f = w.finish();
    ctx.memory().addSpilledBytes(f.bytes());
    return f;
  }

  static ColumnVector[] keys(PhysicalNode child, List<Expr.Order> orders, ColumnBatch b) {
    ColumnVector[] keys = new ColumnVector[orders.size()];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = Kernel.compile(orders.get(k).child(), child.output()).eval(b);
    }
    return keys;
  }

  private static final class Cursor {
    final int run;
    final Iterator<ColumnBatch> source;
    ColumnBatch batch;
    ColumnVector[] keys;
    int row;

    Cursor(int run, Iterator<ColumnBatch> source) {
      this.run = run;
      this.source = source;
    }

    boolean advanceBatch(PhysicalNode child, List<Expr.Order> orders) {
      while (source.hasNext()) {
        batch = source.next();
        if (batch.numRows() > 0) {
          keys = keys(child, orders, batch);
          row = 0;
          return true;
        }
      }
      return false;
    }
  }

  /** Merges sorted runs; equal keys keep run order (runs are in input order), so it is stable. */
  static Iterator<ColumnBatch> merge(
      PhysicalNode child,
      List<Expr.Order> orders,
      List<SpillManager.SpillFile> runs,
      TaskContextImpl ctx) {
    StructType schema = child.schema();
    PriorityQueue<Cursor> heap =
        new PriorityQueue<>(
            Math.max(1, runs.size()),
            (a, b) -> {
              int c = Sorting.compare(a.keys, a.row, b.keys, b.row, orders);
              return c != 0 ? c : Integer.compare(a.run, b.run);
            });
    for (int r = 0; r < runs.size(); r++) {
      Cursor c = new Cursor(r, runs.get(r).read(schema));
      if (c.advanceBatch(child, orders)) {
        heap.add(c);
      }
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        if (heap.isEmpty()) {
          for (SpillManager.SpillFile f : runs) {
            f.delete();
          }
          return false;
        }
        return true;
      }

      @Override
      public ColumnBatch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ctx.checkInterrupted();
        ColumnVector[] out = new ColumnVector[schema.size()];
        for (int c = 0; c < out.length; c++) {
          out[c] = ColumnVector.allocate(schema.field(c).type(), ColumnBatch.DEFAULT_ROWS);
        }
        int n = 0;
        while (n < ColumnBatch.DEFAULT_ROWS && !heap.isEmpty()) {
          Cursor top = heap.poll();
          for (int c = 0; c < out.length; c++) {
            out[c].appendFrom(top.batch.column(c), top.row);
          }
          n++;
          top.row++;
          if (top.row < top.batch.numRows() || top.advanceBatch(child, orders)) {
            heap.add(top);
          }
        }
        return new ColumnBatch(schema, out, n);
      }
    };
  }

  /** Appends row_number() restarting when the first {@code windowKeys} sort keys change. */
  static Iterator<ColumnBatch> withRowNumbers(
      Iterator<ColumnBatch> sorted, SortExec sort, int windowKeys) {
    StructType outSchema = sort.schema();
    return new Iterator<>() {
      ColumnVector[] prevKeys;
      int prevRow = -1;
      int r;

      @Override
      public boolean hasNext() {
        return sorted.hasNext();
      }

      @Override
      public ColumnBatch next() {
        ColumnBatch b = sorted.next();
        ColumnVector[] keys = keys(sort.child(), sort.orders(), b);
        int n = b.numRows();
        IntVector rn = new IntVector(PrimitiveType.INTEGER, Math.max(1, n));
        for (int i = 0; i < n; i++) {
          boolean same;
          if (i == 0) {
            same = prevKeys != null;
            for (int k = 0; k < windowKeys && same; k++) {
              same = keys[k].equalsAt(0, prevKeys[k], prevRow);
            }
          } else {
            same = true;
            for (int k = 0; k < windowKeys && same; k++) {
              same = keys[k].equalsAt(i, keys[k], i - 1);
            }
          }
          r = same ? r + 1 : 1;
          rn.appendInt(r);
        }
        if (n > 0) {
          prevKeys = keys;
          prevRow = n - 1;
        }
        List<ColumnVector> cols = new ArrayList<>(List.of(b.columns()));
        cols.add(rn);
        return new ColumnBatch(outSchema, cols.toArray(new ColumnVector[0]), n);
      }
    };
  }
}
