package dev.strata.engine.internal.exec;

import dev.strata.engine.internal.expr.Attribute;
import dev.strata.engine.internal.expr.Expr;
import dev.strata.format.vector.ColumnBatch;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A broadcast dependency: the child's stage collects all its rows to the driver; joins in the
 * consuming stage share one hash relation built from them.
 */
public final class BroadcastExchangeExec extends PhysicalNode {
  private final PhysicalNode child;
  private volatile ColumnBatch table;
  private final Map<String, HashedRelation> relations = new ConcurrentHashMap<>();

  public BroadcastExchangeExec(PhysicalNode child) {
    this.child = child;
  }

  public PhysicalNode child() {
    return child;
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
    return 1;
  }

  @Override
  public long estimatedBytes() {
    return child.estimatedBytes();
  }

  @Override
  public String describe() {
    return "BroadcastExchange";
  }

  /** Driver side: the collected batches of every map partition, in order. */
  public void setBatches(List<ColumnBatch> batches) {
    table = Vectors.concat(child.schema(), batches);
    relations.clear();
  }

  public ColumnBatch table() {
    return table;
  }

  /** The hash relation over the given build keys, built once and shared by tasks. */
  public HashedRelation relation(List<Expr> keys, TaskContextImpl ctx) {
    return relations.computeIfAbsent(
        keys.toString(), k -> HashedRelation.build(table, keys, child.output()));
  }

  @Override
  protected Iterator<ColumnBatch> compute(int partition, TaskContextImpl ctx) {
    return Vectors.chunks(table, ColumnBatch.DEFAULT_ROWS);
  }
}
