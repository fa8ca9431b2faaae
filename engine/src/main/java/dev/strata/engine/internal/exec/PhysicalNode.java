package dev.strata.engine.internal.exec;

import dev.strata.engine.internal.expr.Attribute;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import java.util.Iterator;
import java.util.List;

/**
 * A physical operator. It declares its partitions and children and computes one partition as an
 * iterator of batches. {@link ShuffleExchangeExec} and {@link BroadcastExchangeExec} children are
 * stage boundaries; everything else is narrow and runs fused in its parent's task.
 */
public abstract class PhysicalNode {
  private StructType schema;

  /**
   * A key under which the output partitions of this node may be cached (set for persisted
   * Datasets), or null.
   */
  public Object cacheKey;

  public abstract List<Attribute> output();

  public abstract List<PhysicalNode> children();

  public abstract int numPartitions();

  /** Computes one partition; called through {@link #iterator}. */
  protected abstract Iterator<ColumnBatch> compute(int partition, TaskContextImpl ctx);

  /** One line for explain() and the event log. */
  public abstract String describe();

  /** Reads one partition: cached block, then checkpoint, then compute. */
  public final Iterator<ColumnBatch> iterator(int partition, TaskContextImpl ctx) {
    if (cacheKey == null) {
      return compute(partition, ctx);
    }
    return ctx.services().getOrCompute(this, partition, ctx, () -> compute(partition, ctx));
  }

  public StructType schema() {
    if (schema == null) {
      schema = schemaOf(output());
    }
    return schema;
  }

  public static StructType schemaOf(List<Attribute> attrs) {
    return new StructType(
        attrs.stream()
            .map(a -> new StructField(a.name(), a.type(), a.nullable(), java.util.Map.of()))
            .toList());
  }

  /** Estimated output size in bytes, for broadcast decisions. */
  public long estimatedBytes() {
    long total = 0;
    for (PhysicalNode c : children()) {
      total += c.estimatedBytes();
    }
    return total;
  }
}
