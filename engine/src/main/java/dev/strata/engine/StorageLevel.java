package dev.strata.engine;

/** Where {@link Dataset#persist(StorageLevel)} keeps the partitions of a Dataset. */
public enum StorageLevel {
  /** In the storage memory pool; a partition that does not fit, or is evicted, is recomputed. */
  MEMORY_ONLY,
  /**
   * In memory while it fits, else (or when evicted) on local disk. What {@link Dataset#cache()}
   * uses.
   */
  MEMORY_AND_DISK,
  /** On local disk only, in the engine's compact batch encoding. */
  DISK_ONLY
}
