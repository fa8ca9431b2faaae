package dev.strata.engine;

import dev.strata.engine.events.Status;
import java.util.List;

/**
 * What one job (one action) did, with its stages in the order they were created (parents first).
 *
 * @param status {@link Status#SUCCEEDED} or {@link Status#FAILED}
 * @param tag the label set with {@link Strata#setJobTag} on the calling thread, or null
 * @param executionMemoryPeakBytes the highest execution memory (hash tables, sort, shuffle and join
 *     buffers) held at once during the job
 * @param storageMemoryPeakBytes the highest storage memory (cached blocks) held during the job
 * @param executionMemoryBytes execution memory held when the job ended (0 unless other jobs run)
 * @param storageMemoryBytes storage memory held by cached blocks when the job ended
 */
public record JobMetrics(
    int jobId,
    String description,
    String tag,
    Status status,
    long startTime,
    long durationMs,
    List<StageMetrics> stages,
    long executionMemoryPeakBytes,
    long storageMemoryPeakBytes,
    long executionMemoryBytes,
    long storageMemoryBytes) {

  /** The number of tasks over all stages. */
  public int totalTasks() {
    return stages.stream().mapToInt(StageMetrics::numTasks).sum();
  }

  /** The stage with that id. */
  public StageMetrics stage(int stageId) {
    return stages.stream().filter(s -> s.stageId() == stageId).findFirst().orElseThrow();
  }

  /** Rows read by scans over all stages. */
  public long inputRows() {
    return stages.stream().mapToLong(StageMetrics::inputRows).sum();
  }

  public long shuffleWriteBytes() {
    return stages.stream().mapToLong(StageMetrics::shuffleWriteBytes).sum();
  }

  public long spillBytes() {
    return stages.stream().mapToLong(StageMetrics::spillBytes).sum();
  }
}
