package dev.strata.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.format.Row;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.AddFile;
import dev.strata.log.DeltaLog;
import dev.strata.log.Metadata;
import dev.strata.log.Operation;
import dev.strata.log.OptimisticTransaction;
import dev.strata.log.Snapshot;
import dev.strata.log.testing.TestTables;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables Strata commits (many commits, checkpoints, removes, partitions of several types including
 * null and characters that need escaping) read identically through Delta Kernel.
 */
class KernelRoundTripTest {
  @TempDir Path dir;

  static final StructType SCHEMA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG),
          StructField.of("name", PrimitiveType.STRING),
          StructField.of("amount", new DecimalType(10, 2)),
          StructField.of("at", PrimitiveType.TIMESTAMP),
          StructField.of("day", PrimitiveType.DATE),
          StructField.of("region", PrimitiveType.STRING),
          StructField.of("bucket", PrimitiveType.INTEGER),
          StructField.of("flag", PrimitiveType.BOOLEAN));

  static final List<String> PARTITIONS = List.of("day", "region", "bucket", "flag");
  static final String[] REGIONS = {"eu", "us west", "a/b=c%d", "x:y#z", null};

  private static Row row(long id, Random random) {
    return Row.of(
        id,
        "name-" + id,
        BigDecimal.valueOf(random.nextInt(100_000), 2),
        Instant.ofEpochSecond(1_700_000_000L + id * 37, (id % 1000) * 1000),
        LocalDate.of(2024, 1, 1 + (int) (id % 3)),
        REGIONS[(int) (id % REGIONS.length)],
        (int) (id % 2),
        id % 4 == 0 ? null : id % 4 == 1);
  }

  @Test
  void kernelReadsWhatStrataCommitted() throws Exception {
    DeltaLog log = DeltaLog.forTable(dir.toString());
    Metadata metadata = Metadata.create(SCHEMA, PARTITIONS, Map.of());
    log.startTransaction().updateMetadata(metadata).commit(List.of(), Operation.of("CREATE TABLE"));
    Random random = new Random(42);
    long id = 0;
    for (int commit = 1; commit <= 23; commit++) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        rows.add(row(id++, random));
      }
      log.startTransaction()
          .commit(TestTables.writeFiles(log, metadata, rows), Operation.of("WRITE"));
      if (commit % 7 == 0) {
        // Delete a few whole files: DELETE-like commits with removes.
        Snapshot s = log.latestSnapshot();
        List<AddFile> victims = s.allFiles().subList(0, 2);
        OptimisticTransaction tx = log.startTransaction().recordReadFiles(victims);
        List<dev.strata.log.Action> removes = new ArrayList<>();
        for (AddFile v : victims) {
          removes.add(v.toRemove(System.currentTimeMillis(), true));
        }
        tx.commit(removes, Operation.of("DELETE"));
      }
    }
    Snapshot latest = DeltaLog.forTable(dir.toString()).latestSnapshot();
    assertThat(latest.lastCheckpointVersion()).isPresent();
    assertThat(latest.version()).isGreaterThan(20);

    KernelOracle.Result kernel = KernelOracle.read(dir.toString(), null);
    assertThat(kernel.version()).isEqualTo(latest.version());
    assertThat(kernel.partitionColumns()).containsExactlyElementsOf(PARTITIONS);
    assertThat(kernel.files()).hasSize(latest.allFiles().size());
    List<String> strataRows =
        GoldenRowsTest.rows(latest.scan().build()).stream()
            .map(OracleOutput::render)
            .sorted()
            .toList();
    assertThat(strataRows).isNotEmpty();
    assertThat(kernel.rows().stream().sorted().toList()).isEqualTo(strataRows);
    assertThat(strataRows)
        .anyMatch(r -> r.contains("'a/b=c%d'"))
        .anyMatch(r -> r.contains("'x:y#z'"));

    // Time travel to a version before a delete, read by both.
    long before = 6;
    KernelOracle.Result kernelOld = KernelOracle.read(dir.toString(), before);
    List<String> strataOld =
        GoldenRowsTest.rows(DeltaLog.forTable(dir.toString()).snapshotAt(before).scan().build())
            .stream()
            .map(OracleOutput::render)
            .sorted()
            .toList();
    assertThat(kernelOld.rows().stream().sorted().toList()).isEqualTo(strataOld);
    assertThat(strataOld.stream().filter(Objects::nonNull).count()).isEqualTo(36);
  }
}
