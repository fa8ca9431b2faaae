package dev.strata.writer.internal;

/**
 * What a committed (or skipped) operation did.
 *
 * @param version the committed version, -1 when skipped
 */
public record WriteOutcome(
    long version,
    boolean skipped,
    int filesAdded,
    long bytesAdded,
    int filesRemoved,
    long bytesRemoved,
    long rowsWritten,
    long durationMs,
    java.util.Map<String, String> metrics) {

  static WriteOutcome skipped(long startNanos) {
    return new WriteOutcome(
        -1, true, 0, 0, 0, 0, 0, (System.nanoTime() - startNanos) / 1_000_000, java.util.Map.of());
  }
}
