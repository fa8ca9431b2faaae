package dev.strata.engine.internal.exec;

import dev.strata.engine.internal.expr.Attribute;
import dev.strata.engine.internal.expr.Expr;
import dev.strata.engine.internal.expr.Kernel;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Computes expressions column-at-a-time; plain column references cost nothing. */
public final class ProjectExec extends PhysicalNode {
  private final List<Expr> exprs;
  private final List<Attribute> output;
  private final PhysicalNode child;

  public ProjectExec(List<Expr> exprs, List<Attribute> output, PhysicalNode child) {
    this.exprs = exprs;
    this.output = output;
    this.child = child;
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
  public long estimatedBytes() {
    long c = child.estimatedBytes();
    int in = Math.max(1, child.output().size());
    return c * Math.max(1, output.size()) / in;
  }

  @Override
  public String describe() {
    return "Project [" + Expr.join(exprs) + "]";
  }

  @Override
  protected Iterator<ColumnBatch> compute(int partition, TaskContextImpl ctx) {
    List<Kernel> ks = new ArrayList<>();
    for (Expr e : exprs) {
      ks.add(Kernel.compile(e, child.output()));
    }
    StructType schema = schema();
    return Vectors.map(
        child.iterator(partition, ctx),
        b -> {
          ColumnVector[] cols = new ColumnVector[ks.size()];
          for (int i = 0; i < cols.length; i++) {
            cols[i] = ks.get(i).eval(b);
          }
          return new ColumnBatch(schema, cols, b.numRows());
        });
  }
}
