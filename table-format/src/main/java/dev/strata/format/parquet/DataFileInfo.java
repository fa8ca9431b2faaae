package dev.strata.format.parquet;

/**
 * What a finished data file is, as the transaction log records it in an {@code add} action.
 *
 * @param path the file's path ({@code scheme:} + decoded path)
 * @param size the file size in bytes
 * @param numRecords the number of rows in the file
 * @param statsJson Delta's per-file statistics JSON ({@code numRecords}, {@code minValues}, {@code
 *     maxValues}, {@code nullCount})
 */
public record DataFileInfo(String path, long size, long numRecords, String statsJson) {}
