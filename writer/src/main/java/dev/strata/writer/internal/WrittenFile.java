package dev.strata.writer.internal;

import java.util.Map;

/**
 * A data file a task wrote, as it will be recorded in an {@code add} action once the job commits.
 *
 * @param relativePath path relative to the table root, decoded (not URI-encoded)
 * @param partitionValues partition column to Delta partition value string (null for a null value)
 * @param size bytes
 * @param numRecords rows
 * @param statsJson Delta statistics JSON, or null
 */
public record WrittenFile(
    String relativePath,
    Map<String, String> partitionValues,
    long size,
    long numRecords,
    String statsJson) {}
