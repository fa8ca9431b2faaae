package dev.strata.report;

import dev.strata.engine.events.Status;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One engine job: the stages it planned and what its tasks did.
 *
 * @param jobId id, unique within the engine session
 * @param description what action ran it ({@code count at OrdersPipeline.silver})
 * @param tag the caller's label; pipeline runs set {@code step/partition}; empty if none
 * @param start when it started
 * @param end when it ended, if a {@code JobEnd} was logged
 * @param status how it ended
 * @param error the failure message, or null
 * @param executionMemoryPeakBytes peak execution memory, 0 if not reported
 * @param storageMemoryPeakBytes peak storage (cache) memory, 0 if not reported
 * @param stages its stages in the order the job listed them
 */
public record JobReport(
    long jobId,
    String description,
    String tag,
    Optional<Instant> start,
    Optional<Instant> end,
    Status status,
    String error,
    long executionMemoryPeakBytes,
    long storageMemoryPeakBytes,
    List<StageReport> stages) {
  public JobReport {
    description = description == null ? "" : description;
    tag = tag == null ? "" : tag;
    stages = List.copyOf(stages);
  }

  /** The stage with this id. */
  public Optional<StageReport> stage(int stageId) {
    return stages.stream().filter(s -> s.stageId() == stageId).findFirst();
  }

  /** All task attempts of all stages. */
  public List<TaskReport> tasks() {
    return stages.stream().flatMap(s -> s.tasks().stream()).toList();
  }

  /** The failure message of a failed job. */
  public Optional<String> errorMessage() {
    return Optional.ofNullable(error);
  }
}
