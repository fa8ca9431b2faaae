package dev.strata.engine;

import dev.strata.engine.events.Status;
import java.util.List;
import java.util.Map;

/**
 * What one stage of a job did.
 *
 * @param exchange how the stage's output leaves it: {@code hash}, {@code range}, {@code single},
 *     {@code roundrobin}, {@code broadcast} or {@code none} (the result stage)
 * @param skipped true when its output came from the cache and no task ran
 * @param operators the operators fused into the stage, from the scan upwards
 */
public record StageMetrics(
    int stageId,
    String name,
    List<Integer> parents,
    String exchange,
    List<String> operators,
    int numTasks,
    boolean skipped,
    Status status,
    long inputRows,
    long inputBytes,
    long outputRows,
    long shuffleReadBytes,
    long shuffleWriteBytes,
    long spillBytes,
    long durationMs,
    int failedAttempts,
    Map<String, Long> custom) {}
