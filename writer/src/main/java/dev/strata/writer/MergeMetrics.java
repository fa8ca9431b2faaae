package dev.strata.writer;

/**
 * What a MERGE did.
 *
 * @param version the committed version, or -1 when nothing was committed ({@code skipped})
 * @param skipped true when an idempotent MERGE found its (appId, version) already committed
 * @param sourceRows rows of the source
 * @param rowsInserted target rows inserted by {@code whenNotMatched} clauses
 * @param rowsUpdated target rows updated
 * @param rowsDeleted target rows deleted
 * @param rowsCopied unchanged target rows rewritten because they shared a file with a changed row
 * @param filesAdded data files added
 * @param filesRemoved data files removed (rewritten)
 * @param targetFilesScanned target files read after pruning by partition and statistics
 * @param durationMs wall-clock time of the whole operation
 */
public record MergeMetrics(
    long version,
    boolean skipped,
    long sourceRows,
    long rowsInserted,
    long rowsUpdated,
    long rowsDeleted,
    long rowsCopied,
    int filesAdded,
    int filesRemoved,
    int targetFilesScanned,
    long durationMs) {}
