package dev.strata.log;

import java.util.Map;

/**
 * The {@code remove} action: a data file that is no longer part of the table (a tombstone kept for
 * VACUUM until it expires).
 *
 * @param path URI-encoded as in the log; matches the path of the {@link AddFile} it removes
 * @param deletionTimestamp epoch milliseconds, null when absent
 * @param extendedFileMetadata whether partitionValues, size (and stats) are filled in
 * @param partitionValues null when absent
 * @param size null when absent
 * @param stats null when absent
 * @param tags null when absent
 * @param deletionVector the deletion vector of the removed add, or null
 */
public record RemoveFile(
    String path,
    Long deletionTimestamp,
    boolean dataChange,
    Boolean extendedFileMetadata,
    Map<String, String> partitionValues,
    Long size,
    String stats,
    Map<String, String> tags,
    DeletionVectorDescriptor deletionVector,
    Long baseRowId,
    Long defaultRowCommitVersion)
    implements Action {

  public RemoveFile {
    partitionValues = partitionValues == null ? null : Actions.copyNullable(partitionValues);
    tags = tags == null ? null : Actions.copyNullable(tags);
  }

  /** The deletion timestamp, or 0 when absent. */
  public long deletionTimestampOrZero() {
    return deletionTimestamp == null ? 0L : deletionTimestamp;
  }
}
