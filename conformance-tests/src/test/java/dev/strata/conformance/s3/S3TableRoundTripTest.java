package dev.strata.conformance.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.format.PartitionPaths;
import dev.strata.format.Row;
import dev.strata.format.StoragePaths;
import dev.strata.format.parquet.DataFileInfo;
import dev.strata.format.parquet.ParquetDataReader;
import dev.strata.format.parquet.ParquetDataWriter;
import dev.strata.format.parquet.ParquetWriteOptions;
import dev.strata.format.s3.S3Storage;
import dev.strata.format.stats.StatsPredicate;
import dev.strata.format.testing.S3ProxyFixture;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.log.AddFile;
import dev.strata.log.DeltaLog;
import dev.strata.log.Metadata;
import dev.strata.log.Operation;
import dev.strata.log.Snapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A partitioned table written to S3 (Parquet data files streamed through the S3 storage, one log
 * commit) reads back with every row, its partition values and its statistics.
 */
class S3TableRoundTripTest {
  @RegisterExtension static final S3ProxyFixture S3 = S3ProxyFixture.shared();

  private static final StructType DATA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG),
          StructField.of("customer", PrimitiveType.STRING),
          StructField.of("amount", new DecimalType(12, 2)),
          StructField.of("day", PrimitiveType.DATE),
          StructField.of("ts", PrimitiveType.TIMESTAMP));
  private static final StructType TABLE = DATA.add(StructField.of("region", PrimitiveType.STRING));

  @Test
  void partitionedWriteReadsBackWholeFromS3() {
    String table = "s3://" + S3.createBucket() + "/lakehouse/orders";
    List<String> regions = List.of("eu", "us west", "ap%1/=x");
    Random random = new Random(42);
    Map<String, List<Row>> written = new HashMap<>();
    List<AddFile> adds = new ArrayList<>();
    try (S3Storage s3 = S3.newStorage()) {
      long id = 0;
      for (String region : regions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
          rows.add(
              Row.of(
                  id++,
                  "customer-" + random.nextInt(5_000),
                  BigDecimal.valueOf(random.nextInt(1_000_000), 2),
                  LocalDate.of(2024, 1, 1).plusDays(random.nextInt(365)),
                  Instant.ofEpochSecond(1_700_000_000L + random.nextInt(10_000_000))));
        }
        written.put(region, rows);
        String relative =
            PartitionPaths.directory(List.of("region"), Map.of("region", region))
                + "/part-00000-"
                + UUID.randomUUID()
                + ".c000.snappy.parquet";
        ParquetDataWriter writer =
            ParquetDataWriter.open(
                s3,
                StoragePaths.join(table, relative),
                DATA,
                // Small row groups: the reader needs several ranged reads per file.
                ParquetWriteOptions.builder().rowGroupSize(256 << 10).build());
        for (int from = 0; from < rows.size(); from += ColumnBatch.DEFAULT_ROWS) {
          writer.write(
              ColumnBatch.fromRows(
                  DATA,
                  rows.subList(from, Math.min(rows.size(), from + ColumnBatch.DEFAULT_ROWS))));
        }
        DataFileInfo info = writer.close();
        assertThat(ParquetDataReader.rowGroupCount(s3, StoragePaths.join(table, relative)))
            .isGreaterThan(1);
        adds.add(
            AddFile.of(
                PartitionPaths.encodeAddPath(relative),
                Map.of("region", region),
                info.size(),
                System.currentTimeMillis(),
                info.statsJson()));
      }
      DeltaLog.forTable(s3, table)
          .startTransaction()
          .updateMetadata(Metadata.create(TABLE, List.of("region"), Map.of()))
          .commit(adds, Operation.of("WRITE"));

      Snapshot snapshot = DeltaLog.forTable(s3, table).latestSnapshot();
      assertThat(snapshot.version()).isZero();
      assertThat(snapshot.schema()).isEqualTo(TABLE);
      assertThat(snapshot.allFiles()).hasSize(regions.size());
      for (AddFile add : snapshot.allFiles()) {
        String region = add.partitionValues().get("region");
        String path = StoragePaths.join(table, PartitionPaths.decodeAddPath(add.path()));
        assertThat(s3.status(path).orElseThrow().size()).isEqualTo(add.size());
        assertThat(add.numRecords()).hasValue(written.get(region).size());
        List<Row> read = new ArrayList<>();
        try (var batches = ParquetDataReader.open(s3, path, DATA, StatsPredicate.all())) {
          while (batches.hasNext()) {
            read.addAll(batches.next().toRows());
          }
        }
        assertThat(read).containsExactlyElementsOf(written.get(region));
      }
    }
  }
}
