/**
 * Parquet data files: {@link dev.strata.format.parquet.ParquetDataWriter} writes column batches and
 * returns a {@link dev.strata.format.parquet.DataFileInfo} with Delta statistics; {@link
 * dev.strata.format.parquet.ParquetDataReader} reads files back into batches with projection and
 * row-group skipping by a {@link dev.strata.format.stats.StatsPredicate}.
 *
 * <pre>{@code
 * ParquetDataWriter w = ParquetDataWriter.open(storage, path, schema, ParquetWriteOptions.defaults());
 * w.write(batch);                      // roll over when w.estimatedBytes() passes a target size
 * DataFileInfo info = w.close();       // or w.abort() on failure: nothing is left behind
 *
 * try (CloseableIterator<ColumnBatch> it = ParquetDataReader.open(storage, path, readSchema, null)) {
 *   while (it.hasNext()) { ColumnBatch b = it.next(); ... }
 * }
 * }</pre>
 */
package dev.strata.format.parquet;
