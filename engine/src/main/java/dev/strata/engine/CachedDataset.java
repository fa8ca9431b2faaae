package dev.strata.engine;

/**
 * A persisted Dataset as {@link Catalog#cachedDatasets()} reports it.
 *
 * @param id the cache entry id, unique in the session
 * @param description the Dataset's plan, one line
 * @param level where its partitions are kept
 * @param numPartitions its partitions, or -1 before any job planned it
 * @param cachedPartitions partitions that currently have a block
 * @param memoryBytes bytes of its blocks in storage memory
 * @param diskBytes bytes of its blocks on local disk
 */
public record CachedDataset(
    long id,
    String description,
    StorageLevel level,
    int numPartitions,
    int cachedPartitions,
    long memoryBytes,
    long diskBytes) {}
