package dev.strata.engine.internal.memory;

import java.util.HashMap;
import java.util.Map;

/**
 * The session's bounded memory budget, shared by execution and storage. Execution may take memory
 * held by cached blocks: it asks the {@link StorageEvictor} (the block manager) to drop or demote
 * least recently used blocks. Storage never takes memory from execution; a block that does not fit
 * is refused (and then goes to disk or is not cached).
 *
 * <p>Each task attempt may hold at most {@code budget / slots} bytes of execution memory, so that
 * one task that grows cannot starve the others running beside it (they would spill every batch).
 *
 * <p>Lock order: the evictor is called without this object's lock held, because it calls back into
 * {@link #releaseStorage} while holding its own lock.
 */
public final class UnifiedMemoryManager implements MemoryManager {
  /** Takes cached blocks out of memory to free storage memory. */
  public interface StorageEvictor {
    /**
     * Frees at least {@code bytes} of storage memory if it can, calling {@link #releaseStorage} for
     * what it frees.
     *
     * @return bytes freed
     */
    long evict(long bytes);
  }

  private final long budget;
  private final long perTaskCap;
  private volatile StorageEvictor evictor = bytes -> 0;
  private long execution;
  private long storage;
  private long executionPeak;
  private long storagePeak;
  private final Map<Long, Long> perTask = new HashMap<>();

  /**
   * @param budget bytes shared by execution and storage
   * @param slots how many tasks run at once (the worker count)
   */
  public UnifiedMemoryManager(long budget, int slots) {
    this.budget = Math.max(1, budget);
    this.perTaskCap = Math.max(1, this.budget / Math.max(1, slots));
  }

  /** The default budget: {@code fraction} of the heap left after a reserve for everything else. */
  public static long defaultBudget(long maxHeap, double fraction) {
    long reserve = Math.min(300L * 1024 * 1024, maxHeap / 2);
    return (long) ((maxHeap - reserve) * fraction);
  }

  public void setEvictor(StorageEvictor evictor) {
    this.evictor = evictor;
  }

  @Override
  public long acquireExecution(long bytes, long taskAttemptId) {
    if (bytes <= 0) {
      return 0;
    }
    long want;
    long need;
    synchronized (this) {
      long held = perTask.getOrDefault(taskAttemptId, 0L);
      want = Math.min(bytes, Math.max(0, perTaskCap - held));
      if (want == 0) {
        return 0;
      }
      long free = budget - execution - storage;
      if (free >= want) {
        return grant(want, taskAttemptId);
      }
      if (storage == 0) {
        return grant(Math.max(0, free), taskAttemptId);
      }
      // evict outside the lock (see the class comment)
      need = want - Math.max(0, free);
    }
    evictor.evict(need);
    synchronized (this) {
      long free = Math.max(0, budget - execution - storage);
      return grant(Math.min(want, free), taskAttemptId);
    }
  }

  private long grant(long bytes, long taskAttemptId) {
    if (bytes <= 0) {
      return 0;
    }
    execution += bytes;
    perTask.merge(taskAttemptId, bytes, Long::sum);
    executionPeak = Math.max(executionPeak, execution);
    return bytes;
  }

  @Override
  public synchronized void releaseExecution(long bytes, long taskAttemptId) {
    if (bytes <= 0) {
      return;
    }
    execution = Math.max(0, execution - bytes);
    Long held = perTask.get(taskAttemptId);
    if (held != null) {
      long left = held - bytes;
      if (left <= 0) {
        perTask.remove(taskAttemptId);
      } else {
        perTask.put(taskAttemptId, left);
      }
    }
  }

  @Override
  public synchronized boolean acquireStorage(long bytes) {
    if (execution + storage + bytes > budget) {
      return false;
    }
    storage += bytes;
    storagePeak = Math.max(storagePeak, storage);
    return true;
  }

  /** Bytes storage could still get without evicting anything. */
  public synchronized long freeMemory() {
    return Math.max(0, budget - execution - storage);
  }

  @Override
  public synchronized void releaseStorage(long bytes) {
    storage = Math.max(0, storage - bytes);
  }

  @Override
  public synchronized long executionUsed() {
    return execution;
  }

  @Override
  public synchronized long storageUsed() {
    return storage;
  }

  @Override
  public synchronized long executionPeak() {
    return executionPeak;
  }

  @Override
  public synchronized long storagePeak() {
    return storagePeak;
  }

  @Override
  public synchronized void resetPeaks() {
    executionPeak = execution;
    storagePeak = storage;
  }

  @Override
  public long maxMemory() {
    return budget;
  }
}
