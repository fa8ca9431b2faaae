package dev.strata.engine;

/** How an overwrite of a partitioned table treats partitions. */
public enum PartitionOverwriteMode {
  /** Overwrite replaces the whole table (or what replaceWhere selects). */
  STATIC,
  /** Overwrite replaces exactly the partitions present in the new data. */
  DYNAMIC
}
