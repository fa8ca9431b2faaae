package dev.strata.engine.internal.memory;

/**
 * Something in a task that holds execution memory: a hash table, a sort buffer, a shuffle buffer, a
 * join build side. It acquires before it grows and may be asked to {@link #spill} when another
 * consumer of the same task needs memory that the manager cannot grant.
 */
public abstract class MemoryConsumer {
  protected final TaskMemoryManager taskMemory;
  private final String name;
  private long used;

  protected MemoryConsumer(TaskMemoryManager taskMemory, String name) {
    this.taskMemory = taskMemory;
    this.name = name;
    taskMemory.register(this);
  }

  public String name() {
    return name;
  }

  /** Bytes currently held. */
  public long used() {
    return used;
  }

  /**
   * Acquires {@code bytes}; may cause spills of other consumers (or of this one).
   *
   * @return the bytes granted
   */
  public long acquire(long bytes) {
    long granted = taskMemory.acquire(this, bytes);
    used += granted;
    return granted;
  }

  /** Returns {@code bytes}. */
  public void release(long bytes) {
    long b = Math.min(bytes, used);
    used -= b;
    taskMemory.release(this, b);
  }

  /** Returns everything held. */
  public void releaseAll() {
    release(used);
  }

  /**
   * Writes some state to disk to free at least {@code bytes} if possible.
   *
   * @return the bytes freed (0 when this consumer cannot spill)
   */
  public long spill(long bytes) {
    return 0;
  }
}
