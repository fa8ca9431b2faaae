package dev.strata.engine.internal.exec;

import dev.strata.engine.internal.expr.Attribute;
import dev.strata.engine.internal.expr.Expr;
import dev.strata.engine.internal.expr.Kernel;
import dev.strata.engine.internal.expr.Types;
import dev.strata.engine.internal.memory.MemoryConsumer;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.format.vector.IntVector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Keeps, per key, the first row by an ordering (the first row seen when there is no ordering): the
 * hash-based form of {@code row_number() OVER (PARTITION BY keys ORDER BY ...) = 1}, without a
 * sort. Input is hash partitioned by the keys.
 */
public final class DedupeExec extends PhysicalNode {
  private final List<Expr> keys;
  private final List<Expr.Order> orders;
  private final PhysicalNode child;
  private final Attribute rowNumber;
  private final List<Attribute> output;

  public DedupeExec(
      List<Expr> keys, List<Expr.Order> orders, PhysicalNode child, Attribute rowNumber) {
    this.keys = keys;
    this.orders = orders;
    this.child = child;
    this.rowNumber = rowNumber;
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
    return "Dedupe keys=[" + Expr.join(keys) + "] keepFirstBy=[" + Expr.join(orders) + "]";
  }

  @Override
  protected Iterator<ColumnBatch> compute(int partition, TaskContextImpl ctx) {
    MemoryConsumer mem = new MemoryConsumer(ctx.memory(), "dedupe buffer") {};
    List<ColumnBatch> batches = new ArrayList<>();
    Iterator<ColumnBatch> in = child.iterator(partition, ctx);
    while (in.hasNext()) {
      ColumnBatch b = in.next();
      mem.acquire(b.sizeInBytes());
      batches.add(b);
    }
    if (batches.isEmpty()) {
      return Collections.emptyIterator();
    }
    ColumnBatch all = Vectors.concat(child.schema(), batches);
    batches.clear();
    int n = all.numRows();
    ColumnVector[] kv = new ColumnVector[keys.size()];
    for (int k = 0; k < kv.length; k++) {
      kv[k] = Kernel.compile(keys.get(k), child.output()).eval(all);
    }
    ColumnVector[] ov = new ColumnVector[orders.size()];
    for (int k = 0; k < ov.length; k++) {
      ov[k] = Kernel.compile(orders.get(k).child(), child.output()).eval(all);
    }
    GroupTable table = new GroupTable(keys.stream().map(Types::typeOf).toList());
    int[] gids = new int[n];
    table.groupIds(kv, n, gids);
    int groups = table.size();
    int[] best = new int[groups];
    java.util.Arrays.fill(best, -1);
    for (int i = 0; i < n; i++) {
      int g = gids[i];
      int cur = best[g];
      if (cur < 0 || (ov.length > 0 && Sorting.compare(ov, i, ov, cur, orders) < 0)) {
        best[g] = i;
      }
    }
    mem.acquire(table.bytes() + groups * 4L);
    ColumnBatch kept = Vectors.gather(all, best, groups);
    if (rowNumber != null) {
      IntVector rn = new IntVector(PrimitiveType.INTEGER, groups);
      for (int g = 0; g < groups; g++) {
        rn.appendInt(1);
      }
      ColumnVector[] cols = new ColumnVector[kept.numColumns() + 1];
      for (int c = 0; c < kept.numColumns(); c++) {
        cols[c] = kept.column(c);
      }
      cols[cols.length - 1] = rn;
      kept = new ColumnBatch(schema(), cols, groups);
    } else {
      kept = kept.withSchema(schema());
    }
    mem.releaseAll();
    return Vectors.chunks(kept, ColumnBatch.DEFAULT_ROWS);
  }
}
