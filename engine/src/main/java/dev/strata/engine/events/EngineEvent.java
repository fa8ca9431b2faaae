package dev.strata.engine.events;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine's scheduler reports while it runs a job, in the order it happens: one {@link
 * JobStart}, then per stage a {@link StageStart}, one {@link TaskEnd} per task attempt and a {@link
 * StageEnd}, and one {@link JobEnd}. A session with an event log ({@code strata.event-log.path})
 * appends each one as a JSON line ({@link EventLogFormat}); readers such as run reports get the
 * same records back.
 *
 * <p>Times are epoch milliseconds. Ids are unique within one engine session; a log that several
 * sessions appended to can repeat them, and a reader treats a second {@code JobStart} with a known
 * id as a new job.
 */
public sealed interface EngineEvent
    permits EngineEvent.JobStart,
        EngineEvent.StageStart,
        EngineEvent.TaskEnd,
        EngineEvent.StageEnd,
        EngineEvent.JobEnd {

  /** The job the event belongs to. */
  int jobId();

  /**
   * A job was planned and is about to submit its first stages.
   *
   * @param description what action ran it ({@code count at OrdersPipeline.silver})
   * @param tag the label set with {@code Strata.setJobTag} on the calling thread, or null
   * @param stages every stage of the job, parents before children, the result stage last
   */
  record JobStart(int jobId, long time, String description, String tag, List<StagePlan> stages)
      implements EngineEvent {
    public JobStart {
      description = description == null ? "" : description;
      stages = List.copyOf(stages);
    }
  }

  /**
   * One stage as its job planned it.
   *
   * @param name the operators fused into it, joined by arrows
   * @param parents ids of the stages whose output it reads
   * @param numTasks one task per partition
   * @param exchange how its output leaves it: {@code hash}, {@code range}, {@code single}, {@code
   *     roundrobin}, {@code broadcast} or {@code none} (the result stage)
   * @param skipped true when its output comes from the cache and none of its tasks will run
   * @param operators the operators fused into it, scan first
   */
  record StagePlan(
      int stageId,
      String name,
      List<Integer> parents,
      int numTasks,
      String exchange,
      boolean skipped,
      List<String> operators) {
    public StagePlan {
      name = name == null ? "" : name;
      parents = List.copyOf(parents);
      exchange = exchange == null || exchange.isEmpty() ? "none" : exchange;
      operators = List.copyOf(operators);
    }
  }

  /** A stage's parents are done and its tasks are submitted (not logged for a skipped stage). */
  record StageStart(int jobId, int stageId, long time) implements EngineEvent {}

  /**
   * Row and byte counters of a task attempt, or of a stage (the sum over its successful attempts).
   *
   * @param inputRows rows read by scans
   * @param inputBytes bytes read from storage or the cache
   * @param outputRows rows produced
   * @param shuffleReadBytes bytes fetched from shuffles
   * @param shuffleWriteBytes bytes written to shuffles
   * @param spillBytes bytes spilled to disk
   */
  record Counters(
      long inputRows,
      long inputBytes,
      long outputRows,
      long shuffleReadBytes,
      long shuffleWriteBytes,
      long spillBytes) {
    /** Nothing read, written or spilled. */
    public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, 0);
  }

  /**
   * One task attempt ended.
   *
   * @param partition the partition it computed
   * @param attempt 0 for the first attempt
   * @param thread the worker thread that ran it; null for an attempt cancelled before it got one
   * @param status {@link Status#SUCCEEDED}, {@link Status#FAILED}, or {@link Status#CANCELLED} for
   *     an attempt still running when its job failed
   * @param error the failure, or null
   * @param cacheHit whether its input came from a cached block
   */
  record TaskEnd(
      int jobId,
      int stageId,
      int partition,
      int attempt,
      String thread,
      long start,
      long end,
      Status status,
      String error,
      Counters counters,
      boolean cacheHit)
      implements EngineEvent {
    public TaskEnd {
      Objects.requireNonNull(status, "status");
      counters = counters == null ? Counters.ZERO : counters;
    }
  }

  /**
   * A stage ended.
   *
   * @param status {@link Status#SUCCEEDED}, {@link Status#FAILED} (its job failed before it
   *     finished) or {@link Status#SKIPPED} (served from the cache)
   * @param numTasks tasks it ran (0 when skipped)
   * @param counters the stage's totals; empty for a skipped stage, and when read from a log that
   *     left them out (a reader then sums its tasks)
   * @param durationMs from its {@code StageStart} to now
   */
  record StageEnd(
      int jobId,
      int stageId,
      long time,
      Status status,
      int numTasks,
      Optional<Counters> counters,
      long durationMs)
      implements EngineEvent {
    public StageEnd {
      Objects.requireNonNull(status, "status");
      counters = Objects.requireNonNullElse(counters, Optional.empty());
    }
  }

  /**
   * A job ended.
   *
   * @param status {@link Status#SUCCEEDED} or {@link Status#FAILED}
   * @param error the failure message, or null
   * @param executionMemoryPeakBytes the most execution memory held at once during the job
   * @param storageMemoryPeakBytes the most storage (cache) memory held during the job
   * @param executionMemoryBytes execution memory still held when it ended (0 unless other jobs run)
   * @param storageMemoryBytes storage memory held by cached blocks when it ended
   * @param spillBytes bytes spilled over all its stages
   */
  record JobEnd(
      int jobId,
      long time,
      Status status,
      String error,
      long executionMemoryPeakBytes,
      long storageMemoryPeakBytes,
      long executionMemoryBytes,
      long storageMemoryBytes,
      long spillBytes)
      implements EngineEvent {
    public JobEnd {
      Objects.requireNonNull(status, "status");
    }
  }
}
