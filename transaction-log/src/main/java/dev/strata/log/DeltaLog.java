package dev.strata.log;

import dev.strata.format.Storage;
import dev.strata.format.StoragePaths;
import dev.strata.format.Storages;
import dev.strata.log.internal.DeltaLogImpl;
import java.time.Instant;
import java.util.List;

/**
 * The transaction log of one table: snapshots (latest, by version, by timestamp), history,
 * transactions, checkpoints and log cleanup. Thread-safe; caches the latest snapshot it saw and
 * updates it incrementally from new commits.
 */
public interface DeltaLog {

  /**
   * The log of the table at {@code tablePath} (a local path or a URI), storage chosen by scheme.
   */
  static DeltaLog forTable(String tablePath) {
    String normalized = StoragePaths.normalize(tablePath);
    return new DeltaLogImpl(Storages.forPath(normalized), normalized);
  }

  /** The log of the table at {@code tablePath} read and written through {@code storage}. */
  static DeltaLog forTable(Storage storage, String tablePath) {
    return new DeltaLogImpl(storage, StoragePaths.normalize(tablePath));
  }

  /** The normalised table location ({@code file:/data/t}). */
  String tablePath();

  /** The location of {@code _delta_log}. */
  String logPath();

  /** The storage the log goes through. */
  Storage storage();

  /** Whether the table has a log with at least one commit or checkpoint. */
  boolean tableExists();

  /**
   * The latest snapshot.
   *
   * @throws TableNotFoundException when there is no log
   * @throws CorruptLogException when the log cannot be replayed
   * @throws ProtocolNotSupportedException when the table needs reader features Strata lacks
   */
  Snapshot latestSnapshot();

  /**
   * The snapshot at {@code version}.
   *
   * @throws VersionNotFoundException when the version is newer than the latest or was cleaned up
   */
  Snapshot snapshotAt(long version);

  /**
   * The snapshot of the latest commit whose timestamp is at or before {@code epochMillis}.
   *
   * @throws VersionNotFoundException when the timestamp is before the earliest available commit or
   *     after the latest one
   */
  Snapshot snapshotAsOf(long epochMillis);

  /** As {@link #snapshotAsOf(long)}. */
  default Snapshot snapshotAsOf(Instant timestamp) {
    return snapshotAsOf(timestamp.toEpochMilli());
  }

  /** Up to {@code limit} commits, newest first (all when {@code limit <= 0}). */
  List<CommitEntry> history(int limit);

  /**
   * The actions of one commit file, in file order (unknown actions left out).
   *
   * @throws VersionNotFoundException when the commit file does not exist
   */
  List<Action> commitActions(long version);

  /**
   * A transaction reading the latest snapshot, or, when the table does not exist yet, an empty one
   * that creates it (it must then set the metadata with {@link
   * OptimisticTransaction#updateMetadata}).
   */
  OptimisticTransaction startTransaction();

  /** A transaction that read {@code readSnapshot}. */
  OptimisticTransaction startTransaction(Snapshot readSnapshot);

  /**
   * Writes a checkpoint of {@code snapshot} now, then {@code _last_checkpoint}.
   *
   * @throws IllegalStateException when no Parquet checkpoint writer is available
   */
  void checkpoint(Snapshot snapshot);

  /**
   * Deletes commit and checkpoint files older than {@code delta.logRetentionDuration} that are
   * behind a newer checkpoint.
   *
   * @return the number of files deleted
   */
  int cleanupExpiredLogs();
}
