package dev.strata.engine;

import java.util.Map;

/**
 * What a write committed.
 *
 * @param version the table version committed, or -1 when the write was skipped
 * @param skipped true when an idempotent write found its (appId, version) already committed, or
 *     mode IGNORE found the table
 * @param metrics operation metrics as recorded in the commit ({@code numOutputRows}, ...)
 */
public record WriteResult(
    long version,
    boolean skipped,
    long filesAdded,
    long filesRemoved,
    long bytesAdded,
    long bytesRemoved,
    long rowsWritten,
    long durationMs,
    Map<String, String> metrics) {
  public WriteResult {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }
}
