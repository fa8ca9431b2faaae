package dev.strata.writer.internal;

import dev.strata.format.CloseableIterator;
import dev.strata.format.StrataException;
import dev.strata.format.parquet.ParquetWriteOptions;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.log.AddFile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

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
   */
  public record Outcome(List<ColumnBatch> outputs, int deletedRows, int updatedRows) {
    /** Rows changed: deleted or updated. */
    public int changedRows() {
      return deletedRows + updatedRows;
    }

    /** An outcome with one output batch. */
    public static Outcome of(ColumnBatch output, int deletedRows, int updatedRows) {
      return new Outcome(List.of(output), deletedRows, updatedRows);
    }
  }

  /** A per-file transform; one instance per file, used from one thread. */
  public interface Transform {
    Outcome apply(ColumnBatch input);
  }

  /** Files removed and written, and row counts (of the rewritten files only). */
  public record Result(
      List<AddFile> removed,
      List<WrittenFile> added,
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
    if (files.isEmpty()) {
      return new Result(List.of(), List.of(), 0, 0, 0);
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
                () ->
                    rewriteOne(
                        staged,
                        bridge,
                        file,
                        schema,
                        partitionColumns,
                        options,
                        targetFileSize,
                        transforms.get(),
                        task)));
      }
      List<AddFile> removed = new ArrayList<>();
      List<WrittenFile> added = new ArrayList<>();
      long deleted = 0;
      long updated = 0;
      long copied = 0;
      RuntimeException failure = null;
      for (Future<FileResult> future : futures) {
        try {
          FileResult r = future.get();
          if (r.deleted + r.updated > 0) {
            removed.add(r.file);
            added.addAll(r.written);
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
      return new Result(removed, added, deleted, updated, copied);
    } finally {
      pool.shutdownNow();
    }
  }

  private record FileResult(
      AddFile file, List<WrittenFile> written, long deleted, long updated, long copied) {}

  private static FileResult rewriteOne(
      StagedWrite staged,
      EngineBridge bridge,
      AddFile file,
      StructType schema,
      List<String> partitionColumns,
      ParquetWriteOptions options,
      long targetFileSize,
      Transform transform,
      int task) {
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
        Outcome outcome = transform.apply(batches.next());
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
}
