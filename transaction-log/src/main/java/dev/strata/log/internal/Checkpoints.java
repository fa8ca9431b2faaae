package dev.strata.log.internal;

import dev.strata.format.CloseableIterator;
import dev.strata.format.CorruptFileException;
import dev.strata.format.FileStatus;
import dev.strata.format.Row;
import dev.strata.format.StorageException;
import dev.strata.format.StorageFileNotFoundException;
import dev.strata.format.StoragePaths;
import dev.strata.format.parquet.DataFileInfo;
import dev.strata.format.parquet.ParquetDataReader;
import dev.strata.format.parquet.ParquetDataWriter;
import dev.strata.format.parquet.ParquetWriteOptions;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.log.Action;
import dev.strata.log.AddFile;
import dev.strata.log.RemoveFile;
import dev.strata.log.TableProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/** Reading and writing checkpoints. */
final class Checkpoints {
  private Checkpoints() {}

  private static final int ROWS_PER_BATCH = 4096;

  /** All actions of a checkpoint (V2 sidecars resolved, multi-part parts in parallel). */
  static List<Object> read(DeltaLogImpl log, LogListing.Checkpoint checkpoint) {
    List<FileStatus> files = checkpoint.files();
    if (files.size() == 1) {
      return readFile(log, checkpoint.version(), files.get(0));
    }
    @SuppressWarnings("unchecked")
    List<Object>[] parts = new List[files.size()];
    IntStream.range(0, files.size())
        .parallel()
        .forEach(i -> parts[i] = readFile(log, checkpoint.version(), files.get(i)));
    List<Object> result = new ArrayList<>();
    for (List<Object> p : parts) {
      result.addAll(p);
    }
    return result;
  }

  private static List<Object> readFile(DeltaLogImpl log, long version, FileStatus file) {
    List<Object> top;
    if (file.name().endsWith(".json")) {
      byte[] bytes = log.storage().read(file.path());
      try {
        top = ActionCodec.parseFile(bytes);
      } catch (ActionCodec.LineException e) {
        throw LogErrors.corruptFile(
            log.tablePath(),
            version,
            file.path(),
            "is not a valid checkpoint: line " + e.line() + ": " + e.getMessage(),
            e);
      }
    } else {
      top = readParquet(log, version, file.path());
    }
    List<Sidecar> sidecars = new ArrayList<>();
    List<Object> result = new ArrayList<>(top.size());
    for (Object a : top) {
      if (a instanceof Sidecar s) {
        sidecars.add(s);
      } else {
        result.add(a);
      }
    }
    if (!sidecars.isEmpty()) {
      @SuppressWarnings("unchecked")
      List<Object>[] parts = new List[sidecars.size()];
      IntStream.range(0, sidecars.size())
          .parallel()
          .forEach(
              i -> {
                parts[i] = readParquet(log, version, sidecarPath(log, sidecars.get(i)));
              });
      for (List<Object> p : parts) {
        result.addAll(p);
      }
    }
    return result;
  }

  static List<Object> readParquet(DeltaLogImpl log, long version, String path) {
    return readParquet(log, version, path, CheckpointSchema.READ);
  }

  /**
   * A classic single-file checkpoint read in two column projections: the file actions on a
   * background thread (the bulk of a large checkpoint) and the table state here, so that protocol
   * and metadata are known before the files are. Parquet record assembly costs per row and column
   * even for null columns, which is why neither read takes all columns.
   */
  static Split readSplit(DeltaLogImpl log, LogListing.Checkpoint checkpoint) {
    String path = checkpoint.files().get(0).path();
    CompletableFuture<List<Object>> adds =
        CompletableFuture.supplyAsync(
            () -> readParquet(log, checkpoint.version(), path, CheckpointSchema.READ_FILES));
    List<Object> others;
    try {
      others = readParquet(log, checkpoint.version(), path, CheckpointSchema.READ_TABLE_STATE);
    } catch (RuntimeException e) {
      adds.cancel(false);
      throw e;
    }
    List<Sidecar> sidecars = new ArrayList<>();
    for (Object a : others) {
      if (a instanceof Sidecar sc) {
        sidecars.add(sc);
      }
    }
    if (!sidecars.isEmpty()) {
      // A classic-named V2 checkpoint: its file actions live in the sidecars.
      CompletableFuture<List<Object>> inline = adds;
      adds =
          inline.thenApply(
              top -> {
                List<Object> all = new ArrayList<>(top);
                for (Sidecar sc : sidecars) {
                  all.addAll(readParquet(log, checkpoint.version(), sidecarPath(log, sc)));
                }
                return all;
              });
    }
    return new Split(others, adds);
  }

  private static String sidecarPath(DeltaLogImpl log, Sidecar sidecar) {
    String p = sidecar.path();
    return PathCodec.isAbsolute(p)
        ? PathCodec.resolve(log.tablePath(), p)
        : StoragePaths.join(StoragePaths.join(log.logPath(), "_sidecars"), PathCodec.decode(p));
  }

  /** The two halves of a split checkpoint read. */
  record Split(List<Object> others, CompletableFuture<List<Object>> adds) {
    List<Object> joinAdds() {
      try {
        return adds.join();
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw e;
      }
    }
  }

  static boolean splittable(LogListing.Checkpoint checkpoint) {
    return checkpoint.kind() == FileNames.Kind.CLASSIC_CHECKPOINT;
  }

  private static List<Object> readParquet(
      DeltaLogImpl log, long version, String path, dev.strata.format.types.StructType schema) {
    List<Object> actions = new ArrayList<>();
    try (CloseableIterator<ColumnBatch> batches =
        ParquetDataReader.open(log.storage(), path, schema, null)) {
      while (batches.hasNext()) {
        CheckpointSchema.toActions(batches.next(), actions);
      }
    } catch (CorruptFileException e) {
      throw LogErrors.corruptFile(
          log.tablePath(), version, path, "is not a readable checkpoint: " + e.getMessage(), e);
    } catch (StorageFileNotFoundException e) {
      throw LogErrors.corruptFile(log.tablePath(), version, path, "disappeared while reading", e);
    } catch (StorageException e) {
      throw LogErrors.corruptFile(
          log.tablePath(), version, path, "cannot be read: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (e instanceof dev.strata.log.CorruptLogException) {
        throw e;
      }
      throw LogErrors.corruptFile(
          log.tablePath(), version, path, "is not a valid checkpoint: " + e, e);
    }
    return actions;
  }

  /**
   * Writes the classic checkpoint of {@code snapshot} and then {@code _last_checkpoint}. Expired
   * tombstones are left out.
   */
  static void write(DeltaLogImpl log, SnapshotImpl snapshot) {
    long now = System.currentTimeMillis();
    long retention = TableProperties.deletedFileRetention(snapshot.configuration()).toMillis();
    List<Action> actions = new ArrayList<>();
    actions.add(snapshot.protocol());
    actions.add(snapshot.metadata());
    actions.addAll(snapshot.transactions().values());
    actions.addAll(snapshot.domainMetadata().values());
    List<AddFile> adds = snapshot.allFiles();
    actions.addAll(adds);
    for (RemoveFile r : snapshot.tombstones()) {
      if (r.deletionTimestampOrZero() + retention > now) {
        actions.add(r);
      }
    }
    String path = FileNames.classicCheckpointFile(log.logPath(), snapshot.version());
    ParquetWriteOptions options =
        ParquetWriteOptions.builder()
            .numIndexedCols(0)
            .dictionary(ParquetWriteOptions.DictionaryMode.NEVER)
            .build();
    ParquetDataWriter writer =
        ParquetDataWriter.open(log.storage(), path, CheckpointSchema.WRITE, options);
    DataFileInfo info;
    try {
      for (int from = 0; from < actions.size(); from += ROWS_PER_BATCH) {
        int to = Math.min(actions.size(), from + ROWS_PER_BATCH);
        List<Row> rows = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
          rows.add(CheckpointSchema.toRow(actions.get(i)));
        }
        writer.write(ColumnBatch.fromRows(CheckpointSchema.WRITE, rows));
      }
      info = writer.close();
    } catch (RuntimeException e) {
      writer.abort();
      throw e;
    }
    // The hint must never name a file that cannot be read whole: confirm the published size first
    // (one status call) so a store that lost or cut the file leaves the hint where it was.
    long published = log.storage().status(path).map(FileStatus::size).orElse(-1L);
    if (published != info.size()) {
      throw LogErrors.corruptFile(
          log.tablePath(),
          snapshot.version(),
          path,
          "was written with "
              + info.size()
              + " bytes but the store shows "
              + (published < 0 ? "no file" : published + " bytes")
              + "; _last_checkpoint was left unchanged",
          null);
    }
    LastCheckpoint last =
        new LastCheckpoint(
            snapshot.version(), actions.size(), null, info.size(), (long) adds.size());
    // Never move the hint back (an explicit checkpoint of an older snapshot).
    long current =
        LastCheckpoint.read(log.storage(), log.logPath()).map(LastCheckpoint::version).orElse(-1L);
    if (current <= snapshot.version()) {
      log.storage()
          .write(StoragePaths.join(log.logPath(), FileNames.LAST_CHECKPOINT), last.toJson());
    }
  }
}
