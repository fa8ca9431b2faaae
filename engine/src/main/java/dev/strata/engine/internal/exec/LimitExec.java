package dev.strata.engine.internal.exec;

import dev.strata.engine.internal.expr.Attribute;
import dev.strata.format.vector.ColumnBatch;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** The first n rows of each partition. */
public final class LimitExec extends PhysicalNode {
  private final long limit;
  private final PhysicalNode child;

  public LimitExec(long limit, PhysicalNode child) {
    this.limit = limit;
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
  public String describe() {
    return "Limit " + limit;
  }

  @Override
  protected Iterator<ColumnBatch> compute(int partition, TaskContextImpl ctx) {
    Iterator<ColumnBatch> in = child.iterator(partition, ctx);
    return new Iterator<>() {
      long left = limit;

      public boolean hasNext() {
        return left > 0 && in.hasNext();
      }

      public ColumnBatch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ColumnBatch b = in.next();
        if (b.numRows() > left) {
          b = b.slice(0, (int) left);
        }
        left -= b.numRows();
        return b;
      }
    };
  }
}
