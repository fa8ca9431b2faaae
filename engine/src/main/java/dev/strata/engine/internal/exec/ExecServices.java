package dev.strata.engine.internal.exec;

import dev.strata.engine.internal.memory.MemoryManager;
import dev.strata.engine.internal.shuffle.ShuffleStore;
import dev.strata.format.vector.ColumnBatch;
import java.util.Iterator;
import java.util.function.Supplier;

/** Session services operators use while running. */
public interface ExecServices {
  MemoryManager memoryManager();

  ShuffleStore shuffleStore();

  /** Where operators write spill files (per job, removed at job end). */
  default dev.strata.engine.internal.spill.SpillManager spillManager() {
    return DefaultSpill.INSTANCE;
  }

  /** The spill directory used when a services implementation has none of its own. */
  final class DefaultSpill {
    static final dev.strata.engine.internal.spill.SpillManager INSTANCE =
        dev.strata.engine.internal.spill.SpillManager.temporary();

    private DefaultSpill() {}
  }

  /**
   * If every partition of a cached plan node has a block, keeps them until {@link #unpinCached} and
   * returns true: the job skips the stages that produced them.
   */
  default boolean pinCached(Object cacheKey, int numPartitions) {
    return false;
  }

  default void unpinCached(Object cacheKey) {}

  /** Whether every partition of a cached plan node has a block (for explain()). */
  default boolean isCached(Object cacheKey, int numPartitions) {
    return false;
  }

  /** A session configuration value, or {@code def}. */
  String conf(String key, String def);

  /**
   * Reads one partition of a plan node: the cached block if there is one, else the node's
   * checkpoint, else computing it (STYLE.md section 8). Without a cache this computes.
   */
  default Iterator<ColumnBatch> getOrCompute(
      PhysicalNode node,
      int partition,
      TaskContextImpl ctx,
      Supplier<Iterator<ColumnBatch>> compute) {
    return compute.get();
  }
}
