package dev.strata.writer;

/**
 * What a DELETE or UPDATE did.
 *
 * @param version the committed version, or -1 when nothing was committed
 * @param skipped true when an idempotent operation found its (appId, version) already committed
 * @param rowsAffected rows deleted (DELETE) or updated (UPDATE)
 * @param rowsCopied unchanged rows rewritten because they shared a file with an affected row
 * @param filesAdded data files added
 * @param filesRemoved data files removed
 * @param durationMs wall-clock time of the whole operation
 */
public record DmlMetrics(
    long version,
    boolean skipped,
    long rowsAffected,
    long rowsCopied,
    int filesAdded,
    int filesRemoved,
    long durationMs) {}
