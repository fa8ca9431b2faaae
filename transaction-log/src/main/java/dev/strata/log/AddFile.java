package dev.strata.log;

import dev.strata.format.stats.DeltaStats;
import dev.strata.format.stats.FileStats;
import dev.strata.format.types.StructType;
import dev.strata.log.internal.StatsJson;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The {@code add} action: a data file that is part of the table.
 *
 * @param path the file path relative to the table root (or absolute), URI-encoded exactly as it
 *     appears in the log
 * @param partitionValues partition column (physical name) to value string; null values allowed
 * @param size file size in bytes
 * @param modificationTime epoch milliseconds
 * @param dataChange false when the file only rearranges existing data (compaction)
 * @param stats the statistics JSON string as written, or null; parsed on demand
 * @param tags optional, null when absent
 * @param deletionVector rows of the file that are deleted, or null
 * @param baseRowId row tracking, null when absent
 * @param defaultRowCommitVersion row tracking, null when absent
 */
public record AddFile(
    String path,
    Map<String, String> partitionValues,
    long size,
    long modificationTime,
    boolean dataChange,
    String stats,
    Map<String, String> tags,
    DeletionVectorDescriptor deletionVector,
    Long baseRowId,
    Long defaultRowCommitVersion)
    implements Action {

  public AddFile {
    partitionValues = Actions.copyNullable(partitionValues);
    tags = tags == null ? null : Actions.copyNullable(tags);
  }

  /** A data-changing add without tags, deletion vector or row tracking. */
  public static AddFile of(
      String path,
      Map<String, String> partitionValues,
      long size,
      long modificationTime,
      String stats) {
    return new AddFile(
        path, partitionValues, size, modificationTime, true, stats, null, null, null, null);
  }

  /**
   * The {@code remove} that deletes this file: with {@code extendedFileMetadata=true} and the
   * file's partition values, size, stats, deletion vector and row tracking fields.
   */
  public RemoveFile toRemove(long deletionTimestamp, boolean dataChange) {
    return new RemoveFile(
        path,
        deletionTimestamp,
        dataChange,
        true,
        partitionValues,
        size,
        stats,
        tags,
        deletionVector,
        baseRowId,
        defaultRowCommitVersion);
  }

  /** This add with another {@code dataChange} flag (compaction re-adds use false). */
  public AddFile withDataChange(boolean newDataChange) {
    return new AddFile(
        path,
        partitionValues,
        size,
        modificationTime,
        newDataChange,
        stats,
        tags,
        deletionVector,
        baseRowId,
        defaultRowCommitVersion);
  }

  /**
   * The parsed statistics against the table schema (logical names; physical names in the JSON are
   * resolved through column mapping metadata), or null when there are none or they do not parse.
   */
  public FileStats fileStats(StructType schema) {
    return DeltaStats.parse(stats, schema);
  }

  /** The number of physical rows from the stats, without parsing the rest of them. */
  public OptionalLong numRecords() {
    return StatsJson.numRecords(stats);
  }

  /**
   * The number of rows after the deletion vector is applied, when the stats have {@code
   * numRecords}.
   */
  public OptionalLong numLogicalRecords() {
    OptionalLong physical = numRecords();
    if (physical.isEmpty() || deletionVector == null) {
      return physical;
    }
    return OptionalLong.of(physical.getAsLong() - deletionVector.cardinality());
  }
}
