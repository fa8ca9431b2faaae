package dev.strata.writer;

import dev.strata.format.CloseableIterator;
import dev.strata.format.FileStatus;
import dev.strata.format.Row;
import dev.strata.format.Storage;
import dev.strata.format.StoragePaths;
import dev.strata.format.Storages;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.log.AddFile;
import dev.strata.log.DeltaLog;
import dev.strata.log.Snapshot;
import dev.strata.writer.internal.EngineBridgeImpl;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads tables back for assertions, straight from the log and the Parquet files. */
final class Tables {
  private Tables() {}

  static DeltaLog log(String table) {
    String path = StoragePaths.normalize(table);
    return DeltaLog.forTable(Storages.forPath(path), path);
  }

  static Snapshot snapshot(String table) {
    return log(table).latestSnapshot();
  }

  /** Every row of the latest version, sorted by their string form. */
  static List<Row> rows(String table) {
    Snapshot snapshot = snapshot(table);
    StructType schema = snapshot.schema();
    List<Row> rows = new ArrayList<>();
    EngineBridgeImpl bridge = new EngineBridgeImpl(null);
    Storage storage = log(table).storage();
    for (AddFile file : snapshot.allFiles()) {
      try (CloseableIterator<ColumnBatch> it =
          bridge.readFile(
              storage, snapshot.tablePath(), file, schema, snapshot.partitionColumns())) {
        while (it.hasNext()) {
          rows.addAll(it.next().toRows());
        }
      }
    }
    rows.sort(Comparator.comparing(Row::toString));
    return rows;
  }

  /** Data files under the table (outside {@code _delta_log} and {@code _temporary}). */
  static Set<String> dataFilesOnDisk(String table) {
    String root = StoragePaths.normalize(table);
    Set<String> out = new HashSet<>();
    for (FileStatus f : Storages.forPath(root).listRecursively(root)) {
      String rel = StoragePaths.relativize(root, f.path());
      if (!rel.startsWith("_delta_log") && !rel.startsWith("_temporary")) {
        out.add(rel);
      }
    }
    return out;
  }

  /** Relative (decoded) paths of the live files of the latest version. */
  static Set<String> liveFiles(String table) {
    Set<String> out = new HashSet<>();
    for (AddFile f : snapshot(table).allFiles()) {
      out.add(dev.strata.format.PartitionPaths.decodeAddPath(f.path()));
    }
    return out;
  }

  /** Relative paths of the live files and the tombstones (removed, not yet vacuumed). */
  static Set<String> referencedFiles(String table) {
    Set<String> out = liveFiles(table);
    for (dev.strata.log.RemoveFile f : snapshot(table).tombstones()) {
      out.add(dev.strata.format.PartitionPaths.decodeAddPath(f.path()));
    }
    return out;
  }

  /**
   * Asserts that nothing outside the log lies around: every data file on disk is live or
   * tombstoned, every live file exists, and {@code _temporary} is empty.
   */
  static void assertNoOrphans(String table) {
    Set<String> disk = dataFilesOnDisk(table);
    org.assertj.core.api.Assertions.assertThat(referencedFiles(table)).containsAll(disk);
    org.assertj.core.api.Assertions.assertThat(disk).containsAll(liveFiles(table));
    org.assertj.core.api.Assertions.assertThat(temporary(table)).isEmpty();
  }

  /** Files under {@code _temporary}. */
  static List<FileStatus> temporary(String table) {
    String root = StoragePaths.normalize(table);
    return Storages.forPath(root).listRecursively(StoragePaths.join(root, "_temporary"));
  }

  static List<Row> sorted(List<Row> rows) {
    List<Row> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(Row::toString));
    return copy;
  }
}
