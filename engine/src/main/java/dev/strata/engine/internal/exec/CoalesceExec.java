package dev.strata.engine.internal.exec;

import dev.strata.engine.internal.expr.Attribute;
import dev.strata.format.vector.ColumnBatch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Fewer partitions without a shuffle: output partition {@code i} reads a contiguous range of the
 * child's partitions one after the other, in the task that computes {@code i}. Narrow, so it stays
 * in its child's stage (as Spark's {@code coalesce}); the ranges differ in size by at most one
 * child partition.
 */
public final class CoalesceExec extends PhysicalNode {
  private final int target;
  private final PhysicalNode child;

  public CoalesceExec(int target, PhysicalNode child) {
    if (target < 1) {
      throw new IllegalArgumentException("coalesce needs at least one partition, got " + target);
    }
    this.target = target;
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
    // Coalescing never adds partitions (Spark: use repartition to grow).
    return Math.max(1, Math.min(target, child.numPartitions()));
  }

  @Override
  public String describe() {
    return "Coalesce " + numPartitions();
  }

  /** The first child partition of output partition {@code p} (and the end of {@code p - 1}). */
  private int start(int p) {
    return (int) ((long) p * child.numPartitions() / numPartitions());
  }

  @Override
  protected Iterator<ColumnBatch> compute(int partition, TaskContextImpl ctx) {
    List<Supplier<Iterator<ColumnBatch>>> parts = new ArrayList<>();
    for (int c = start(partition); c < start(partition + 1); c++) {
      int childPartition = c;
      parts.add(() -> child.iterator(childPartition, ctx));
    }
    return Vectors.concatIterators(parts);
  }

  @Override
  public long estimatedBytes() {
    return child.estimatedBytes();
  }
}
