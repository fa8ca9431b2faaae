package dev.strata.engine.internal.memory;

/**
 * A memory manager that grants every request and only keeps account of use and peaks. It stands in
 * until the unified, bounded manager with eviction exists; operators already route their memory
 * through it so that manager only needs to replace this class.
 */
public final class AccountingMemoryManager implements MemoryManager {
  private final long budget;
  private long execution;
  private long storage;
  private long executionPeak;
  private long storagePeak;

  public AccountingMemoryManager(long budget) {
    this.budget = budget;
  }

  @Override
  public synchronized long acquireExecution(long bytes, long taskAttemptId) {
    execution += bytes;
    executionPeak = Math.max(executionPeak, execution);
    return bytes;
  }

  @Override
  public synchronized void releaseExecution(long bytes, long taskAttemptId) {
    execution = Math.max(0, execution - bytes);
  }

  @Override
  public synchronized boolean acquireStorage(long bytes) {
    storage += bytes;
    storagePeak = Math.max(storagePeak, storage);
    return true;
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
