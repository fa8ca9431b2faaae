package dev.strata.maintenance;

import java.time.Instant;

/**
 * What a RESTORE did, with Delta's restore metrics.
 *
 * @param tablePath the table
 * @param dryRun true when nothing was committed
 * @param readVersion the version the table was at
 * @param restoredVersion the version restored to
 * @param restoredVersionTimestamp that version's commit time
 * @param committedVersion the RESTORE commit, or null (dry run, or nothing to change)
 * @param tableSizeAfterRestore bytes of live files after
 * @param numOfFilesAfterRestore live files after
 * @param numRemovedFiles files removed by the restore
 * @param numRestoredFiles files re-added
 * @param removedFilesSize bytes removed
 * @param restoredFilesSize bytes re-added
 * @param metadataRestored whether schema, partitioning or properties changed back
 */
public record RestoreResult(
    String tablePath,
    boolean dryRun,
    long readVersion,
    long restoredVersion,
    Instant restoredVersionTimestamp,
    Long committedVersion,
    long tableSizeAfterRestore,
    long numOfFilesAfterRestore,
    long numRemovedFiles,
    long numRestoredFiles,
    long removedFilesSize,
    long restoredFilesSize,
    boolean metadataRestored) {}
