package dev.strata.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How healthy a table's layout and log are, with what to do about it.
 *
 * @param tablePath the table
 * @param version the latest version
 * @param timestamp its commit time
 * @param lastCheckpointVersion the newest checkpoint, or null when there is none
 * @param commitsSinceCheckpoint JSON commits a reader replays after the checkpoint
 * @param checkpointInterval the table's {@code delta.checkpointInterval}
 * @param numFiles live data files
 * @param sizeInBytes their total size
 * @param numPartitions distinct partitions with live files
 * @param fileSizes the size distribution of the live files
 * @param histogram live files by size bucket
 * @param targetFileSize the file size OPTIMIZE aims for
 * @param smallFileThreshold files below this count as small (a quarter of the target)
 * @param smallFiles live files below the threshold
 * @param smallFileRatio {@code smallFiles / numFiles}
 * @param compactableFiles files OPTIMIZE would rewrite now
 * @param filesAfterCompaction how many files those would become (about)
 * @param tombstones files removed by the log and still tracked
 * @param awaitingVacuum removed files older than the retention that still exist: what VACUUM would
 *     delete now (never-committed files are not counted; VACUUM finds them by listing)
 * @param deletedFileRetention the table's VACUUM retention
 * @param oldestAvailableVersion the oldest version the log can still rebuild
 * @param oldestGuaranteedVersion the oldest version a default VACUUM keeps readable
 * @param recommendations what to run, most useful first
 */
public record HealthReport(
    String tablePath,
    long version,
    Instant timestamp,
    Long lastCheckpointVersion,
    long commitsSinceCheckpoint,
    int checkpointInterval,
    long numFiles,
    long sizeInBytes,
    long numPartitions,
    FileSizeStats fileSizes,
    List<SizeBucket> histogram,
    long targetFileSize,
    long smallFileThreshold,
    long smallFiles,
    double smallFileRatio,
    long compactableFiles,
    long filesAfterCompaction,
    VacuumResult.FileCount tombstones,
    VacuumResult.FileCount awaitingVacuum,
    Duration deletedFileRetention,
    long oldestAvailableVersion,
    long oldestGuaranteedVersion,
    List<Recommendation> recommendations) {

  /**
   * Live files whose size is in {@code [minBytes, maxBytes)}.
   *
   * @param label e.g. {@code 1-8 MiB}
   * @param maxBytes exclusive; {@link Long#MAX_VALUE} for the last bucket
   */
  public record SizeBucket(String label, long minBytes, long maxBytes, long files, long bytes) {}

  /**
   * Something to run.
   *
   * @param action {@code optimize}, {@code vacuum} or {@code checkpoint}
   * @param reason why, with numbers
   * @param command the command line to run
   */
  public record Recommendation(String action, String reason, String command) {}
}
