package dev.strata.log;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One optimistic transaction: it read a snapshot, records what it read, and commits a list of
 * actions at the next free version with put-if-absent. When another commit wins that version, the
 * winners are checked against what this transaction read and wrote (Delta's conflict rules); when
 * they do not conflict, the commit is retried at the next version, else a {@link
 * ConcurrentModificationException} subclass is thrown. Not thread-safe; commit at most once.
 */
public interface OptimisticTransaction {

  /** The snapshot this transaction read, or null when it creates the table. */
  Snapshot readSnapshot();

  /** The version this transaction read, -1 for a new table. */
  long readVersion();

  /** The metadata the commit will have (the new one if updated, else the read one, else null). */
  Metadata metadata();

  /** The protocol the commit will have. */
  Protocol protocol();

  /**
   * Records that the transaction read the partitions matching {@code partitionPredicate} (over
   * partition values as in the log, keyed by column name). Files concurrent commits add to such
   * partitions conflict.
   */
  OptimisticTransaction recordRead(Predicate<Map<String, String>> partitionPredicate);

  /** Records that the transaction read these files; concurrent removes of them conflict. */
  OptimisticTransaction recordReadFiles(Collection<AddFile> files);

  /** Records that the transaction read the whole table (any concurrent data change conflicts). */
  OptimisticTransaction recordReadWholeTable();

  /** Sets new metadata (schema, partitioning, properties) to be committed. */
  OptimisticTransaction updateMetadata(Metadata metadata);

  /** Sets a new protocol to be committed; must be one Strata can write. */
  OptimisticTransaction updateProtocol(Protocol protocol);

  /**
   * Records {@code txn(appId, version)} in the commit; a concurrent commit of the same appId
   * conflicts.
   */
  OptimisticTransaction setTransaction(String appId, long version);

  /**
   * Commits the actions (adds, removes, cdc, domain metadata; metadata/protocol/txn may also be
   * passed here) with a {@code commitInfo} describing {@code operation}.
   *
   * @throws ConcurrentModificationException when a concurrent commit conflicts
   * @throws CommitStateUnknownException when the outcome of the write cannot be determined
   * @throws ProtocolNotSupportedException when the table's protocol cannot be written by Strata
   */
  CommitResult commit(List<? extends Action> actions, Operation operation);
}
