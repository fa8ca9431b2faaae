package dev.strata.engine.internal.shuffle;

import dev.strata.format.vector.ColumnBatch;
import java.util.List;

/**
 * Where map tasks leave their partitioned output and reduce tasks find it. Blocks are addressed by
 * (shuffle, map partition, reduce partition); a later attempt of a map task replaces the block of
 * an earlier one, so retries are safe. Implementations are thread-safe; this one keeps batches in
 * memory, a spilling one may write them to the spill directory.
 */
public interface ShuffleStore {
  /** Stores the output of one map task for one reduce partition. */
  void put(int shuffleId, int mapId, int reduceId, List<ColumnBatch> batches);

  /** The blocks of one reduce partition, in map order (deterministic). */
  List<ColumnBatch> get(int shuffleId, int mapId, int reduceId);

  /**
   * Stores the output of one map task for one reduce partition whose earlier part the map task
   * already spilled to {@code spilled} (may be null); {@code batches} follow it.
   */
  default void put(
      int shuffleId,
      int mapId,
      int reduceId,
      dev.strata.engine.internal.spill.SpillManager.SpillFile spilled,
      List<ColumnBatch> batches) {
    if (spilled != null) {
      throw new UnsupportedOperationException("this shuffle store keeps blocks in memory only");
    }
    put(shuffleId, mapId, reduceId, batches);
  }

  /** Reads one block lazily (spilled blocks are not loaded whole). */
  default java.util.Iterator<ColumnBatch> read(
      int shuffleId, int mapId, int reduceId, dev.strata.format.types.StructType schema) {
    return get(shuffleId, mapId, reduceId).iterator();
  }

  /** Drops everything of a shuffle (job end). */
  void remove(int shuffleId);

  /** Bytes currently held. */
  long bytesHeld();
}
