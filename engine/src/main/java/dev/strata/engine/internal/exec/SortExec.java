package dev.strata.engine.internal.exec;

import dev.strata.engine.internal.expr.Attribute;
import dev.strata.engine.internal.expr.Expr;
import dev.strata.engine.internal.expr.Kernel;
import dev.strata.engine.internal.memory.MemoryConsumer;
import dev.strata.engine.internal.spill.SpillManager;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Sorts one partition. With a range exchange below, partitions are ordered among themselves, so the
 * output is globally sorted. Optionally appends {@code row_number()} per window partition.
 */
public final class SortExec extends PhysicalNode {
  private final List<Expr.Order> orders;
  private final PhysicalNode child;
  private final Attribute rowNumber;
  private final int windowKeys;
  private final List<Attribute> output;

  List<Expr.Order> orders() {
    return orders;
  }

  PhysicalNode child() {
    return child;
  }

  public SortExec(List<Expr.Order> orders, PhysicalNode child) {
    this(orders, child, null, 0);
  }

  /**
   * @param rowNumber when not null, a row_number column restarting whenever the first {@code
   *     windowKeys} sort keys change
   */
  public SortExec(
      List<Expr.Order> orders, PhysicalNode child, Attribute rowNumber, int windowKeys) {
    this.orders = orders;
    this.child = child;
    this.rowNumber = rowNumber;
    this.windowKeys = windowKeys;
    List<Attribute> out = new ArrayList<>(child.output());
    if (rowNumber != null) {
      out.add(rowNumber);
    }
    this.output = out;
  }

  @Override
  public List<Attribute> output() {
    return output;
  }

  @Override
  public List<PhysicalNode> children() {
    return List.of(child);
  }

  @Override
  public int numPartitions() {
    return child.numPartitions();
  }

  @Override
  public String describe() {
    return (rowNumber == null ? "Sort [" : "Window row_number() [") + Expr.join(orders) + "]";
  }

  @Override
  protected Iterator<ColumnBatch> compute(int partition, TaskContextImpl ctx) {
    List<ColumnBatch> batches = new ArrayList<>();
    List<SpillManager.SpillFile> runs = new ArrayList<>();
    MemoryConsumer mem =
        new MemoryConsumer(ctx.memory(), "sort buffer") {
          @Override
          public long spill(long bytes) {
            if (batches.isEmpty()) {
              return 0;
            }
            runs.add(ExternalSort.writeRun(child, orders, batches, ctx));
            batches.clear();
            long freed = used();
            release(freed);
            return freed;
          }
        };
    Iterator<ColumnBatch> in = child.iterator(partition, ctx);
    while (in.hasNext()) {
      ColumnBatch b = in.next();
      long size = b.sizeInBytes();
      long got = mem.acquire(size);
      batches.add(b);
      if (got < size) {
        // out of memory: sort what is buffered into a run on disk
        mem.release(got);
        mem.spill(Long.MAX_VALUE);
      }
    }
    if (!runs.isEmpty()) {
      mem.spill(Long.MAX_VALUE);
      mem.releaseAll();
      Iterator<ColumnBatch> merged = ExternalSort.merge(child, orders, runs, ctx);
      return rowNumber == null ? merged : ExternalSort.withRowNumbers(merged, this, windowKeys);
    }
    if (batches.isEmpty()) {
      mem.releaseAll();
      return Collections.emptyIterator();
    }
    ColumnBatch all = Vectors.concat(child.schema(), batches);
    batches.clear();
    ColumnVector[] keys = new ColumnVector[orders.size()];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = Kernel.compile(orders.get(k).child(), child.output()).eval(all);
    }
    int n = all.numRows();
    int[] idx = Sorting.sortIndexes(all, keys, orders, n);
    ColumnBatch sorted = Vectors.gather(all, idx, n);
    if (rowNumber != null) {
      dev.strata.format.vector.IntVector rn =
          new dev.strata.format.vector.IntVector(dev.strata.format.types.PrimitiveType.INTEGER, n);
      int r = 0;
      for (int i = 0; i < n; i++) {
        boolean same = i > 0;
        for (int k = 0; k < windowKeys && same; k++) {
          same = keys[k].equalsAt(idx[i], keys[k], idx[i - 1]);
        }
        r = same ? r + 1 : 1;
        rn.appendInt(r);
      }
      ColumnVector[] cols = new ColumnVector[sorted.numColumns() + 1];
      for (int c = 0; c < sorted.numColumns(); c++) {
        cols[c] = sorted.column(c);
      }
      cols[cols.length - 1] = rn;
      sorted = new ColumnBatch(schema(), cols, n);
    }
    mem.releaseAll();
    return Vectors.chunks(sorted, ColumnBatch.DEFAULT_ROWS);
  }
}
