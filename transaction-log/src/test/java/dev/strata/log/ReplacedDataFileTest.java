package dev.strata.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.format.CloseableIterator;
import dev.strata.format.CorruptFileException;
import dev.strata.format.Row;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.log.testing.TestTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A committed data file swapped on disk for another valid Parquet file of the same schema must not
 * be read as if it were the committed one: its length no longer matches {@code add.size}.
 */
class ReplacedDataFileTest {
  @TempDir Path dir;

  private static List<Row> rows(String part, int from, int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      rows.add(new Row(TestTables.SCHEMA, new Object[] {(long) i, "v" + i, part}));
    }
    return rows;
  }

  private static long readAll(ScanFile f) {
    long n = 0;
    try (CloseableIterator<ColumnBatch> batches = f.read()) {
      while (batches.hasNext()) {
        n += batches.next().numRows();
      }
    }
    return n;
  }

  @Test
  void swappedDataFileIsACorruptFileErrorNamingBothSizes() throws Exception {
    DeltaLog log = TestTables.at(dir).create();
    Metadata metadata = log.latestSnapshot().metadata();
    List<AddFile> first = TestTables.writeFiles(log, metadata, rows("2024-01-15", 0, 10));
    List<AddFile> second = TestTables.writeFiles(log, metadata, rows("2024-01-16", 100, 25));
    List<AddFile> all = new ArrayList<>(first);
    all.addAll(second);
    log.startTransaction().commit(all, Operation.of("WRITE"));

    Snapshot snapshot = DeltaLog.forTable(dir.toString()).latestSnapshot();
    assertThat(snapshot.scan().build().files())
        .extracting(ReplacedDataFileTest::readAll)
        .containsExactlyInAnyOrder(10L, 25L);

    // Copy the 2024-01-16 file over the 2024-01-15 one: both are valid Parquet files.
    Path victim = dir.resolve(dev.strata.format.PartitionPaths.decodeAddPath(first.get(0).path()));
    Path other = dir.resolve(dev.strata.format.PartitionPaths.decodeAddPath(second.get(0).path()));
    Files.copy(other, victim, StandardCopyOption.REPLACE_EXISTING);
    long swappedSize = Files.size(victim);
    assertThat(swappedSize).isNotEqualTo(first.get(0).size());

    ScanFile swapped =
        DeltaLog.forTable(dir.toString()).latestSnapshot().scan().build().files().stream()
            .filter(f -> f.add().path().equals(first.get(0).path()))
            .findFirst()
            .orElseThrow();
    assertThatThrownBy(() -> readAll(swapped))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining(victim.getFileName().toString())
        .hasMessageContaining(swappedSize + " bytes")
        .hasMessageContaining(first.get(0).size() + " bytes");

    // A count that reads no column (footer only) refuses as well.
    ScanFile countOnly =
        DeltaLog.forTable(dir.toString())
            .latestSnapshot()
            .scan()
            .withColumns(List.of())
            .build()
            .files()
            .stream()
            .filter(f -> f.add().path().equals(first.get(0).path()))
            .findFirst()
            .orElseThrow();
    assertThatThrownBy(() -> readAll(countOnly)).isInstanceOf(CorruptFileException.class);
  }
}
