package dev.strata.engine.internal.cache;

import dev.strata.engine.CachedDataset;
import dev.strata.engine.StorageLevel;
import dev.strata.engine.internal.exec.PhysicalNode;
import dev.strata.engine.internal.exec.TaskContextImpl;
import dev.strata.engine.internal.memory.MemoryManager;
import dev.strata.engine.internal.memory.UnifiedMemoryManager;
import dev.strata.engine.internal.plan.LogicalPlan;
import dev.strata.engine.internal.plan.PlanRewrite;
import dev.strata.engine.internal.spill.SpillManager;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Cached partition blocks of persisted Datasets. A block is written while its partition is computed
 * (the batches pass through to the task), and registered only when the partition was read to the
 * end. Memory blocks take storage memory from the unified budget and are kept in LRU order;
 * execution evicts them through {@link #evict}: MEMORY_AND_DISK blocks move to disk, MEMORY_ONLY
 * blocks are dropped (and recomputed from lineage when next needed) unless a running job counts on
 * them (pinned).
 */
public final class BlockManager implements UnifiedMemoryManager.StorageEvictor {
  /** A persisted plan; the cache key of its physical node. */
  public static final class Entry {
    final long id;
    final LogicalPlan plan;
    final StorageLevel level;
    final String description;
    volatile int numPartitions = -1;
    int pins;

    Entry(long id, LogicalPlan plan, StorageLevel level, String description) {
      this.id = id;
      this.plan = plan;
      this.level = level;
      this.description = description;
    }

    @Override
    public String toString() {
      return "cache#" + id + " " + level;
    }
  }

  private record BlockId(long entry, int partition) {}

  private static final class Block {
    final StorageLevel level;
    List<ColumnBatch> memory;
    long memBytes;
    SpillManager.SpillFile disk;

    Block(StorageLevel level) {
      this.level = level;
    }
  }

  private final MemoryManager memory;
  private final SpillManager files;
  private final AtomicLong ids = new AtomicLong();
  private final Map<LogicalPlan, Entry> byPlan = new IdentityHashMap<>();
  private final Map<Long, Entry> entries = new LinkedHashMap<>();
  private final LinkedHashMap<BlockId, Block> blocks = new LinkedHashMap<>(16, 0.75f, true);

  public BlockManager(MemoryManager memory, SpillManager files) {
    this.memory = memory;
    this.files = files;
  }

  /** Marks a plan as persisted (again: keeps the first level, as Spark does). */
  public synchronized Entry register(LogicalPlan plan, StorageLevel level, String description) {
    return byPlan.computeIfAbsent(
        plan,
        p -> {
          Entry e = new Entry(ids.incrementAndGet(), p, level, description);
          entries.put(e.id, e);
          return e;
        });
  }

  /** The level a plan is persisted with, or null. */
  public synchronized StorageLevel levelOf(LogicalPlan plan) {
    Entry e = byPlan.get(plan);
    return e == null ? null : e.level;
  }

  /** Forgets a persisted plan and drops its blocks. */
  public synchronized void unregister(LogicalPlan plan) {
    Entry e = byPlan.remove(plan);
    if (e != null) {
      entries.remove(e.id);
      dropBlocks(e.id);
    }
  }

  /** Drops every block and entry. */
  public synchronized void clear() {
    for (Entry e : new ArrayList<>(entries.values())) {
      unregister(e.plan);
    }
  }

  private void dropBlocks(long entryId) {
    Iterator<Map.Entry<BlockId, Block>> it = blocks.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<BlockId, Block> be = it.next();
      if (be.getKey().entry() == entryId) {
        it.remove();
        free(be.getValue());
      }
    }
  }

  private void free(Block b) {
    if (b.memory != null) {
      memory.releaseStorage(b.memBytes);
      b.memory = null;
    }
    if (b.disk != null) {
      b.disk.delete();
      b.disk = null;
    }
  }

  /** Wraps every persisted sub-plan (by identity) in a Persisted node carrying its entry. */
  public LogicalPlan substitute(LogicalPlan p) {
    synchronized (this) {
      if (byPlan.isEmpty()) {
        return p;
      }
    }
    return PlanRewrite.transformDown(
        p,
        node -> {
          if (node instanceof LogicalPlan.Persisted) {
            return null;
          }
          Entry e;
          synchronized (this) {
            e = byPlan.get(node);
          }
          return e == null ? null : new LogicalPlan.Persisted(e, node);
        });
  }

  /** Whether every partition of an entry has a readable block. */
  public synchronized boolean isComplete(Object key, int numPartitions) {
    if (!(key instanceof Entry e) || !entries.containsKey(e.id)) {
      return false;
    }
    for (int p = 0; p < numPartitions; p++) {
      Block b = blocks.get(new BlockId(e.id, p));
      if (b == null || (b.memory == null && (b.disk == null || !Files.exists(b.disk.path())))) {
        return false;
      }
    }
    return true;
  }

  /**
   * If every partition is cached, keeps the entry's blocks from being dropped until {@link #unpin}
   * (a job skips the stages that produced them and counts on reading them).
   */
  public synchronized boolean pinIfComplete(Object key, int numPartitions) {
    if (!isComplete(key, numPartitions)) {
      return false;
    }
    ((Entry) key).pins++;
    return true;
  }

  public synchronized void unpin(Object key) {
    if (key instanceof Entry e && e.pins > 0) {
      e.pins--;
    }
  }

  /** Reads a partition: its block if there is one, else computes it and caches it on the way. */
  public Iterator<ColumnBatch> getOrCompute(
      Entry e,
      PhysicalNode node,
      int partition,
      TaskContextImpl ctx,
      Supplier<Iterator<ColumnBatch>> compute) {
    e.numPartitions = node.numPartitions();
    BlockId id = new BlockId(e.id, partition);
    StructType schema = node.schema();
    synchronized (this) {
      Block b = blocks.get(id);
      if (b != null && b.memory != null) {
        ctx.metrics().cacheHit = true;
        return List.copyOf(b.memory).iterator();
      }
      if (b != null && b.disk != null) {
        if (Files.exists(b.disk.path())) {
          ctx.metrics().cacheHit = true;
          return b.disk.read(schema);
        }
        // a lost block: forget it and recompute from lineage
        blocks.remove(id);
      }
    }
    Iterator<ColumnBatch> src = compute.get();
    if (!entryAlive(e)) {
      return src;
    }
    return new CachingIterator(e, id, src);
  }

  private synchronized boolean entryAlive(Entry e) {
    return entries.containsKey(e.id);
  }

  /** Passes batches through and builds the block; registers it when the source is exhausted. */
  private final class CachingIterator implements Iterator<ColumnBatch> {
    private final Entry entry;
    private final BlockId id;
    private final Iterator<ColumnBatch> src;
    private List<ColumnBatch> mem = new ArrayList<>();
    private long memBytes;
    private SpillManager.Writer disk;
    private boolean caching = true;

    CachingIterator(Entry entry, BlockId id, Iterator<ColumnBatch> src) {
      this.entry = entry;
      this.id = id;
      this.src = src;
    }

    @Override
    public boolean hasNext() {
      boolean more = src.hasNext();
      if (!more && caching) {
        caching = false;
        commit();
      }
      return more;
    }

    @Override
    public ColumnBatch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ColumnBatch b = src.next();
      if (caching) {
        store(b);
      }
      return b;
    }

    private void store(ColumnBatch b) {
      if (entry.level == StorageLevel.DISK_ONLY || disk != null) {
        disk().write(b);
        return;
      }
      long size = b.sizeInBytes();
      if (reserve(entry.id, size)) {
        mem.add(b);
        memBytes += size;
        return;
      }
      if (entry.level == StorageLevel.MEMORY_AND_DISK) {
        for (ColumnBatch x : mem) {
          disk().write(x);
        }
        disk.write(b);
      } else {
        caching = false;
      }
      mem = null;
      memory.releaseStorage(memBytes);
      memBytes = 0;
    }

    private SpillManager.Writer disk() {
      if (disk == null) {
        disk = files.new Writer(files.blockFile("cache-" + entry.id + "-" + id.partition()));
      }
      return disk;
    }

    private void commit() {
      Block b = new Block(entry.level);
      if (disk != null) {
        b.disk = disk.finish();
      } else {
        b.memory = mem;
        b.memBytes = memBytes;
      }
      synchronized (BlockManager.this) {
        if (!entries.containsKey(entry.id)) {
          free(b);
          return;
        }
        Block old = blocks.put(id, b);
        if (old != null) {
          free(old);
        }
      }
    }
  }

  /** Storage memory for a new block, evicting blocks of other entries if needed. */
  private boolean reserve(long entryId, long bytes) {
    if (memory.acquireStorage(bytes)) {
      return true;
    }
    evictBlocks(bytes, entryId);
    return memory.acquireStorage(bytes);
  }

  @Override
  public long evict(long bytes) {
    return evictBlocks(bytes, -1);
  }

  private synchronized long evictBlocks(long bytes, long sparedEntry) {
    long freed = 0;
    List<BlockId> lru = new ArrayList<>(blocks.keySet());
    for (BlockId id : lru) {
      if (freed >= bytes) {
        break;
      }
      if (id.entry() == sparedEntry) {
        continue;
      }
      Block b = blocks.get(id);
      if (b == null || b.memory == null) {
        continue;
      }
      Entry e = entries.get(id.entry());
      if (b.level == StorageLevel.MEMORY_AND_DISK) {
        SpillManager.Writer w =
            files.new Writer(files.blockFile("cache-" + id.entry() + "-" + id.partition()));
        for (ColumnBatch x : b.memory) {
          w.write(x);
        }
        b.disk = w.finish();
      } else if (e != null && e.pins > 0) {
        continue;
      } else {
        blocks.remove(id);
      }
      memory.releaseStorage(b.memBytes);
      freed += b.memBytes;
      b.memory = null;
      b.memBytes = 0;
    }
    return freed;
  }

  /** What is cached, per persisted plan. */
  public synchronized List<CachedDataset> cachedDatasets() {
    List<CachedDataset> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      int parts = 0;
      long mem = 0, disk = 0;
      for (Map.Entry<BlockId, Block> be : blocks.entrySet()) {
        if (be.getKey().entry() != e.id) {
          continue;
        }
        parts++;
        Block b = be.getValue();
        if (b.memory != null) {
          mem += b.memBytes;
        }
        if (b.disk != null) {
          disk += b.disk.bytes();
        }
      }
      out.add(new CachedDataset(e.id, e.description, e.level, e.numPartitions, parts, mem, disk));
    }
    return out;
  }

  /** For tests: drops one block as if it were lost. */
  public synchronized void dropBlock(Object key, int partition) {
    if (key instanceof Entry e) {
      Block b = blocks.remove(new BlockId(e.id, partition));
      if (b != null) {
        free(b);
      }
    }
  }

  /** The entry of a persisted plan, or null. */
  public synchronized Entry entryOf(LogicalPlan plan) {
    return byPlan.get(plan);
  }
}
