package dev.strata.engine.internal.shuffle;

import dev.strata.format.vector.ColumnBatch;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Shuffle blocks on the heap. */
public final class InMemoryShuffleStore implements ShuffleStore {
  private record Key(int shuffle, int map, int reduce) {}

  private final Map<Key, List<ColumnBatch>> blocks = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();

  private static long size(List<ColumnBatch> batches) {
    long s = 0;
    for (ColumnBatch b : batches) {
      s += b.sizeInBytes();
    }
    return s;
  }

  @Override
  public void put(int shuffleId, int mapId, int reduceId, List<ColumnBatch> batches) {
    List<ColumnBatch> old = blocks.put(new Key(shuffleId, mapId, reduceId), List.copyOf(batches));
    bytes.addAndGet(size(batches) - (old == null ? 0 : size(old)));
  }

  @Override
  public List<ColumnBatch> get(int shuffleId, int mapId, int reduceId) {
    List<ColumnBatch> b = blocks.get(new Key(shuffleId, mapId, reduceId));
    return b == null ? List.of() : b;
  }

  @Override
  public void remove(int shuffleId) {
    blocks
        .keySet()
        .removeIf(
            k -> {
              if (k.shuffle() == shuffleId) {
                return true;
              }
              return false;
            });
    long total = 0;
    for (List<ColumnBatch> b : blocks.values()) {
      total += size(b);
    }
    bytes.set(total);
  }

  @Override
  public long bytesHeld() {
    return bytes.get();
  }
}
