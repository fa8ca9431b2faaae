package dev.strata.maintenance;

import java.util.List;

/**
 * What an OPTIMIZE did (or, on a dry run, would do).
 *
 * @param tablePath the table
 * @param dryRun true when nothing was written or committed
 * @param readVersion the version planned on (the last one, after conflict retries)
 * @param committedVersion the OPTIMIZE commit, or null when nothing was committed
 * @param zOrderBy the Z-order columns, empty for bin-packing
 * @param partitionsOptimized partitions with at least one rewritten bin
 * @param numBins groups of files rewritten together
 * @param totalConsideredFiles live files in the selected partitions
 * @param filesRemoved files replaced (planned on a dry run)
 * @param bytesRemoved their bytes
 * @param filesAdded files written (estimated on a dry run)
 * @param bytesAdded their bytes (0 on a dry run)
 * @param sizesBefore file sizes in the selected partitions before
 * @param sizesAfter file sizes in the selected partitions after; null on a dry run
 * @param attempts plans made (more than 1 after conflicts with concurrent removes)
 */
public record OptimizeResult(
    String tablePath,
    boolean dryRun,
    long readVersion,
    Long committedVersion,
    List<String> zOrderBy,
    long partitionsOptimized,
    long numBins,
    long totalConsideredFiles,
    long filesRemoved,
    long bytesRemoved,
    long filesAdded,
    long bytesAdded,
    FileSizeStats sizesBefore,
    FileSizeStats sizesAfter,
    int attempts) {

  /** Whether there was nothing to compact or reorder. */
  public boolean nothingToDo() {
    return numBins == 0;
  }
}
