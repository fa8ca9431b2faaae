package dev.strata.report;

import java.util.Objects;

/**
 * What one (step, partition) committed to its target table.
 *
 * @param tablePath the table's location (a storage path such as {@code file:/data/silver/orders})
 * @param version the log version committed
 * @param filesAdded number of {@code add} actions
 * @param bytesAdded sum of their sizes
 * @param filesRemoved number of {@code remove} actions
 * @param bytesRemoved sum of their sizes, where known (0 otherwise)
 * @param commitInfoJson the commit's {@code commitInfo} action as JSON text, shown verbatim (as
 *     text, never as links)
 */
public record TableChange(
    String tablePath,
    long version,
    long filesAdded,
    long bytesAdded,
    long filesRemoved,
    long bytesRemoved,
    String commitInfoJson) {
  public TableChange {
    Objects.requireNonNull(tablePath, "tablePath");
    commitInfoJson = commitInfoJson == null ? "" : commitInfoJson;
  }
}
