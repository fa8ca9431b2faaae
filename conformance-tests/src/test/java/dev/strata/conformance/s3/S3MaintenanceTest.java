package dev.strata.conformance.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.Strata;
import dev.strata.format.FileStatus;
import dev.strata.format.PartitionPaths;
import dev.strata.format.Row;
import dev.strata.format.StoragePaths;
import dev.strata.format.parquet.ParquetDataReader;
import dev.strata.format.s3.S3Storage;
import dev.strata.format.stats.StatsPredicate;
import dev.strata.format.testing.S3ProxyFixture;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.AddFile;
import dev.strata.log.DeltaLog;
import dev.strata.log.Snapshot;
import dev.strata.maintenance.Optimize;
import dev.strata.maintenance.OptimizeResult;
import dev.strata.maintenance.Vacuum;
import dev.strata.maintenance.VacuumResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The engine writes a partitioned table to {@code s3://}, then OPTIMIZE compacts it and VACUUM
 * deletes what no snapshot needs (batched deletes), all on a real S3 server; the rows never change.
 * The engine, the writer and maintenance open storage by URI, so the S3 endpoint comes from the
 * {@code strata.s3.*} system properties.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3MaintenanceTest {
  @RegisterExtension static final S3ProxyFixture S3 = S3ProxyFixture.shared();

  private static final StructType SCHEMA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG),
          StructField.of("value", PrimitiveType.STRING),
          StructField.of("part", PrimitiveType.STRING));

  @BeforeAll
  void pointAtS3() {
    S3.setSystemProperties();
  }

  @AfterAll
  void reset() {
    S3.clearSystemProperties();
  }

  private static List<String> sorted(List<Row> rows) {
    return rows.stream().map(r -> r.get(0) + "|" + r.get(1) + "|" + r.get(2)).sorted().toList();
  }

  /** The rows of a snapshot, read file by file from S3 with their partition values. */
  private static List<String> read(S3Storage s3, String table, Snapshot snapshot) {
    List<String> rows = new ArrayList<>();
    for (AddFile add : snapshot.allFiles()) {
      String path = StoragePaths.join(table, PartitionPaths.decodeAddPath(add.path()));
      StructType fileSchema = ParquetDataReader.schema(s3, path);
      try (var batches = ParquetDataReader.open(s3, path, fileSchema, StatsPredicate.all())) {
        while (batches.hasNext()) {
          for (Row r : batches.next().toRows()) {
            rows.add(r.get("id") + "|" + r.get("value") + "|" + add.partitionValues().get("part"));
          }
        }
      }
    }
    return rows.stream().sorted().toList();
  }

  @Test
  void writeOptimizeAndVacuumOnS3KeepEveryRow() {
    String table = "s3://" + S3.createBucket() + "/lakehouse/silver/events";
    List<Row> all = new ArrayList<>();
    try (Strata strata = Strata.builder().parallelism(2).build();
        S3Storage s3 = S3.newStorage()) {
      long id = 0;
      for (int commit = 0; commit < 6; commit++) {
        List<Row> rows = new ArrayList<>();
        for (String part : List.of("a", "b c")) {
          for (int i = 0; i < 200; i++) {
            rows.add(Row.of(id, "v" + id, part));
            id++;
          }
        }
        all.addAll(rows);
        strata.createDataset(rows, SCHEMA).write().mode("append").partitionBy("part").save(table);
      }
      DeltaLog log = DeltaLog.forTable(table);
      Snapshot written = log.latestSnapshot();
      assertThat(read(s3, table, written)).isEqualTo(sorted(all));
      assertThat(written.numFiles()).isGreaterThanOrEqualTo(12);
      assertThat(liveFiles(table, written)).isSubsetOf(dataFiles(s3, table));

      OptimizeResult optimized = Optimize.forTable(log).execute();
      assertThat(optimized.filesRemoved()).isEqualTo(written.numFiles());
      assertThat(optimized.filesAdded()).isEqualTo(2);
      Snapshot compacted = log.latestSnapshot();
      assertThat(compacted.numFiles()).isEqualTo(2);
      assertThat(read(s3, table, compacted)).isEqualTo(sorted(all));
      // Removed files stay until VACUUM: time travel to before OPTIMIZE still reads.
      assertThat(dataFiles(s3, table)).hasSize((int) written.numFiles() + 2);
      assertThat(read(s3, table, log.snapshotAt(written.version()))).isEqualTo(sorted(all));

      VacuumResult vacuumed =
          Vacuum.forTable(log).retention(Duration.ZERO).allowShortRetention().execute();
      assertThat(vacuumed.filesDeleted()).isEqualTo(written.numFiles());
      assertThat(dataFiles(s3, table)).isEqualTo(liveFiles(table, log.latestSnapshot()));
      assertThat(read(s3, table, log.latestSnapshot())).isEqualTo(sorted(all));
    }
  }

  /** Paths of the table's files outside {@code _delta_log}, as listed on S3. */
  private static Set<String> dataFiles(S3Storage s3, String table) {
    return s3.listRecursively(table).stream()
        .map(FileStatus::path)
        .filter(p -> !p.contains("/_delta_log/"))
        .collect(Collectors.toSet());
  }

  private static Set<String> liveFiles(String table, Snapshot snapshot) {
    return snapshot.allFiles().stream()
        .map(AddFile::path)
        .map(p -> StoragePaths.join(table, PartitionPaths.decodeAddPath(p)))
        .collect(Collectors.toSet());
  }
}
