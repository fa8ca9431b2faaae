package dev.strata.maintenance;

import dev.strata.log.DeltaLog;
import dev.strata.log.Snapshot;
import dev.strata.log.TableProperties;
import dev.strata.maintenance.internal.LogFiles;
import java.time.Duration;

/**
 * Checkpoints and log cleanup on demand ({@code strata checkpoint}, {@code strata cleanup-log}).
 */
public final class LogMaintenance {
  private LogMaintenance() {}

  /**
   * What a checkpoint wrote.
   *
   * @param tablePath the table
   * @param version the version checkpointed
   * @param numFiles live files recorded in it
   * @param previousCheckpointVersion the checkpoint before it, or null
   */
  public record CheckpointResult(
      String tablePath, long version, long numFiles, Long previousCheckpointVersion) {}

  /**
   * What log cleanup deleted.
   *
   * @param tablePath the table
   * @param filesDeleted commit and checkpoint files deleted
   * @param logRetention the table's {@code delta.logRetentionDuration}
   * @param oldestVersionBefore the oldest version that could be read before
   * @param oldestVersionAfter the oldest version that can be read now
   * @param latestCheckpointVersion cleanup never goes past it; null when there is none
   */
  public record CleanupResult(
      String tablePath,
      int filesDeleted,
      Duration logRetention,
      long oldestVersionBefore,
      long oldestVersionAfter,
      Long latestCheckpointVersion) {}

  /** Writes a checkpoint of the latest version now. */
  public static CheckpointResult checkpoint(DeltaLog log) {
    Snapshot snapshot = log.latestSnapshot();
    Long previous =
        snapshot.lastCheckpointVersion().isPresent()
            ? snapshot.lastCheckpointVersion().getAsLong()
            : null;
    log.checkpoint(snapshot);
    return new CheckpointResult(log.tablePath(), snapshot.version(), snapshot.numFiles(), previous);
  }

  /** Deletes log files older than the log retention that are behind a checkpoint. */
  public static CleanupResult cleanupLog(DeltaLog log) {
    Snapshot snapshot = log.latestSnapshot();
    long before = LogFiles.list(log.storage(), log.logPath()).earliestReconstructableVersion();
    int deleted = log.cleanupExpiredLogs();
    long after = LogFiles.list(log.storage(), log.logPath()).earliestReconstructableVersion();
    Long checkpoint =
        snapshot.lastCheckpointVersion().isPresent()
            ? snapshot.lastCheckpointVersion().getAsLong()
            : null;
    return new CleanupResult(
        log.tablePath(),
        deleted,
        TableProperties.logRetention(snapshot.configuration()),
        before,
        after,
        checkpoint);
  }
}
