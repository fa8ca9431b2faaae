/**
 * The Delta transaction log of a table: reading snapshots and committing changes.
 *
 * <p>Entry point: {@link dev.strata.log.DeltaLog#forTable(String)}.
 *
 * <ul>
 *   <li>Reading: {@link dev.strata.log.DeltaLog#latestSnapshot()}, {@link
 *       dev.strata.log.DeltaLog#snapshotAt(long)} and {@link
 *       dev.strata.log.DeltaLog#snapshotAsOf(long)} give a {@link dev.strata.log.Snapshot}:
 *       protocol, metadata, live files, {@code txn} versions. {@link
 *       dev.strata.log.Snapshot#scan()} selects files by partition values and statistics and reads
 *       them as column batches in the table's logical schema, with partition values filled in,
 *       column mapping resolved and deletion vectors applied. Snapshots start from the newest
 *       checkpoint (classic, multi-part or V2) and replay the JSON commits after it; a missing,
 *       stale or corrupt {@code _last_checkpoint} is tolerated.
 *   <li>Writing: {@link dev.strata.log.DeltaLog#startTransaction()} gives an {@link
 *       dev.strata.log.OptimisticTransaction}; record what was read, then {@link
 *       dev.strata.log.OptimisticTransaction#commit} the actions. The commit is a put-if-absent of
 *       the next version; losing the race to a non-conflicting commit retries at the next version,
 *       a conflicting one throws a {@link dev.strata.log.ConcurrentModificationException} subclass.
 *       A checkpoint follows every {@code delta.checkpointInterval} commits.
 *   <li>History and maintenance: {@link dev.strata.log.DeltaLog#history(int)}, {@link
 *       dev.strata.log.DeltaLog#checkpoint}, {@link dev.strata.log.DeltaLog#cleanupExpiredLogs()}.
 * </ul>
 *
 * <p>Strata writes tables at reader 1 / writer 2 and reads tables up to reader 3 with the reader
 * features {@code columnMapping}, {@code deletionVectors}, {@code timestampNtz} and {@code
 * v2Checkpoint}; anything else is a {@link dev.strata.log.ProtocolNotSupportedException}.
 */
package dev.strata.log;
