package dev.strata.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a VACUUM found and did.
 *
 * @param tablePath the table
 * @param dryRun true when nothing was deleted
 * @param retention the retention applied
 * @param retentionSource where the retention came from
 * @param tableRetention the table's own {@code delta.deletedFileRetentionDuration}
 * @param cutoff files and tombstones older than this were eligible
 * @param tableVersion the version VACUUM read
 * @param oldestReachableVersion the oldest version time travel can still read afterwards
 * @param filesConsidered files listed under the table (outside the log and hidden folders)
 * @param removedByLog files removed by a commit older than the retention
 * @param neverCommitted files no commit references (crashed writes, {@code _temporary}) older than
 *     the retention
 * @param youngUncommittedFiles unreferenced files kept because they are younger than the retention
 *     (writes possibly still in flight)
 * @param filesDeleted files actually deleted (0 on a dry run)
 * @param files the files (relative to the table) that were, or on a dry run would be, deleted
 * @param startVersion the {@code VACUUM START} commit, null on a dry run
 * @param endVersion the {@code VACUUM END} commit, null on a dry run
 */
public record VacuumResult(
    String tablePath,
    boolean dryRun,
    Duration retention,
    String retentionSource,
    Duration tableRetention,
    Instant cutoff,
    long tableVersion,
    long oldestReachableVersion,
    long filesConsidered,
    FileCount removedByLog,
    FileCount neverCommitted,
    long youngUncommittedFiles,
    long filesDeleted,
    List<String> files,
    Long startVersion,
    Long endVersion) {

  /** A number of files and their total size. */
  public record FileCount(long files, long bytes) {}

  /** Files (and bytes) deleted or to delete, both kinds together. */
  public FileCount total() {
    return new FileCount(
        removedByLog.files() + neverCommitted.files(),
        removedByLog.bytes() + neverCommitted.bytes());
  }
}
