package dev.strata.writer.internal;

import dev.strata.format.CloseableIterator;
import dev.strata.format.StrataException;
import dev.strata.format.parquet.ParquetWriteOptions;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.log.AddFile;
import dev.strata.log.DeletionVectorFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * Rewrites existing data files through a per-batch transform (DELETE, UPDATE, MERGE, replaceWhere
 * on data columns): a file in which the transform changes no row is left alone; otherwise it is
 * removed and what the transform kept is written to new files, staged like any other write. Files
 * are processed in parallel, one task each.
 */
public final class FileRewriter {

  /**
   * What the transform did to one batch of a file.
   *
   * @param outputs the rows to keep, in the table schema (updated rows included)
   * @param deletedRows rows of the input dropped
   * @param updatedRows rows of the output that differ from their input row
   * @param changedPositions in {@link Mode#DELETION_VECTORS}: the positions in the input batch of
   *     the rows deleted or updated, each once (the array holds exactly those); the outputs then
   *     hold only the updated rows, never unchanged copies
   * @param changes rows for the change data feed (table schema), when it is enabled
   */
  public record Outcome(
      List<ColumnBatch> outputs,
      int deletedRows,
      int updatedRows,
      int[] changedPositions,
      List<Change> changes) {
    /** An outcome without the positions of the changed rows (copy-on-write transforms). */
    public Outcome(List<ColumnBatch> outputs, int deletedRows, int updatedRows) {
      this(outputs, deletedRows, updatedRows, null, List.of());
    }

    /** An outcome without change data rows. */
    public Outcome(
        List<ColumnBatch> outputs, int deletedRows, int updatedRows, int[] changedPositions) {
      this(outputs, deletedRows, updatedRows, changedPositions, List.of());
    }

    /** Rows changed: deleted or updated. */
    public int changedRows() {
      return deletedRows + updatedRows;
    }

    /** An outcome with one output batch. */
    public static Outcome of(ColumnBatch output, int deletedRows, int updatedRows) {
      return new Outcome(List.of(output), deletedRows, updatedRows);
    }
  }

  /** Rows of one kind of change ({@code delete}, {@code update_preimage}, ...). */
  public record Change(ColumnBatch rows, String type) {}

  /**
   * How a changed file is replaced: rewritten without the changed rows, or kept with the changed
   * rows marked in its deletion vector.
   */
  public enum Mode {
    COPY_ON_WRITE,
    DELETION_VECTORS
  }

  /**
   * A file kept with a new deletion vector: the union of its old vector and the rows this operation
   * deleted or updated.
   */
  public record VectorUpdate(AddFile file, Roaring64NavigableMap deleted, long physicalRows) {}

  /** A per-file transform; one instance per file, used from one thread. */
  public interface Transform {
    Outcome apply(ColumnBatch input);
  }

  /**
   * Files removed and written, files kept with a new deletion vector, and row counts (of the
   * changed files only).
   */
  public record Result(
      List<AddFile> removed,
      List<WrittenFile> added,
      List<VectorUpdate> vectors,
      List<WrittenFile> changeFiles,
      long rowsDeleted,
      long rowsUpdated,
      long rowsCopied) {
    /** Rows deleted or updated. */
    public long rowsChanged() {
      return rowsDeleted + rowsUpdated;
    }
  }

  // Output kept in memory while no row of the file has changed yet; past this the rewrite
  // starts writing speculatively and discards the file if nothing changes after all.
  private static final long BUFFER_LIMIT = 32L * 1024 * 1024;

  private static final AtomicInteger THREADS = new AtomicInteger();

  private FileRewriter() {}

  /**
   * Rewrites {@code files}.
   *
   * @param taskBase task number of the first file (keeps file names distinct from other tasks of
   *     the same write)
   */
  public static Result rewrite(
      StagedWrite staged,
      EngineBridge bridge,
      List<AddFile> files,
      StructType schema,
      List<String> partitionColumns,
      ParquetWriteOptions options,
      long targetFileSize,
      Supplier<Transform> transforms,
      int taskBase) {
    return rewrite(
        staged,
        bridge,
        files,
        schema,
        partitionColumns,
        options,
        targetFileSize,
        transforms,
        taskBase,
        Mode.COPY_ON_WRITE,
        -1);
  }

  /**
   * Rewrites {@code files}, or in {@link Mode#DELETION_VECTORS} marks their changed rows. Rows an
   * existing deletion vector deletes are never given to the transform.
   *
   * @param readVersion the snapshot version the files come from (named in errors)
   */
  public static Result rewrite(
      StagedWrite staged,
      EngineBridge bridge,
      List<AddFile> files,
      StructType schema,
      List<String> partitionColumns,
      ParquetWriteOptions options,
      long targetFileSize,
      Supplier<Transform> transforms,
      int taskBase,
      Mode mode,
      long readVersion) {
    if (files.isEmpty()) {
      return new Result(List.of(), List.of(), List.of(), List.of(), 0, 0, 0);
    }
    int threads = Math.min(files.size(), Math.max(1, Runtime.getRuntime().availableProcessors()));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "strata-rewrite-" + THREADS.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<FileResult>> futures = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        AddFile file = files.get(i);
        int task = taskBase + i;
        futures.add(
            pool.submit(
                () -> {
                  Transform transform = transforms.get();
                  ChangeFiles changes =
                      new ChangeFiles(staged, task, schema, partitionColumns, options);
                  // Change rows the transform reports go to this task's change data files.
                  Transform recording =
                      batch -> {
                        Outcome outcome = transform.apply(batch);
                        for (Change c : outcome.changes()) {
                          changes.write(c.rows(), c.type());
                        }
                        return outcome;
                      };
                  try {
                    FileResult r =
                        rewriteOne(
                            staged,
                            bridge,
                            file,
                            schema,
                            partitionColumns,
                            options,
                            targetFileSize,
                            recording,
                            task,
                            mode,
                            readVersion);
                    if (r.deleted + r.updated == 0) {
                      changes.abort();
                      return r;
                    }
                    return r.withChanges(changes.finish());
                  } catch (RuntimeException e) {
                    changes.abort();
                    throw e;
                  }
                }));
      }
      List<AddFile> removed = new ArrayList<>();
      List<WrittenFile> added = new ArrayList<>();
      List<VectorUpdate> vectors = new ArrayList<>();
      List<WrittenFile> changeFiles = new ArrayList<>();
      long deleted = 0;
      long updated = 0;
      long copied = 0;
      RuntimeException failure = null;
      for (Future<FileResult> future : futures) {
        try {
          FileResult r = future.get();
          if (r.deleted + r.updated > 0) {
            if (r.vector != null) {
              vectors.add(r.vector);
            } else {
              removed.add(r.file);
            }
            added.addAll(r.written);
            changeFiles.addAll(r.changeFiles);
            deleted += r.deleted;
            updated += r.updated;
            copied += r.copied;
          }
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (failure == null) {
            failure =
                cause instanceof RuntimeException re
                    ? re
                    : new StrataException("Rewrite failed: " + cause, cause);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StrataException("Interrupted while rewriting files", e);
        }
      }
      if (failure != null) {
        throw failure;
      }
      return new Result(removed, added, vectors, changeFiles, deleted, updated, copied);
    } finally {
      pool.shutdownNow();
    }
  }

  private record FileResult(
      AddFile file,
      List<WrittenFile> written,
      long deleted,
      long updated,
      long copied,
      VectorUpdate vector,
      List<WrittenFile> changeFiles) {
    FileResult(AddFile file, List<WrittenFile> written, long deleted, long updated, long copied) {
      this(file, written, deleted, updated, copied, null, List.of());
    }

    FileResult withChanges(List<WrittenFile> files) {
      return new FileResult(file, written, deleted, updated, copied, vector, files);
    }
  }

  /** The rows of a file's batches that its current deletion vector keeps. */
  private static final class LiveRows {
    private final DeletionVectorFiles.RowFilter filter;
    private long rowIndex;
    private long batchStart;
    private int[] keep = new int[0];
    private int[] positions;

    LiveRows(Roaring64NavigableMap deleted) {
      this.filter = deleted.isEmpty() ? null : new DeletionVectorFiles.RowFilter(deleted);
    }

    /** The live rows of the next batch of the file; {@link #physical} maps positions back. */
    ColumnBatch next(ColumnBatch batch) {
      batchStart = rowIndex;
      rowIndex += batch.numRows();
      positions = null;
      if (filter == null) {
        return batch;
      }
      if (keep.length < batch.numRows()) {
        keep = new int[batch.numRows()];
      }
      int live = filter.live(batchStart, batch.numRows(), keep);
      if (live == batch.numRows()) {
        return batch;
      }
      positions = keep;
      return batch.gather(keep, live);
    }

    /** The row index in the file of position {@code i} of the last batch {@link #next} gave. */
    long physical(int i) {
      return batchStart + (positions == null ? i : positions[i]);
    }

    long rowsRead() {
      return rowIndex;
    }
  }

  private static FileResult rewriteOne(
      StagedWrite staged,
      EngineBridge bridge,
      AddFile file,
      StructType schema,
      List<String> partitionColumns,
      ParquetWriteOptions options,
      long targetFileSize,
      Transform transform,
      int task,
      Mode mode,
      long readVersion) {
    Roaring64NavigableMap oldDeleted =
        DeletionVectorFiles.read(staged.storage(), staged.tableRoot(), readVersion, file);
    if (mode == Mode.DELETION_VECTORS) {
      return markOne(
          staged,
          bridge,
          file,
          schema,
          partitionColumns,
          options,
          targetFileSize,
          transform,
          task,
          oldDeleted);
    }
    LiveRows liveRows = new LiveRows(oldDeleted);
    StagedWrite.Attempt attempt = staged.attempt(task, 0);
    TaskFileWriter writer = null;
    List<ColumnBatch> buffered = new ArrayList<>();
    long bufferedBytes = 0;
    long deleted = 0;
    long updated = 0;
    long outputRows = 0;
    try (CloseableIterator<ColumnBatch> batches =
        bridge.readFile(staged.storage(), staged.tableRoot(), file, schema, partitionColumns)) {
      while (batches.hasNext()) {
        Outcome outcome = transform.apply(liveRows.next(batches.next()));
        deleted += outcome.deletedRows();
        updated += outcome.updatedRows();
        for (ColumnBatch out : outcome.outputs()) {
          if (out == null || out.numRows() == 0) {
            continue;
          }
          outputRows += out.numRows();
          if (writer == null && deleted + updated == 0 && bufferedBytes < BUFFER_LIMIT) {
            buffered.add(out);
            bufferedBytes += out.sizeInBytes();
            continue;
          }
          if (writer == null) {
            writer =
                new TaskFileWriter(
                    attempt, schema, partitionColumns, options, targetFileSize, Integer.MAX_VALUE);
            for (ColumnBatch b : buffered) {
              writer.write(b);
            }
            buffered.clear();
          }
          writer.write(out);
        }
      }
      if (deleted + updated == 0) {
        if (writer != null) {
          writer.abort();
          attempt.abort();
        }
        return new FileResult(file, List.of(), 0, 0, 0);
      }
      if (writer == null) {
        writer =
            new TaskFileWriter(
                attempt, schema, partitionColumns, options, targetFileSize, Integer.MAX_VALUE);
        for (ColumnBatch b : buffered) {
          writer.write(b);
        }
      }
      List<WrittenFile> written = attempt.commit(writer.finish());
      return new FileResult(file, written, deleted, updated, outputRows - updated);
    } catch (RuntimeException e) {
      if (writer != null) {
        writer.abort();
      }
      attempt.abort();
      throw e;
    }
  }

  private static FileResult markOne(
      StagedWrite staged,
      EngineBridge bridge,
      AddFile file,
      StructType schema,
      List<String> partitionColumns,
      ParquetWriteOptions options,
      long targetFileSize,
      Transform transform,
      int task,
      Roaring64NavigableMap oldDeleted) {
    LiveRows liveRows = new LiveRows(oldDeleted);
    StagedWrite.Attempt attempt = staged.attempt(task, 0);
    TaskFileWriter writer = null;
    Roaring64NavigableMap marked = new Roaring64NavigableMap();
    long deleted = 0;
    long updated = 0;
    try (CloseableIterator<ColumnBatch> batches =
        bridge.readFile(staged.storage(), staged.tableRoot(), file, schema, partitionColumns)) {
      while (batches.hasNext()) {
        Outcome outcome = transform.apply(liveRows.next(batches.next()));
        int[] at = outcome.changedPositions();
        if (at == null && outcome.changedRows() > 0) {
          throw new IllegalStateException(
              "A deletion-vector rewrite needs the positions of the changed rows");
        }
        if (at != null) {
          for (int position : at) {
            marked.addLong(liveRows.physical(position));
          }
        }
        deleted += outcome.deletedRows();
        updated += outcome.updatedRows();
        for (ColumnBatch out : outcome.outputs()) {
          if (out == null || out.numRows() == 0) {
            continue;
          }
          if (writer == null) {
            writer =
                new TaskFileWriter(
                    attempt, schema, partitionColumns, options, targetFileSize, Integer.MAX_VALUE);
          }
          writer.write(out);
        }
      }
      if (marked.isEmpty()) {
        if (writer != null) {
          writer.abort();
          attempt.abort();
        }
        return new FileResult(file, List.of(), 0, 0, 0);
      }
      List<WrittenFile> written = writer == null ? List.of() : attempt.commit(writer.finish());
      Roaring64NavigableMap all = new Roaring64NavigableMap();
      all.or(oldDeleted);
      all.or(marked);
      long physicalRows = liveRows.rowsRead();
      if (all.getLongCardinality() >= physicalRows) {
        // Every row is gone: the file is removed rather than kept with a full vector.
        return new FileResult(file, written, deleted, updated, 0);
      }
      return new FileResult(
          file, written, deleted, updated, 0, new VectorUpdate(file, all, physicalRows), List.of());
    } catch (RuntimeException e) {
      if (writer != null) {
        writer.abort();
      }
      attempt.abort();
      throw e;
    }
  }
}
