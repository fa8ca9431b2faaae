package dev.strata.engine.internal.exec;

import dev.strata.engine.internal.expr.Attribute;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import java.util.Iterator;
import java.util.List;

/** The partitions of every child, one after the other (children have the same column types). */
public final class UnionExec extends PhysicalNode {
  private final List<PhysicalNode> children;
  private final List<Attribute> output;

  public UnionExec(List<PhysicalNode> children, List<Attribute> output) {
    this.children = children;
    this.output = output;
  }

  @Override
  public List<Attribute> output() {
    return output;
  }

  @Override
  public List<PhysicalNode> children() {
    return children;
  }

  @Override
  public int numPartitions() {
    int n = 0;
    for (PhysicalNode c : children) {
      n += c.numPartitions();
    }
    return n;
  }

  @Override
  public String describe() {
    return "Union";
  }

  @Override
  protected Iterator<ColumnBatch> compute(int partition, TaskContextImpl ctx) {
    StructType schema = schema();
    int p = partition;
    for (PhysicalNode c : children) {
      if (p < c.numPartitions()) {
        return Vectors.map(c.iterator(p, ctx), b -> b.withSchema(schema));
      }
      p -= c.numPartitions();
    }
    throw new IllegalArgumentException("No partition " + partition);
  }
}
