package dev.strata.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.format.Row;
import dev.strata.format.stats.ColumnRange;
import dev.strata.format.stats.DeltaStats;
import dev.strata.format.stats.FileStats;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.AddFile;
import dev.strata.log.Snapshot;
import dev.strata.maintenance.testing.TestTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Z-order makes min/max statistics skip files for filters on each of the Z-ordered columns. */
class ZOrderTest {
  static final StructType SCHEMA =
      StructType.of(
          StructField.of("x", PrimitiveType.LONG),
          StructField.of("y", PrimitiveType.LONG),
          StructField.of("payload", PrimitiveType.STRING));

  static final int ROWS = 1_000_000;
  static final int FILES = 50;

  @TempDir Path dir;

  @Test
  void filtersOnEitherColumnSkipAtLeastHalfTheFiles() {
    TestTable table = TestTable.create(dir.resolve("t"), SCHEMA, List.of(), Map.of());
    Random random = new Random(42);
    int perFile = ROWS / FILES;
    List<dev.strata.log.AddFile> adds = new ArrayList<>();
    for (int f = 0; f < FILES; f++) {
      List<Row> rows = new ArrayList<>(perFile);
      for (int i = 0; i < perFile; i++) {
        rows.add(
            Row.of((long) random.nextInt(10_000), (long) random.nextInt(10_000), "p" + (i % 7)));
      }
      adds.addAll(table.writeFiles(rows));
    }
    table.commit(adds, "WRITE");
    Snapshot before = table.log().latestSnapshot();
    assertThat(before.numFiles()).isEqualTo(FILES);
    long[] probes = {17, 2_500, 5_003, 7_777, 9_990};
    // Random data: every file spans (nearly) the whole range of both columns.
    for (long probe : probes) {
      assertThat(matching(before, "x", probe)).isEqualTo(FILES);
      assertThat(matching(before, "y", probe)).isEqualTo(FILES);
    }

    long target = before.sizeInBytes() / 32;
    OptimizeResult result =
        Optimize.forTable(table.log()).zOrderBy(List.of("x", "y")).targetFileSize(target).execute();

    Snapshot after = table.log().latestSnapshot();
    assertThat(result.committedVersion()).isEqualTo(after.version());
    int files = after.allFiles().size();
    assertThat(files).isBetween(16, 64);
    long rows = after.allFiles().stream().mapToLong(f -> f.numRecords().orElse(-1)).sum();
    assertThat(rows).isEqualTo(ROWS);
    for (long probe : probes) {
      System.out.printf(
          "probe %d: x matches %d of %d files, y matches %d%n",
          probe, matching(after, "x", probe), files, matching(after, "y", probe));
      assertThat(matching(after, "x", probe))
          .as("files matching x = %d", probe)
          .isLessThanOrEqualTo(files / 2);
      assertThat(matching(after, "y", probe))
          .as("files matching y = %d", probe)
          .isLessThanOrEqualTo(files / 2);
    }
    // Already Z-ordered by the same columns: nothing to do.
    assertThat(Optimize.forTable(table.log()).zOrderBy(List.of("x", "y")).execute().nothingToDo())
        .isTrue();
  }

  /** Files whose min/max statistics admit {@code column = value}. */
  private static long matching(Snapshot snapshot, String column, long value) {
    long n = 0;
    for (AddFile file : snapshot.allFiles()) {
      FileStats stats = DeltaStats.parse(file.stats(), snapshot.schema());
      ColumnRange range = stats.range(column);
      long min = ((Number) range.min()).longValue();
      long max = ((Number) range.max()).longValue();
      if (min <= value && value <= max) {
        n++;
      }
    }
    return n;
  }
}
