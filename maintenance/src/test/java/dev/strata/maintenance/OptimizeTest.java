package dev.strata.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.format.Row;
import dev.strata.format.StrataException;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.AddFile;
import dev.strata.log.CommitEntry;
import dev.strata.log.Snapshot;
import dev.strata.maintenance.testing.TestTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizeTest {
  static final StructType SCHEMA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG),
          StructField.of("value", PrimitiveType.STRING),
          StructField.of("part", PrimitiveType.STRING));

  @TempDir Path dir;

  private TestTable tableWithSmallFiles(int commits, String... partitions) {
    TestTable table = TestTable.create(dir.resolve("t"), SCHEMA, List.of("part"), Map.of());
    long id = 0;
    for (int c = 0; c < commits; c++) {
      List<Row> rows = new ArrayList<>();
      for (String p : partitions) {
        for (int i = 0; i < 100; i++) {
          rows.add(Row.of(id, "v" + id, p));
          id++;
        }
      }
      table.append(rows);
    }
    return table;
  }

  private static List<String> sortedRows(List<Row> rows) {
    return rows.stream().map(Row::toString).sorted().toList();
  }

  @Test
  void compactsEachPartitionIntoOneFileWithoutChangingData() {
    TestTable table = tableWithSmallFiles(10, "a", "b");
    List<String> before = sortedRows(table.rows());
    long versionBefore = table.log().latestSnapshot().version();

    OptimizeResult result = Optimize.forTable(table.log()).execute();

    assertThat(result.committedVersion()).isEqualTo(versionBefore + 1);
    assertThat(result.partitionsOptimized()).isEqualTo(2);
    assertThat(result.filesRemoved()).isEqualTo(20);
    assertThat(result.filesAdded()).isEqualTo(2);
    assertThat(result.sizesBefore().files()).isEqualTo(20);
    assertThat(result.sizesAfter().files()).isEqualTo(2);
    Snapshot after = table.log().latestSnapshot();
    assertThat(after.numFiles()).isEqualTo(2);
    assertThat(after.allFiles()).allMatch(f -> !f.dataChange());
    assertThat(sortedRows(table.rows())).isEqualTo(before);
    CommitEntry commit = table.log().history(1).get(0);
    assertThat(commit.info().operation()).isEqualTo("OPTIMIZE");
    assertThat(commit.info().operationMetrics())
        .containsEntry("numRemovedFiles", "20")
        .containsEntry("numAddedFiles", "2")
        .containsKey("p50FileSize");
  }

  @Test
  void secondRunHasNothingToDoAndCommitsNothing() {
    TestTable table = tableWithSmallFiles(5, "a");
    Optimize.forTable(table.log()).execute();
    long version = table.log().latestSnapshot().version();

    OptimizeResult again = Optimize.forTable(table.log()).execute();

    assertThat(again.nothingToDo()).isTrue();
    assertThat(again.committedVersion()).isNull();
    assertThat(table.log().latestSnapshot().version()).isEqualTo(version);
  }

  @Test
  void partitionFilterAndMinInputFilesLimitTheRewrite() {
    TestTable table = tableWithSmallFiles(3, "a", "b");
    OptimizeResult result =
        Optimize.forTable(table.log())
            .where(pv -> "a".equals(pv.get("part")), "part = 'a'")
            .execute();
    assertThat(result.partitionsOptimized()).isEqualTo(1);
    Snapshot after = table.log().latestSnapshot();
    assertThat(after.allFiles().stream().filter(f -> f.partitionValues().get("part").equals("b")))
        .hasSize(3);
    assertThat(after.allFiles().stream().filter(f -> f.partitionValues().get("part").equals("a")))
        .hasSize(1);

    OptimizeResult notEnough = Optimize.forTable(table.log()).minInputFiles(4).execute();
    assertThat(notEnough.nothingToDo()).isTrue();
  }

  @Test
  void dryRunWritesAndCommitsNothing() throws Exception {
    TestTable table = tableWithSmallFiles(4, "a");
    long files;
    try (var s = java.nio.file.Files.walk(table.dir())) {
      files = s.filter(java.nio.file.Files::isRegularFile).count();
    }
    OptimizeResult result = Optimize.forTable(table.log()).dryRun().execute();
    assertThat(result.dryRun()).isTrue();
    assertThat(result.filesRemoved()).isEqualTo(4);
    assertThat(result.committedVersion()).isNull();
    try (var s = java.nio.file.Files.walk(table.dir())) {
      assertThat(s.filter(java.nio.file.Files::isRegularFile).count()).isEqualTo(files);
    }
  }

  @Test
  void concurrentAppendDuringRewriteDoesNotConflict() {
    TestTable table = tableWithSmallFiles(4, "a");
    AtomicBoolean appended = new AtomicBoolean();
    OptimizeResult result =
        Optimize.forTable(table.log())
            .maxConcurrentTasks(1)
            .progress(
                new ProgressListener() {
                  @Override
                  public void advance(long units) {
                    if (appended.compareAndSet(false, true)) {
                      table.append(List.of(Row.of(1000L, "late", "a")));
                    }
                  }
                })
            .execute();
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(table.rows()).hasSize(401);
    assertThat(table.log().latestSnapshot().numFiles()).isEqualTo(2);
  }

  @Test
  void concurrentRemoveOfAnInputReplansOnTheNewSnapshot() {
    TestTable table = tableWithSmallFiles(4, "a", "b");
    AddFile victim =
        table.log().latestSnapshot().allFiles().stream()
            .filter(f -> f.partitionValues().get("part").equals("a"))
            .findFirst()
            .orElseThrow();
    List<Row> victimRows = table.rows(table.log().latestSnapshot(), victim);
    AtomicBoolean deleted = new AtomicBoolean();
    OptimizeResult result =
        Optimize.forTable(table.log())
            .maxConcurrentTasks(1)
            .progress(
                new ProgressListener() {
                  @Override
                  public void advance(long units) {
                    if (deleted.compareAndSet(false, true)) {
                      table.commit(
                          List.of(victim.toRemove(System.currentTimeMillis(), true)), "DELETE");
                    }
                  }
                })
            .execute();
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(result.committedVersion()).isNotNull();
    List<String> expected = new ArrayList<>();
    for (long id = 0; id < 800; id++) {
      Row row = Row.of(id, "v" + id, id % 200 < 100 ? "a" : "b");
      if (victimRows.stream().noneMatch(v -> v.get(0).equals(row.get(0)))) {
        expected.add(row.toString());
      }
    }
    assertThat(sortedRows(table.rows())).isEqualTo(expected.stream().sorted().toList());
    assertThat(table.log().latestSnapshot().numFiles()).isEqualTo(2);
    // The files written for the abandoned plan were deleted, not left behind.
    long onDisk;
    try (var s = java.nio.file.Files.walk(table.dir())) {
      onDisk =
          s.filter(p -> p.toString().endsWith(".parquet"))
              .filter(p -> !p.toString().contains("_delta_log"))
              .count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(onDisk).isEqualTo(8 + 2);
  }

  @Test
  void zOrderByAPartitionColumnOrUnknownColumnIsRejected() {
    TestTable table = tableWithSmallFiles(2, "a");
    assertThatThrownBy(() -> Optimize.forTable(table.log()).zOrderBy(List.of("part")).execute())
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("partition column");
    assertThatThrownBy(() -> Optimize.forTable(table.log()).zOrderBy(List.of("nope")).execute())
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("no such column");
  }
}
