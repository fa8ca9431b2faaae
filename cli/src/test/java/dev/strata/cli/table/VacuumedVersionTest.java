package dev.strata.cli.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.cli.CliRunner;
import dev.strata.format.PartitionPaths;
import dev.strata.format.Row;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.AddFile;
import dev.strata.maintenance.testing.TestTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code count --version N} after VACUUM deleted N's files: refused, like a scan, not answered. */
class VacuumedVersionTest {
  @TempDir Path dir;

  static final StructType SCHEMA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG), StructField.of("part", PrimitiveType.STRING));

  @Test
  void countOfAVersionWhoseFilesWereVacuumedIsRefused() throws Exception {
    TestTable table = TestTable.create(dir.resolve("t"), SCHEMA, List.of("part"), Map.of());
    table.append(List.of(Row.of(1L, "a"), Row.of(2L, "a")));
    table.append(List.of(Row.of(3L, "b")));
    AddFile first = table.log().latestSnapshot().allFiles().get(0);
    table.commit(List.of(first.toRemove(System.currentTimeMillis(), true)), "DELETE");
    String t = table.dir().toString();

    assertThat(CliRunner.run("count", t, "--version", "2").out().strip()).isEqualTo("3");
    CliRunner.Result vacuum =
        CliRunner.run("vacuum", t, "--retain", "0h", "--unsafe-allow-short-retention");
    assertThat(vacuum.exitCode()).as(vacuum.toString()).isZero();
    assertThat(Files.exists(table.dir().resolve(PartitionPaths.decodeAddPath(first.path()))))
        .isFalse();

    CliRunner.Result count = CliRunner.run("count", t, "--version", "2");
    assertThat(count.exitCode()).as(count.toString()).isNotZero();
    assertThat(count.out()).doesNotContain("3");
    assertThat(count.err())
        .contains("Version 2")
        .contains("no longer exist")
        .contains(first.path());
    CliRunner.Result scan = CliRunner.run("scan", t, "--version", "2");
    assertThat(scan.exitCode()).isNotZero();
    assertThat(scan.err()).contains("Version 2");
    // The latest version is answered as before.
    assertThat(CliRunner.run("count", t).out().strip()).isEqualTo("1");
  }
}
