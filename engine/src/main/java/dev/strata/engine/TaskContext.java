package dev.strata.engine;

/**
 * What a running task knows about itself. Given to {@link TaskFunction}s by {@link
 * Dataset#runTasks}; the writer uses it to name staged files per task attempt.
 */
public interface TaskContext {
  /** The job this task belongs to. */
  int jobId();

  /** The stage this task belongs to. */
  int stageId();

  /** The partition this task computes, {@code 0 <= partitionId < numPartitions}. */
  int partitionId();

  /** The number of partitions (tasks) of the stage. */
  int numPartitions();

  /** 0 for the first attempt, 1 for the first retry, ... */
  int attemptNumber();

  /** Adds to the task's output row count reported in the job metrics (for sinks). */
  void addOutputRows(long rows);

  /** Adds a named custom metric, summed per stage into {@link StageMetrics#custom()}. */
  void addMetric(String name, long value);
}
