package dev.strata.report;

import dev.strata.engine.events.Status;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One stage of an engine job.
 *
 * @param stageId id, unique within the engine session
 * @param name the engine's short description (operators joined by arrows)
 * @param parents ids of the stages whose output it reads
 * @param exchange how its output is exchanged with its children: {@code hash}, {@code broadcast},
 *     {@code range}, {@code single} or {@code none} (a result stage)
 * @param operators the physical operators it runs, in plan order
 * @param plannedTasks number of tasks the job planned for it
 * @param status how it ended ({@link Status#SKIPPED} when served from the cache)
 * @param start when it started, if a {@code StageStart} was logged
 * @param end when it ended, if a {@code StageEnd} was logged
 * @param metrics its totals
 * @param tasks its task attempts in the order they ended
 */
public record StageReport(
    int stageId,
    String name,
    List<Integer> parents,
    String exchange,
    List<String> operators,
    int plannedTasks,
    Status status,
    Optional<Instant> start,
    Optional<Instant> end,
    StageMetrics metrics,
    List<TaskReport> tasks) {
  public StageReport {
    parents = List.copyOf(parents);
    operators = List.copyOf(operators);
    tasks = List.copyOf(tasks);
    exchange = exchange == null || exchange.isEmpty() ? "none" : exchange;
  }

  /** Whether its output came from the cache and none of its tasks ran. */
  public boolean skipped() {
    return status == Status.SKIPPED;
  }

  /** Whether its output goes through a shuffle or broadcast exchange. */
  public boolean hasExchange() {
    return !"none".equals(exchange);
  }
}
