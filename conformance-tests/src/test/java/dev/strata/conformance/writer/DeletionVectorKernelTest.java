package dev.strata.conformance.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.conformance.KernelOracle;
import dev.strata.conformance.OracleOutput;
import dev.strata.engine.Strata;
import dev.strata.format.Row;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.AddFile;
import dev.strata.log.DeltaLog;
import dev.strata.log.Snapshot;
import dev.strata.maintenance.LogMaintenance;
import dev.strata.maintenance.Optimize;
import dev.strata.maintenance.Restore;
import dev.strata.writer.StrataTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Delta Kernel reads the deletion vectors Strata writes: after each DELETE, UPDATE and MERGE on a
 * table with {@code delta.enableDeletionVectors=true}, after OPTIMIZE purges them, after RESTORE
 * swaps (file, vector) pairs and from a checkpoint, Kernel returns exactly the rows Strata returns.
 */
class DeletionVectorKernelTest {
  static Strata strata;

  @TempDir Path dir;

  static final StructType SCHEMA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG),
          StructField.of("region", PrimitiveType.STRING),
          StructField.of("qty", PrimitiveType.INTEGER),
          StructField.of("note", PrimitiveType.STRING));

  @BeforeAll
  static void start() {
    strata = Strata.builder().parallelism(2).build();
  }

  @AfterAll
  static void stop() {
    strata.close();
  }

  static Row row(long id, int qty) {
    return Row.of(id, "r" + (id % 3), qty, id % 7 == 0 ? null : "n" + id);
  }

  static List<Row> rows(long from, long to) {
    List<Row> out = new ArrayList<>();
    for (long id = from; id < to; id++) {
      out.add(row(id, (int) (id % 10)));
    }
    return out;
  }

  /** Kernel's rows equal Strata's, at the latest version or {@code version}. */
  private static List<String> assertKernelAgrees(String table, Long version) throws Exception {
    var reader = strata.read();
    if (version != null) {
      reader = reader.versionAsOf(version);
    }
    List<String> strataRows =
        reader.table(table).collect().stream().map(OracleOutput::render).sorted().toList();
    KernelOracle.Result kernel = KernelOracle.read(table, version);
    assertThat(kernel.rows().stream().sorted().toList()).isEqualTo(strataRows);
    return strataRows;
  }

  private static long vectors(String table) {
    return DeltaLog.forTable(table).latestSnapshot().allFiles().stream()
        .filter(f -> f.deletionVector() != null)
        .count();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "region"})
  void kernelReadsWhatDeleteUpdateAndMergeLeave(String partitionBy) throws Exception {
    String t = dir.resolve("t").toString();
    var write =
        strata
            .createDataset(rows(0, 300), SCHEMA)
            .write()
            .property("delta.enableDeletionVectors", "true");
    if (!partitionBy.isEmpty()) {
      // The partitioned table also has the change data feed: cdc actions and _change_data files
      // are in the table Kernel reads.
      write.partitionBy(partitionBy).property("delta.enableChangeDataFeed", "true");
    }
    write.save(t);
    StrataTable table = StrataTable.forPath(strata, t);
    long created = DeltaLog.forTable(t).latestSnapshot().version();

    table.delete("qty = 3 OR note IS NULL");
    assertThat(vectors(t)).isPositive();
    List<String> afterDelete = assertKernelAgrees(t, null);
    assertThat(afterDelete)
        .hasSize(
            (int)
                java.util.stream.LongStream.range(0, 300)
                    .filter(id -> id % 10 != 3 && id % 7 != 0)
                    .count());
    long deleteVersion = DeltaLog.forTable(t).latestSnapshot().version();

    table.update("id BETWEEN 100 AND 160", Map.of("note", "'updated'", "qty", "qty + 100"));
    assertKernelAgrees(t, null);

    // A second DELETE of rows in files that already have vectors: the vectors are unioned.
    table.delete("id % 10 = 9");
    assertKernelAgrees(t, null);

    List<Row> source = new ArrayList<>();
    for (long id = 250; id < 330; id++) {
      source.add(row(id, -1));
    }
    table
        .as("t")
        .merge(strata.createDataset(source, SCHEMA).as("s"), "t.id = s.id")
        .whenMatched("s.id % 4 = 0")
        .delete()
        .whenMatched()
        .update(Map.of("qty", "s.qty", "note", "'merged'"))
        .whenNotMatched()
        .insertAll()
        .whenNotMatchedBySource("t.id < 20")
        .delete()
        .execute();
    List<String> afterMerge = assertKernelAgrees(t, null);
    if (!partitionBy.isEmpty()) {
      assertThat(java.nio.file.Files.isDirectory(Path.of(t, "_change_data"))).isTrue();
    }
    assertThat(afterMerge).anyMatch(r -> r.contains("'merged'"));
    assertThat(afterMerge).noneMatch(r -> r.startsWith("(5, "));

    // Time travel to the first DELETE reads that version's vectors.
    assertThat(assertKernelAgrees(t, deleteVersion)).isEqualTo(afterDelete);

    // From a checkpoint: the deletionVector struct of each add is read back by Kernel.
    LogMaintenance.checkpoint(DeltaLog.forTable(t));
    assertKernelAgrees(t, null);

    Restore.forTable(DeltaLog.forTable(t)).toVersion(deleteVersion).execute();
    assertThat(assertKernelAgrees(t, null)).isEqualTo(afterDelete);

    Optimize.forTable(DeltaLog.forTable(t)).purgeDeletionVectors().execute();
    assertThat(vectors(t)).isZero();
    assertThat(assertKernelAgrees(t, null)).isEqualTo(afterDelete);

    Restore.forTable(DeltaLog.forTable(t)).toVersion(created).execute();
    assertThat(assertKernelAgrees(t, null)).hasSize(300);
    Snapshot last = DeltaLog.forTable(t).latestSnapshot();
    assertThat(last.allFiles()).extracting(AddFile::deletionVector).containsOnlyNulls();
  }

  /** Rows of the golden dv-partitioned-with-checkpoint table Spark wrote: (part, col1, col2). */
  private static boolean sparkKept(int x) {
    return !(x % 2 == 0 && x < 30);
  }

  @Test
  void strataWritesIntoATableWhoseVectorsSparkWrote() throws Exception {
    Path copy = dev.strata.format.testing.Golden.copy("dv-partitioned-with-checkpoint", dir);
    String t = copy.toString();
    StrataTable table = StrataTable.forPath(strata, t);
    // Rows Spark's vectors already deleted stay deleted: Strata's vectors are unions with them.
    table.delete("col1 % 3 = 0");
    List<String> want = new ArrayList<>();
    for (int x = 0; x < 50; x++) {
      if (sparkKept(x) && x % 3 != 0) {
        want.add("(" + (x % 10) + ", " + x + ", 'foo" + (x % 5) + "')");
      }
    }
    assertThat(assertKernelAgrees(t, null)).isEqualTo(want.stream().sorted().toList());
    assertThat(
            DeltaLog.forTable(t).latestSnapshot().allFiles().stream()
                .filter(f -> f.deletionVector() != null)
                .mapToLong(f -> f.deletionVector().cardinality())
                .sum())
        .isGreaterThan(0);

    table.update("col1 > 40", Map.of("col2", "'late'"));
    List<String> updated = assertKernelAgrees(t, null);
    assertThat(updated)
        .filteredOn(r -> r.endsWith("'late')"))
        .hasSize(
            (int)
                java.util.stream.IntStream.range(41, 50)
                    .filter(x -> sparkKept(x) && x % 3 != 0)
                    .count());
    Optimize.forTable(DeltaLog.forTable(t)).purgeDeletionVectors().execute();
    assertThat(vectors(t)).isZero();
    assertThat(assertKernelAgrees(t, null)).isEqualTo(updated);
  }
}
