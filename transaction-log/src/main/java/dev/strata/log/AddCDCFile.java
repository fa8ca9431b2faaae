package dev.strata.log;

import java.util.Map;

/** The {@code cdc} action: a change-data file of a commit. Not part of snapshots. */
public record AddCDCFile(
    String path,
    Map<String, String> partitionValues,
    long size,
    boolean dataChange,
    Map<String, String> tags)
    implements Action {
  public AddCDCFile {
    partitionValues = Actions.copyNullable(partitionValues);
    tags = tags == null ? null : Actions.copyNullable(tags);
  }
}
