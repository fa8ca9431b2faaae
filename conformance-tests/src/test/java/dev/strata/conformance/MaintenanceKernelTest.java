package dev.strata.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.format.Row;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.DeltaLog;
import dev.strata.log.Snapshot;
import dev.strata.maintenance.LogMaintenance;
import dev.strata.maintenance.Optimize;
import dev.strata.maintenance.Restore;
import dev.strata.maintenance.Vacuum;
import dev.strata.maintenance.VacuumResult;
import dev.strata.maintenance.testing.TestTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What OPTIMIZE (bin-pack and Z-order), RESTORE, checkpoint and VACUUM commit reads the same
 * through Delta Kernel as through Strata, at the latest version and by time travel.
 */
class MaintenanceKernelTest {
  static final StructType SCHEMA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG),
          StructField.of("score", PrimitiveType.DOUBLE),
          StructField.of("name", PrimitiveType.STRING),
          StructField.of("part", PrimitiveType.STRING));

  @TempDir Path dir;

  private static List<String> strataRows(Snapshot snapshot) {
    return GoldenRowsTest.rows(snapshot.scan().build()).stream()
        .map(OracleOutput::render)
        .sorted()
        .toList();
  }

  private void assertKernelReadsLikeStrata(String table, Long version) throws Exception {
    DeltaLog log = DeltaLog.forTable(table);
    Snapshot snapshot = version == null ? log.latestSnapshot() : log.snapshotAt(version);
    KernelOracle.Result kernel = KernelOracle.read(table, version);
    assertThat(kernel.version()).isEqualTo(snapshot.version());
    assertThat(kernel.files()).hasSize(snapshot.allFiles().size());
    assertThat(kernel.rows().stream().sorted().toList()).isEqualTo(strataRows(snapshot));
  }

  @Test
  void maintenanceCommitsReadTheSameThroughKernel() throws Exception {
    TestTable table = TestTable.create(dir.resolve("t"), SCHEMA, List.of("part"), Map.of());
    for (int c = 0; c < 12; c++) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        long id = c * 50L + i;
        rows.add(Row.of(id, (id * 37 % 101) / 7.0, "n" + (id % 13), "p" + (c % 3)));
      }
      table.append(rows);
    }
    String path = table.path();
    long beforeOptimize = table.log().latestSnapshot().version();
    List<String> original = strataRows(table.log().latestSnapshot());
    assertThat(original).hasSize(600);

    Optimize.forTable(DeltaLog.forTable(path)).execute();
    assertKernelReadsLikeStrata(path, null);
    assertThat(strataRows(DeltaLog.forTable(path).latestSnapshot())).isEqualTo(original);

    Optimize.forTable(DeltaLog.forTable(path)).zOrderBy(List.of("score", "name")).execute();
    assertKernelReadsLikeStrata(path, null);

    LogMaintenance.checkpoint(DeltaLog.forTable(path));
    assertKernelReadsLikeStrata(path, null);

    Restore.forTable(DeltaLog.forTable(path)).toVersion(beforeOptimize).execute();
    assertKernelReadsLikeStrata(path, null);
    assertThat(DeltaLog.forTable(path).latestSnapshot().numFiles()).isEqualTo(12);

    VacuumResult vacuum =
        Vacuum.forTable(DeltaLog.forTable(path))
            .retention(Duration.ZERO)
            .allowShortRetention()
            .execute();
    assertThat(vacuum.filesDeleted()).isPositive();
    assertKernelReadsLikeStrata(path, null);
    assertKernelReadsLikeStrata(path, beforeOptimize);
    assertThat(strataRows(DeltaLog.forTable(path).latestSnapshot())).isEqualTo(original);
  }
}
