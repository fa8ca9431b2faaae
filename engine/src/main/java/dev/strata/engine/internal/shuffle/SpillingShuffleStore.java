package dev.strata.engine.internal.shuffle;

import dev.strata.engine.internal.memory.MemoryManager;
import dev.strata.engine.internal.spill.SpillManager;
import dev.strata.engine.internal.spill.SpillManager.SpillFile;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shuffle blocks in execution memory while the budget allows (at most a quarter of it per shuffle,
 * so reduce tasks keep room to work), else in files of the spill directory. A block may be both:
 * the part its map task spilled, then what stayed in memory. Memory and files of a shuffle are
 * freed by {@link #remove}, which the scheduler calls when the job ends.
 */
public final class SpillingShuffleStore implements ShuffleStore {
  private record Key(int shuffle, int map, int reduce) {}

  private record Block(SpillFile file, List<ColumnBatch> batches, long memBytes) {}

  private static final ThreadLocal<long[]> LAST_SPILL = ThreadLocal.withInitial(() -> new long[1]);

  private final MemoryManager memory;
  private final SpillManager spills;
  private final Map<Key, Block> blocks = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicLong> heldPerShuffle = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong spilledBytes = new AtomicLong();

  public SpillingShuffleStore(MemoryManager memory, SpillManager spills) {
    this.memory = memory;
    this.spills = spills;
  }

  private static long size(List<ColumnBatch> batches) {
    long s = 0;
    for (ColumnBatch b : batches) {
      s += b.sizeInBytes();
    }
    return s;
  }

  /** The memory owner id of a shuffle: negative, so it never collides with a task attempt. */
  private static long owner(int shuffleId) {
    return -1L - shuffleId;
  }

  @Override
  public void put(int shuffleId, int mapId, int reduceId, List<ColumnBatch> batches) {
    put(shuffleId, mapId, reduceId, null, batches);
  }

  @Override
  public void put(
      int shuffleId, int mapId, int reduceId, SpillFile spilled, List<ColumnBatch> batches) {
    long size = size(batches);
    AtomicLong held = heldPerShuffle.computeIfAbsent(shuffleId, s -> new AtomicLong());
    long granted = 0;
    boolean inMemory = size == 0;
    if (size > 0 && held.get() + size <= memory.maxMemory() / 4) {
      granted = memory.acquireExecution(size, owner(shuffleId));
      inMemory = granted >= size;
    }
    Block block;
    if (inMemory) {
      held.addAndGet(size);
      block = new Block(spilled, List.copyOf(batches), size);
    } else {
      memory.releaseExecution(granted, owner(shuffleId));
      SpillManager.Writer w = spills.new Writer(-shuffleId - 1, "shuffle-" + shuffleId);
      if (spilled != null) {
        spilled.read(batches.get(0).schema()).forEachRemaining(w::write);
      }
      for (ColumnBatch b : batches) {
        w.write(b);
      }
      SpillFile f = w.finish();
      spilledBytes.addAndGet(f.bytes());
      LAST_SPILL.get()[0] += f.bytes() - (spilled == null ? 0 : spilled.bytes());
      if (spilled != null) {
        spilled.delete();
      }
      block = new Block(f, List.of(), 0);
    }
    Block old = blocks.put(new Key(shuffleId, mapId, reduceId), block);
    bytes.addAndGet(size(block.batches));
    if (old != null) {
      drop(shuffleId, old);
    }
  }

  private void drop(int shuffleId, Block b) {
    if (b.memBytes > 0) {
      heldPerShuffle.computeIfAbsent(shuffleId, s -> new AtomicLong()).addAndGet(-b.memBytes);
      memory.releaseExecution(b.memBytes, owner(shuffleId));
    }
    bytes.addAndGet(-size(b.batches));
    if (b.file != null) {
      b.file.delete();
    }
  }

  @Override
  public List<ColumnBatch> get(int shuffleId, int mapId, int reduceId) {
    Block b = blocks.get(new Key(shuffleId, mapId, reduceId));
    if (b == null) {
      return List.of();
    }
    if (b.file == null) {
      return b.batches;
    }
    if (b.batches.isEmpty() && b.file.rows() == 0) {
      return List.of();
    }
    StructType schema = b.batches.isEmpty() ? null : b.batches.get(0).schema();
    if (schema == null) {
      throw new IllegalStateException("get() of a spilled block needs read(..., schema)");
    }
    List<ColumnBatch> out = new ArrayList<>();
    read(shuffleId, mapId, reduceId, schema).forEachRemaining(out::add);
    return out;
  }

  @Override
  public Iterator<ColumnBatch> read(int shuffleId, int mapId, int reduceId, StructType schema) {
    Block b = blocks.get(new Key(shuffleId, mapId, reduceId));
    if (b == null) {
      return java.util.Collections.emptyIterator();
    }
    if (b.file == null) {
      return b.batches.iterator();
    }
    Iterator<ColumnBatch> disk = b.file.read(schema);
    Iterator<ColumnBatch> mem = b.batches.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return disk.hasNext() || mem.hasNext();
      }

      @Override
      public ColumnBatch next() {
        return disk.hasNext() ? disk.next() : mem.next();
      }
    };
  }

  /** Whether a block lives wholly in memory. */
  public boolean inMemory(int shuffleId, int mapId, int reduceId) {
    Block b = blocks.get(new Key(shuffleId, mapId, reduceId));
    return b == null || b.file == null;
  }

  @Override
  public void remove(int shuffleId) {
    for (Map.Entry<Key, Block> e : blocks.entrySet()) {
      if (e.getKey().shuffle() == shuffleId && blocks.remove(e.getKey(), e.getValue())) {
        drop(shuffleId, e.getValue());
      }
    }
    heldPerShuffle.remove(shuffleId);
    spills.cleanupJob(-shuffleId - 1);
  }

  @Override
  public long bytesHeld() {
    return bytes.get();
  }

  /**
   * Bytes this thread's puts wrote to disk since the last call (the map task adds them to its spill
   * metrics), then resets.
   */
  public static long takeThreadSpilledBytes() {
    long[] a = LAST_SPILL.get();
    long v = a[0];
    a[0] = 0;
    return v;
  }

  /** Bytes the store itself wrote to disk because memory was short. */
  public long spilledBytes() {
    return spilledBytes.get();
  }
}
