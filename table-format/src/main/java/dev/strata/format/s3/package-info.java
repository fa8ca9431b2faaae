/**
 * Amazon S3 and S3-compatible object stores as a {@link dev.strata.format.Storage}: {@link
 * dev.strata.format.s3.S3Storage} configured by {@link dev.strata.format.s3.S3StorageConfig}.
 */
package dev.strata.format.s3;
