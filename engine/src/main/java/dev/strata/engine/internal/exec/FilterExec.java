package dev.strata.engine.internal.exec;

import dev.strata.engine.internal.expr.Attribute;
import dev.strata.engine.internal.expr.Expr;
import dev.strata.engine.internal.expr.Kernel;
import dev.strata.format.vector.BooleanVector;
import dev.strata.format.vector.ColumnBatch;
import java.util.Iterator;
import java.util.List;

/** Keeps rows whose condition is true (not false, not null). */
public final class FilterExec extends PhysicalNode {
  private final Expr condition;
  private final PhysicalNode child;

  public FilterExec(Expr condition, PhysicalNode child) {
    this.condition = condition;
    this.child = child;
  }

  @Override
  public List<Attribute> output() {
    return child.output();
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
  public long estimatedBytes() {
    return child.estimatedBytes();
  }

  @Override
  public String describe() {
    return "Filter " + condition;
  }

  /** The selected rows of a batch given a boolean vector. */
  static ColumnBatch select(ColumnBatch b, BooleanVector keep) {
    int n = b.numRows();
    boolean[] v = keep.values();
    int[] idx = new int[n];
    int c = 0;
    if (!keep.mayHaveNulls()) {
      for (int i = 0; i < n; i++) {
        if (v[i]) {
          idx[c++] = i;
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        if (v[i] && !keep.isNull(i)) {
          idx[c++] = i;
        }
      }
    }
    if (c == n) {
      return b;
    }
    if (c == 0) {
      return null;
    }
    return Vectors.gather(b, idx, c);
  }

  @Override
  protected Iterator<ColumnBatch> compute(int partition, TaskContextImpl ctx) {
    Kernel k = Kernel.compile(condition, child.output());
    return Vectors.map(child.iterator(partition, ctx), b -> select(b, (BooleanVector) k.eval(b)));
  }
}
