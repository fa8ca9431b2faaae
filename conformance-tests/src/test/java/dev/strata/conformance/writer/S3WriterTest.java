package dev.strata.conformance.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.engine.SaveMode;
import dev.strata.engine.Strata;
import dev.strata.format.FileStatus;
import dev.strata.format.PartitionPaths;
import dev.strata.format.Row;
import dev.strata.format.StoragePaths;
import dev.strata.format.s3.S3Storage;
import dev.strata.format.testing.S3ProxyFixture;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.AddFile;
import dev.strata.log.DeltaLog;
import dev.strata.log.RemoveFile;
import dev.strata.log.Snapshot;
import dev.strata.writer.ConstraintViolationException;
import dev.strata.writer.MergeMetrics;
import dev.strata.writer.StrataTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The writer on an object store, where a rename is a copy: attempts write at their final paths and
 * keep only manifests under {@code _temporary}. Failed writes leave no object behind and MERGE
 * rewrites in place, on a real S3 server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3WriterTest {
  @RegisterExtension static final S3ProxyFixture S3 = S3ProxyFixture.shared();

  private static final StructType SCHEMA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG),
          StructField.of("qty", PrimitiveType.INTEGER),
          StructField.of("part", PrimitiveType.STRING));

  @BeforeAll
  void pointAtS3() {
    S3.setSystemProperties();
  }

  @AfterAll
  void reset() {
    S3.clearSystemProperties();
  }

  private static List<Row> rows(long from, int n, String part) {
    List<Row> out = new ArrayList<>();
    for (long id = from; id < from + n; id++) {
      out.add(Row.of(id, (int) (id % 5), part));
    }
    return out;
  }

  /** Every object of the table outside the log is live or tombstoned; nothing is staged. */
  private static void assertOnlyReferencedObjects(S3Storage s3, String table) {
    Snapshot s = DeltaLog.forTable(table).latestSnapshot();
    Set<String> referenced = new HashSet<>();
    for (AddFile f : s.allFiles()) {
      referenced.add(StoragePaths.join(table, PartitionPaths.decodeAddPath(f.path())));
    }
    for (RemoveFile f : s.tombstones()) {
      referenced.add(StoragePaths.join(table, PartitionPaths.decodeAddPath(f.path())));
    }
    Set<String> objects =
        s3.listRecursively(table).stream()
            .map(FileStatus::path)
            .filter(p -> !p.contains("/_delta_log/"))
            .collect(Collectors.toSet());
    assertThat(referenced).containsAll(objects);
  }

  @Test
  void writesMergesAndAbortsOnS3() {
    String table = "s3://" + S3.createBucket() + "/lakehouse/orders";
    try (Strata strata = Strata.builder().parallelism(2).build();
        S3Storage s3 = S3.newStorage()) {
      List<Row> all = new ArrayList<>(rows(0, 100, "a"));
      all.addAll(rows(100, 100, "b"));
      strata.createDataset(all, SCHEMA).write().partitionBy("part").save(table);

      assertThatThrownBy(
              () ->
                  strata
                      .createDataset(rows(500, 50, "c"), SCHEMA)
                      .write()
                      .mode(SaveMode.OVERWRITE)
                      .replaceWhere("part = 'a'")
                      .save(table))
          .isInstanceOf(ConstraintViolationException.class);
      assertOnlyReferencedObjects(s3, table);
      assertThat(s3.listRecursively(table + "/_temporary")).isEmpty();

      MergeMetrics m =
          StrataTable.forPath(strata, table)
              .as("t")
              .merge(
                  strata
                      .createDataset(List.of(Row.of(5L, 99, "a"), Row.of(1000L, 1, "b")), SCHEMA)
                      .as("s"),
                  "t.id = s.id AND t.part = s.part")
              .whenMatched()
              .update(Map.of("qty", "s.qty"))
              .whenNotMatched()
              .insertAll()
              .execute();
      assertThat(m.rowsUpdated()).isEqualTo(1);
      assertThat(m.rowsInserted()).isEqualTo(1);
      List<Row> read = strata.read().table(table).collect();
      assertThat(read).hasSize(201).contains(Row.of(5L, 99, "a"), Row.of(1000L, 1, "b"));
      assertOnlyReferencedObjects(s3, table);
      assertThat(s3.listRecursively(table + "/_temporary")).isEmpty();
    }
  }
}
