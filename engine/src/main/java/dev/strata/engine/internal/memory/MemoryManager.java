package dev.strata.engine.internal.memory;

/**
 * The session's memory budget, shared by execution (hash tables, join build sides, sort and shuffle
 * buffers) and storage (cached blocks). Operators never call this directly: they go through their
 * task's {@link TaskMemoryManager}, which asks its other consumers to spill when a request cannot
 * be granted.
 */
public interface MemoryManager {
  /**
   * Asks for execution memory on behalf of a task attempt.
   *
   * @return the bytes granted, between 0 and {@code bytes}
   */
  long acquireExecution(long bytes, long taskAttemptId);

  /** Returns execution memory. */
  void releaseExecution(long bytes, long taskAttemptId);

  /** Asks for storage memory for a cached block; may evict other blocks. */
  boolean acquireStorage(long bytes);

  /** Returns storage memory. */
  void releaseStorage(long bytes);

  long executionUsed();

  long storageUsed();

  /** The highest execution use since the last {@link #resetPeaks()}. */
  long executionPeak();

  long storagePeak();

  /** Starts a new peak measurement (per job). */
  void resetPeaks();

  /** The budget in bytes ({@code Long.MAX_VALUE} when unbounded). */
  long maxMemory();
}
