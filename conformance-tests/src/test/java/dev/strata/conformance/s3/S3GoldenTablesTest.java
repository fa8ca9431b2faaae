package dev.strata.conformance.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.strata.format.LocalStorage;
import dev.strata.format.PartitionPaths;
import dev.strata.format.Row;
import dev.strata.format.Storage;
import dev.strata.format.StoragePaths;
import dev.strata.format.parquet.ParquetDataReader;
import dev.strata.format.s3.S3Storage;
import dev.strata.format.stats.StatsPredicate;
import dev.strata.format.testing.S3ProxyFixture;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.log.AddFile;
import dev.strata.log.DeltaLog;
import dev.strata.log.RemoveFile;
import dev.strata.log.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden tables (written by Spark/Delta) uploaded to a real S3 server read exactly as they do
 * from local disk: log replay with checkpoints, special characters in partition paths, and every
 * data file's rows through ranged reads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3GoldenTablesTest {
  @RegisterExtension static final S3ProxyFixture S3 = S3ProxyFixture.shared();

  private final LocalStorage local = new LocalStorage();
  private S3Storage s3;
  private String bucket;

  static Path goldenRoot() {
    return dev.strata.format.testing.Golden.goldenDir();
  }

  static Stream<String> tables() throws Exception {
    try (Stream<Path> list = Files.list(goldenRoot())) {
      return list
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @BeforeAll
  void upload() throws Exception {
    bucket = S3.createBucket();
    s3 = S3.newStorage();
    Path root = goldenRoot();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().endsWith(".crc"))
              .toList();
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> uploads = new ArrayList<>();
    for (Path file : files) {
      String key = root.relativize(file).toString();
      uploads.add(
          pool.submit(
              () -> {
                s3.write("s3://" + bucket + "/golden/" + key, Files.readAllBytes(file));
                return null;
              }));
    }
    for (Future<?> upload : uploads) {
      upload.get();
    }
    pool.shutdown();
  }

  @AfterAll
  void close() {
    s3.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void tableReadsTheSameFromS3AsFromLocalDisk(String table) {
    String localPath = StoragePaths.normalize(goldenRoot().resolve(table).toString());
    String s3Path = "s3://" + bucket + "/golden/" + table;
    Snapshot expected;
    try {
      expected = DeltaLog.forTable(local, localPath).latestSnapshot();
    } catch (RuntimeException localFailure) {
      // An invalid golden table must fail the same way from S3.
      Throwable s3Failure = catchThrowable(() -> DeltaLog.forTable(s3, s3Path).latestSnapshot());
      assertThat(s3Failure).isExactlyInstanceOf(localFailure.getClass());
      return;
    }
    Snapshot actual = DeltaLog.forTable(s3, s3Path).latestSnapshot();
    assertThat(actual.version()).isEqualTo(expected.version());
    assertThat(actual.protocol()).isEqualTo(expected.protocol());
    assertThat(actual.metadata().schemaString()).isEqualTo(expected.metadata().schemaString());
    assertThat(actual.partitionColumns()).isEqualTo(expected.partitionColumns());
    assertThat(actual.configuration()).isEqualTo(expected.configuration());
    assertThat(files(actual.allFiles())).isEqualTo(files(expected.allFiles()));
    assertThat(actual.tombstones().stream().map(RemoveFile::path).sorted().toList())
        .isEqualTo(expected.tombstones().stream().map(RemoveFile::path).sorted().toList());
    assertThat(actual.transactions()).isEqualTo(expected.transactions());
    assertThat(actual.lastCheckpointVersion()).isEqualTo(expected.lastCheckpointVersion());

    // A few files per table keep the suite quick; every table's files go through ranged reads.
    for (AddFile add : expected.allFiles().stream().limit(4).toList()) {
      if (add.path().contains(":")) {
        continue; // absolute paths point outside the table
      }
      String relative = PartitionPaths.decodeAddPath(add.path());
      assertThat(rowsOrFailure(s3, StoragePaths.join(s3Path, relative)))
          .as("rows of %s in %s", relative, table)
          .isEqualTo(rowsOrFailure(local, StoragePaths.join(localPath, relative)));
    }
  }

  private static Map<String, String> files(List<AddFile> adds) {
    return adds.stream()
        .collect(
            Collectors.toMap(
                AddFile::path,
                a -> a.size() + " " + new TreeMap<>(a.partitionValues()) + " " + a.stats(),
                (x, y) -> x + "|" + y,
                TreeMap::new));
  }

  /** The file's rows as text, or the kind of failure when this reader cannot read it. */
  private static List<String> rowsOrFailure(Storage storage, String path) {
    List<String> rows = new ArrayList<>();
    try {
      StructType schema = ParquetDataReader.schema(storage, path);
      try (var batches = ParquetDataReader.open(storage, path, schema, StatsPredicate.all())) {
        while (batches.hasNext()) {
          ColumnBatch batch = batches.next();
          for (Row row : batch.toRows()) {
            rows.add(row.toString());
          }
        }
      }
    } catch (Exception e) {
      return List.of("failed: " + e.getClass().getName());
    }
    return rows;
  }
}
