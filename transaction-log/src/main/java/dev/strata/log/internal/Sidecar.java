package dev.strata.log.internal;

/** The {@code sidecar} action of a V2 checkpoint: a Parquet file holding file actions. */
public record Sidecar(String path, long sizeInBytes, long modificationTime) {}
