package dev.strata.engine.internal.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * The memory of one task attempt: consumers acquire through it; when the session manager grants
 * less than asked, it asks consumers (largest first, the requester last) to spill. Everything is
 * released when the task ends, also when it fails.
 */
public final class TaskMemoryManager {
  private final MemoryManager manager;
  private final long taskAttemptId;
  private final List<MemoryConsumer> consumers = new ArrayList<>();
  private long used;
  private long spilledBytes;

  public TaskMemoryManager(MemoryManager manager, long taskAttemptId) {
    this.manager = manager;
    this.taskAttemptId = taskAttemptId;
  }

  synchronized void register(MemoryConsumer c) {
    consumers.add(c);
  }

  synchronized long acquire(MemoryConsumer requester, long bytes) {
    long got = manager.acquireExecution(bytes, taskAttemptId);
    if (got < bytes) {
      List<MemoryConsumer> others = new ArrayList<>(consumers);
      others.remove(requester);
      others.sort((a, b) -> Long.compare(b.used(), a.used()));
      others.add(requester);
      for (MemoryConsumer c : others) {
        if (got >= bytes) {
          break;
        }
        long freed = c.spill(bytes - got);
        if (freed > 0) {
          // spilledBytes counts bytes written to disk (addSpilledBytes), not memory freed
          got += manager.acquireExecution(bytes - got, taskAttemptId);
        }
      }
    }
    used += got;
    return got;
  }

  synchronized void release(MemoryConsumer c, long bytes) {
    used -= bytes;
    manager.releaseExecution(bytes, taskAttemptId);
  }

  /** Releases all memory of this task (at task end). */
  public synchronized void releaseAll() {
    for (MemoryConsumer c : new ArrayList<>(consumers)) {
      c.releaseAll();
    }
    if (used > 0) {
      manager.releaseExecution(used, taskAttemptId);
      used = 0;
    }
    consumers.clear();
  }

  /** Bytes this task's consumers wrote to spill files. */
  public synchronized long spilledBytes() {
    return spilledBytes;
  }

  /** Records bytes written to spill files by a consumer (for stage metrics). */
  public synchronized void addSpilledBytes(long bytes) {
    spilledBytes += bytes;
  }
}
