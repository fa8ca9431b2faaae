package dev.strata.engine.internal.exec;

import dev.strata.engine.TaskContext;
import dev.strata.engine.internal.memory.TaskMemoryManager;
import dev.strata.engine.internal.spill.SpillableBuffer;
import dev.strata.format.types.StructType;

/** The engine's side of a task: its identity, metrics, memory and the session services. */
public final class TaskContextImpl implements TaskContext {
  private final ExecServices services;
  private final int jobId;
  private final int stageId;
  private final int partitionId;
  private final int numPartitions;
  private final int attempt;
  private final long taskAttemptId;
  private final TaskMetrics metrics = new TaskMetrics();
  private final TaskMemoryManager memory;

  public TaskContextImpl(
      ExecServices services,
      int jobId,
      int stageId,
      int partitionId,
      int numPartitions,
      int attempt,
      long taskAttemptId) {
    this.services = services;
    this.jobId = jobId;
    this.stageId = stageId;
    this.partitionId = partitionId;
    this.numPartitions = numPartitions;
    this.attempt = attempt;
    this.taskAttemptId = taskAttemptId;
    this.memory = new TaskMemoryManager(services.memoryManager(), taskAttemptId);
  }

  @Override
  public int jobId() {
    return jobId;
  }

  @Override
  public int stageId() {
    return stageId;
  }

  @Override
  public int partitionId() {
    return partitionId;
  }

  @Override
  public int numPartitions() {
    return numPartitions;
  }

  @Override
  public int attemptNumber() {
    return attempt;
  }

  public long taskAttemptId() {
    return taskAttemptId;
  }

  @Override
  public void addOutputRows(long rows) {
    metrics.outputRows += rows;
  }

  @Override
  public void addMetric(String name, long value) {
    metrics.custom.merge(name, value, Long::sum);
  }

  public TaskMetrics metrics() {
    return metrics;
  }

  public TaskMemoryManager memory() {
    return memory;
  }

  /** A spill buffer of this task: its memory, its job's spill directory. */
  public SpillableBuffer spillBuffer(StructType schema, int buckets, String name) {
    return new SpillableBuffer(memory(), services().spillManager(), jobId(), schema, buckets, name);
  }

  public ExecServices services() {
    return services;
  }

  /** Throws if the task was cancelled (checked at batch boundaries). */
  public void checkInterrupted() {
    if (Thread.currentThread().isInterrupted()) {
      throw new java.util.concurrent.CancellationException("Task cancelled");
    }
  }
}
