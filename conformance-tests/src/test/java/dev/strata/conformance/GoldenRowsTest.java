package dev.strata.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.format.CloseableIterator;
import dev.strata.format.Row;
import dev.strata.format.stats.StatsPredicate;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.log.DeltaLog;
import dev.strata.log.Scan;
import dev.strata.log.ScanFile;
import dev.strata.log.Snapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rows of every golden table read through {@link Scan}, compared with what Delta Kernel 4.4.0
 * returned for the same table (golden/ORACLE_OUTPUT.txt) and with INDEX.md.
 */
class GoldenRowsTest {

  static Stream<String> entries() throws Exception {
    // Log-only tables (fake paths, no data files) have no rows to read.
    return OracleOutput.load().values().stream()
        .filter(e -> e.rowCount() >= 0 && !e.name().startsWith("deltalog-getChanges"))
        .map(OracleOutput.Entry::name);
  }

  @Test
  void rowsOfLargerTablesMatchTheIndex() {
    List<Long> ids =
        rows(
                DeltaLog.forTable(Golden.table("basic-with-inserts-deletes-checkpoint"))
                    .latestSnapshot()
                    .scan()
                    .build())
            .stream()
            .map(r -> ((Number) r.get(0)).longValue())
            .sorted()
            .toList();
    List<Long> expected = new ArrayList<>();
    for (long i = 0; i < 50; i += 10) {
      for (long j = i; j < i + 5; j++) {
        expected.add(j);
      }
    }
    for (long j = 50; j <= 65; j++) {
      expected.add(j);
    }
    assertThat(ids).isEqualTo(expected);
    List<Long> restored =
        rows(
                DeltaLog.forTable(Golden.table("basic-with-inserts-overwrite-restore"))
                    .latestSnapshot()
                    .scan()
                    .build())
            .stream()
            .map(r -> ((Number) r.get(0)).longValue())
            .sorted()
            .toList();
    assertThat(restored).isEqualTo(java.util.stream.LongStream.range(0, 200).boxed().toList());
    List<Long> overwritten =
        rows(
                DeltaLog.forTable(Golden.table("basic-with-inserts-overwrite-restore"))
                    .snapshotAt(2)
                    .scan()
                    .build())
            .stream()
            .map(r -> ((Number) r.get(0)).longValue())
            .sorted()
            .toList();
    assertThat(overwritten)
        .isEqualTo(java.util.stream.LongStream.range(500, 1000).boxed().toList());
    List<Long> corrupted =
        rows(
                DeltaLog.forTable(Golden.table("corrupted-last-checkpoint-kernel"))
                    .latestSnapshot()
                    .scan()
                    .build())
            .stream()
            .map(r -> ((Number) r.get(0)).longValue())
            .sorted()
            .toList();
    assertThat(corrupted).isEqualTo(java.util.stream.LongStream.range(0, 100).boxed().toList());
  }

  @Test
  void deletionVectorsRemoveExactlyTheDeletedRows() {
    for (String table : List.of("dv-partitioned-with-checkpoint", "dv-with-columnmapping")) {
      Snapshot s = DeltaLog.forTable(Golden.table(table)).latestSnapshot();
      List<String> actual =
          rows(s.scan().build()).stream().map(OracleOutput::render).sorted().toList();
      List<String> expected = new ArrayList<>();
      for (int x = 0; x < 50; x++) {
        if (!(x % 2 == 0 && x < 30)) {
          expected.add("(" + (x % 10) + ", " + x + ", 'foo" + (x % 5) + "')");
        }
      }
      assertThat(actual).as(table).isEqualTo(expected.stream().sorted().toList());
    }
  }

  static List<Row> rows(Scan scan) {
    List<Row> rows = new ArrayList<>();
    for (ScanFile file : scan.files()) {
      try (CloseableIterator<ColumnBatch> batches = file.read()) {
        while (batches.hasNext()) {
          rows.addAll(batches.next().toRows());
        }
      }
    }
    return rows;
  }

  private static Snapshot snapshot(String entry) {
    int at = entry.indexOf('@');
    DeltaLog log = DeltaLog.forTable(Golden.table(at < 0 ? entry : entry.substring(0, at)));
    return at < 0 ? log.latestSnapshot() : log.snapshotAt(Long.parseLong(entry.substring(at + 1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void rowsMatchDeltaKernel(String entry) throws Exception {
    OracleOutput.Entry expected = OracleOutput.load().get(entry);
    Snapshot s = snapshot(entry);
    assertThat(s.version()).isEqualTo(expected.version());
    Scan scan = s.scan().build();
    assertThat(scan.files()).hasSize(expected.scanFiles());
    List<String> actual = rows(scan).stream().map(OracleOutput::render).sorted().toList();
    assertThat(actual).hasSize((int) expected.rowCount());
    if (!expected.rows().isEmpty()) {
      assertThat(actual).isEqualTo(expected.rows().stream().sorted().toList());
    }
  }

  @Test
  void partitionFilterOnDeletionVectorTable() {
    Snapshot s = DeltaLog.forTable(Golden.table("dv-partitioned-with-checkpoint")).latestSnapshot();
    Scan scan = s.scan().withPartitionFilter(pv -> ((Integer) pv.get("part")) >= 7).build();
    assertThat(rows(scan)).hasSize(12);
    Snapshot mapped = DeltaLog.forTable(Golden.table("dv-with-columnmapping")).latestSnapshot();
    assertThat(
            rows(
                mapped
                    .scan()
                    .withPartitionFilter(pv -> Integer.valueOf(0).equals(pv.get("part")))
                    .build()))
        .hasSize(2);
    assertThat(
            rows(
                DeltaLog.forTable(Golden.table("dv-partitioned-with-checkpoint"))
                    .snapshotAt(0)
                    .scan()
                    .build()))
        .hasSize(50);
  }

  @Test
  void decimalAndTimestampPartitionFilters() {
    Snapshot decimal = DeltaLog.forTable(Golden.table("basic-decimal-table")).latestSnapshot();
    assertThat(
            rows(
                decimal
                    .scan()
                    .withPartitionFilter(
                        pv -> new BigDecimal("2342222.23454").equals(pv.get("part")))
                    .build()))
        .hasSize(1);
    Snapshot iso =
        DeltaLog.forTable(Golden.table("kernel-timestamp-partition-col-ISO8601")).latestSnapshot();
    Instant ts = Instant.ofEpochSecond(1704103200L);
    assertThat(rows(iso.scan().withPartitionFilter(pv -> ts.equals(pv.get("ts"))).build()))
        .hasSize(1);
  }

  @Test
  void columnSelectionIncludingPartitionColumns() {
    Snapshot s = DeltaLog.forTable(Golden.table("deltatbl-partition-prune")).latestSnapshot();
    List<String> columns = new ArrayList<>(List.of(s.partitionColumns().get(0)));
    String dataColumn =
        s.schema().fieldNames().stream()
            .filter(n -> !s.partitionColumns().contains(n))
            .findFirst()
            .orElseThrow();
    columns.add(dataColumn);
    Scan scan = s.scan().withColumns(columns).build();
    assertThat(scan.readSchema().fieldNames()).containsExactlyElementsOf(columns);
    List<Row> rows = rows(scan);
    assertThat(rows).hasSize(5).allSatisfy(r -> assertThat(r.size()).isEqualTo(2));
    // Only partition columns: rows still counted from the files.
    assertThat(rows(s.scan().withColumns(s.partitionColumns()).build())).hasSize(5);
  }

  @Test
  void statsFilterSkipsFiles() {
    Snapshot s =
        DeltaLog.forTable(Golden.table("basic-with-inserts-deletes-checkpoint")).latestSnapshot();
    StatsPredicate idAbove60 =
        columns -> {
          var range = columns.apply("id");
          return range == null || range.max() == null || ((Number) range.max()).longValue() > 60;
        };
    Scan filtered = s.scan().withStatsFilter(idAbove60).build();
    assertThat(filtered.files().size()).isLessThan(s.scan().build().files().size());
    assertThat(rows(filtered)).extracting(r -> ((Number) r.get(0)).longValue()).contains(61L, 65L);
    Map<String, Object> none = Map.of();
    assertThat(none).isEmpty();
  }

  @Test
  void classicNamedV2CheckpointWithSidecars(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    java.nio.file.Path dir = Golden.copy("v2-checkpoint-parquet", tmp);
    java.nio.file.Path log = dir.resolve("_delta_log");
    try (var files = java.nio.file.Files.list(log)) {
      for (java.nio.file.Path p : files.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith("00000000000000000002.checkpoint.") && name.endsWith(".parquet")) {
          java.nio.file.Files.move(p, log.resolve("00000000000000000002.checkpoint.parquet"));
        }
      }
    }
    java.nio.file.Files.delete(log.resolve("_last_checkpoint"));
    // Without the JSON commits the checkpoint is the only source of the files.
    java.nio.file.Files.delete(log.resolve("00000000000000000000.json"));
    java.nio.file.Files.delete(log.resolve("00000000000000000001.json"));
    Snapshot s = DeltaLog.forTable(dir.toString()).latestSnapshot();
    assertThat(s.lastCheckpointVersion()).hasValue(2);
    assertThat(s.allFiles()).hasSize(4);
    assertThat(rows(s.scan().build())).hasSize(10);
  }

  @Test
  void scansWithoutColumnsStillCountRows() {
    long dvRows = 0;
    for (var batchCount :
        List.of(
            DeltaLog.forTable(Golden.table("dv-partitioned-with-checkpoint"))
                .latestSnapshot()
                .scan()
                .withColumns(List.of())
                .build())) {
      for (ScanFile f : batchCount.files()) {
        try (CloseableIterator<ColumnBatch> it = f.read()) {
          while (it.hasNext()) {
            ColumnBatch b = it.next();
            assertThat(b.numColumns()).isZero();
            dvRows += b.numRows();
          }
        }
      }
    }
    assertThat(dvRows).isEqualTo(35);
    Snapshot s = DeltaLog.forTable(Golden.table("dv-partitioned-with-checkpoint")).latestSnapshot();
    assertThat(s.scan().build().files().stream().mapToLong(f -> f.numRecords().orElseThrow()).sum())
        .isEqualTo(35);
  }
}
