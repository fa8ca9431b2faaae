package dev.strata.writer.internal;

import dev.strata.format.SchemaMismatchException;
import dev.strata.format.parquet.ParquetWriteOptions;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.log.Action;
import dev.strata.log.AddFile;
import dev.strata.log.CommitResult;
import dev.strata.log.DeltaLog;
import dev.strata.log.Operation;
import dev.strata.log.OptimisticTransaction;
import dev.strata.log.Snapshot;
import dev.strata.writer.DmlMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** DELETE and UPDATE: remove whole files where the predicate covers them, rewrite the rest. */
public final class DmlJob {
  private final DeltaLog log;
  private final EngineBridge bridge;
  private final String table;

  public DmlJob(DeltaLog log, EngineBridge bridge) {
    this.log = log;
    this.bridge = bridge;
    this.table = log.tablePath();
  }

  /** Deletes the rows matching {@code predicate} (all rows when null). */
  public DmlMetrics delete(Object predicate, String appId, long appVersion, String userMetadata) {
    long start = System.nanoTime();
    Snapshot snapshot = log.latestSnapshot();
    if (TableOps.alreadyCommitted(log, snapshot, appId, appVersion)) {
      return new DmlMetrics(-1, true, 0, 0, 0, 0, elapsed(start));
    }
    TableOps.checkAppendOnly(table, snapshot.metadata(), "DELETE");
    StructType schema = snapshot.schema();
    List<String> partitionColumns = snapshot.partitionColumns();
    OptimisticTransaction txn = log.startTransaction(snapshot);
    ParquetWriteOptions options = TableOps.writeOptions(snapshot.configuration());
    StagedWrite staged = StagedWrite.begin(log.storage(), table, TableOps.codecExtension(options));
    List<AddFile> removed = new ArrayList<>();
    List<WrittenFile> added = new ArrayList<>();
    FileRewriter.Mode mode = TableOps.rewriteMode(snapshot);
    TableOps.Vectors vectors = TableOps.Vectors.NONE;
    boolean cdf = TableOps.changeDataFeed(snapshot);
    List<WrittenFile> changeFiles = List.of();
    long deletedRows = 0;
    long copiedRows = 0;
    try {
      Predicate<Map<String, String>> partitionOnly =
          predicate == null
              ? v -> true
              : bridge.partitionFilter(predicate, schema, partitionColumns);
      if (partitionOnly != null) {
        txn.recordRead(partitionOnly);
        for (AddFile file : snapshot.allFiles()) {
          if (partitionOnly.test(file.partitionValues())) {
            removed.add(file);
            deletedRows += file.numLogicalRecords().orElse(0);
          }
        }
        txn.recordReadFiles(removed);
      } else {
        List<AddFile> candidates = candidates(snapshot, predicate, schema, partitionColumns, txn);
        Constraints.Condition condition = bridge.compile(predicate, schema);
        FileRewriter.Result result =
            FileRewriter.rewrite(
                staged,
                bridge,
                candidates,
                schema,
                partitionColumns,
                options,
                WriteSpec.DEFAULT_TARGET_FILE_SIZE,
                () -> deleteWhere(condition, mode == FileRewriter.Mode.DELETION_VECTORS, cdf),
                0,
                mode,
                snapshot.version());
        removed.addAll(result.removed());
        added.addAll(result.added());
        vectors = TableOps.writeVectors(log.storage(), table, result.vectors());
        changeFiles = result.changeFiles();
        deletedRows = result.rowsDeleted();
        copiedRows = result.rowsCopied();
      }
      if (appId != null) {
        txn.setTransaction(appId, appVersion);
      }
    } catch (RuntimeException e) {
      TableOps.abortQuietly(staged, e);
      throw e;
    }
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put(
        "predicate",
        "[\"" + (predicate == null ? "true" : escape(EngineBridgeImpl.sql(predicate))) + "\"]");
    Map<String, String> metrics = new LinkedHashMap<>();
    metrics.put("numRemovedFiles", Integer.toString(removed.size()));
    metrics.put("numAddedFiles", Integer.toString(added.size()));
    metrics.put("numDeletedRows", Long.toString(deletedRows));
    metrics.put("numCopiedRows", Long.toString(copiedRows));
    vectors.addMetrics(metrics, removed);
    metrics.put("executionTimeMs", Long.toString(elapsed(start)));
    return commit(
        txn,
        staged,
        "DELETE",
        parameters,
        metrics,
        userMetadata,
        added,
        removed,
        vectors,
        changeFiles,
        deletedRows,
        copiedRows,
        start,
        appId != null);
  }

  /** Updates the rows matching {@code predicate} (all rows when null) with SQL assignments. */
  public DmlMetrics update(
      Object predicate,
      Map<String, Object> assignments,
      String appId,
      long appVersion,
      String userMetadata) {
    long start = System.nanoTime();
    Snapshot snapshot = log.latestSnapshot();
    if (TableOps.alreadyCommitted(log, snapshot, appId, appVersion)) {
      return new DmlMetrics(-1, true, 0, 0, 0, 0, elapsed(start));
    }
    TableOps.checkAppendOnly(table, snapshot.metadata(), "UPDATE");
    StructType schema = snapshot.schema();
    List<String> partitionColumns = snapshot.partitionColumns();
    Constraints.Condition[] values = new Constraints.Condition[schema.size()];
    Map<String, Object> byColumn = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : assignments.entrySet()) {
      int at = schema.indexOf(e.getKey());
      if (at < 0) {
        throw new SchemaMismatchException(
            "UPDATE assigns column "
                + e.getKey()
                + " which is not a column of "
                + table
                + "; columns are "
                + schema.fieldNames());
      }
      byColumn.put(schema.field(at).name(), e.getValue());
    }
    List<EngineBridge.Input> inputs = List.of(new EngineBridge.Input(null, schema));
    for (int i = 0; i < schema.size(); i++) {
      Object value = byColumn.get(schema.field(i).name());
      values[i] = value == null ? null : bridge.compile(value, inputs, schema.field(i).type());
    }
    Constraints constraints =
        Constraints.of(table, schema, snapshot.configuration(), sql -> bridge.compile(sql, schema));
    Constraints.Condition condition = predicate == null ? null : bridge.compile(predicate, schema);
    OptimisticTransaction txn = log.startTransaction(snapshot);
    ParquetWriteOptions options = TableOps.writeOptions(snapshot.configuration());
    StagedWrite staged = StagedWrite.begin(log.storage(), table, TableOps.codecExtension(options));
    FileRewriter.Result result;
    FileRewriter.Mode mode = TableOps.rewriteMode(snapshot);
    boolean marks = mode == FileRewriter.Mode.DELETION_VECTORS;
    boolean cdf = TableOps.changeDataFeed(snapshot);
    TableOps.Vectors vectors;
    try {
      List<AddFile> candidates =
          predicate == null
              ? recordAll(snapshot, txn)
              : candidates(snapshot, predicate, schema, partitionColumns, txn);
      result =
          FileRewriter.rewrite(
              staged,
              bridge,
              candidates,
              schema,
              partitionColumns,
              options,
              WriteSpec.DEFAULT_TARGET_FILE_SIZE,
              () -> batch -> updateBatch(batch, condition, values, schema, constraints, marks, cdf),
              0,
              mode,
              snapshot.version());
      vectors = TableOps.writeVectors(log.storage(), table, result.vectors());
      if (appId != null) {
        txn.setTransaction(appId, appVersion);
      }
    } catch (RuntimeException e) {
      TableOps.abortQuietly(staged, e);
      throw e;
    }
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put(
        "predicate",
        "[\"" + (predicate == null ? "true" : escape(EngineBridgeImpl.sql(predicate))) + "\"]");
    Map<String, String> metrics = new LinkedHashMap<>();
    metrics.put("numRemovedFiles", Integer.toString(result.removed().size()));
    metrics.put("numAddedFiles", Integer.toString(result.added().size()));
    metrics.put("numUpdatedRows", Long.toString(result.rowsUpdated()));
    metrics.put("numCopiedRows", Long.toString(result.rowsCopied()));
    vectors.addMetrics(metrics, result.removed());
    metrics.put("executionTimeMs", Long.toString(elapsed(start)));
    return commit(
        txn,
        staged,
        "UPDATE",
        parameters,
        metrics,
        userMetadata,
        result.added(),
        result.removed(),
        vectors,
        result.changeFiles(),
        result.rowsUpdated(),
        result.rowsCopied(),
        start,
        appId != null);
  }

  private static FileRewriter.Outcome updateBatch(
      ColumnBatch batch,
      Constraints.Condition condition,
      Constraints.Condition[] values,
      StructType schema,
      Constraints constraints,
      boolean marks,
      boolean cdf) {
    int n = batch.numRows();
    int[] hit = new int[n];
    int hits = 0;
    int[] miss = new int[n];
    int misses = 0;
    ColumnVector ok = condition == null ? null : condition.evaluate(batch);
    for (int row = 0; row < n; row++) {
      if (ok == null || WriteJob.isTrue(ok, row)) {
        hit[hits++] = row;
      } else {
        miss[misses++] = row;
      }
    }
    if (hits == 0) {
      return FileRewriter.Outcome.of(batch, 0, 0);
    }
    ColumnBatch matched = hits == n ? batch : batch.gather(hit, hits);
    ColumnVector[] columns = new ColumnVector[schema.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = values[i] == null ? matched.column(i) : values[i].evaluate(matched);
    }
    ColumnBatch updated = new ColumnBatch(schema, columns, hits);
    constraints.check(updated);
    List<FileRewriter.Change> changes =
        cdf
            ? List.of(
                new FileRewriter.Change(matched, ChangeFiles.PREIMAGE),
                new FileRewriter.Change(updated, ChangeFiles.POSTIMAGE))
            : List.of();
    if (marks) {
      return new FileRewriter.Outcome(List.of(updated), 0, hits, Arrays.copyOf(hit, hits), changes);
    }
    List<ColumnBatch> outputs = new ArrayList<>();
    if (misses > 0) {
      outputs.add(batch.gather(miss, misses));
    }
    outputs.add(updated);
    return new FileRewriter.Outcome(outputs, 0, hits, null, changes);
  }

  /**
   * Drops the rows for which the condition is true: keeps the others (copy-on-write), or only marks
   * the deleted ones ({@code marks}, deletion vectors); with {@code cdf} the deleted rows are also
   * change rows.
   */
  private static FileRewriter.Transform deleteWhere(
      Constraints.Condition condition, boolean marks, boolean cdf) {
    FileRewriter.Transform copyOnWrite = WriteJob.keepWhereNot(condition);
    if (!marks && !cdf) {
      return copyOnWrite;
    }
    return batch -> {
      ColumnVector matches = condition.evaluate(batch);
      int n = batch.numRows();
      int[] hit = new int[n];
      int hits = 0;
      int[] keep = new int[n];
      int kept = 0;
      for (int row = 0; row < n; row++) {
        if (WriteJob.isTrue(matches, row)) {
          hit[hits++] = row;
        } else {
          keep[kept++] = row;
        }
      }
      List<FileRewriter.Change> changes =
          cdf && hits > 0
              ? List.of(new FileRewriter.Change(batch.gather(hit, hits), ChangeFiles.DELETE))
              : List.of();
      List<ColumnBatch> outputs =
          marks ? List.of() : List.of(kept == n ? batch : batch.gather(keep, kept));
      return new FileRewriter.Outcome(outputs, hits, 0, Arrays.copyOf(hit, hits), changes);
    };
  }

  private static List<AddFile> recordAll(Snapshot snapshot, OptimisticTransaction txn) {
    txn.recordReadWholeTable();
    List<AddFile> all = snapshot.allFiles();
    txn.recordReadFiles(all);
    return all;
  }

  private List<AddFile> candidates(
      Snapshot snapshot,
      Object predicate,
      StructType schema,
      List<String> partitionColumns,
      OptimisticTransaction txn) {
    Predicate<AddFile> mayMatch = bridge.fileFilter(predicate, schema, partitionColumns);
    List<AddFile> candidates = snapshot.allFiles().stream().filter(mayMatch).toList();
    if (partitionColumns.isEmpty()) {
      txn.recordReadWholeTable();
    } else {
      java.util.Set<Map<String, String>> read = new java.util.HashSet<>();
      for (AddFile f : candidates) {
        read.add(f.partitionValues());
      }
      Predicate<Map<String, String>> partitionPart =
          bridge.partitionFilter(predicate, schema, partitionColumns);
      txn.recordRead(partitionPart != null ? partitionPart : v -> true);
    }
    txn.recordReadFiles(candidates);
    return candidates;
  }

  private DmlMetrics commit(
      OptimisticTransaction txn,
      StagedWrite staged,
      String name,
      Map<String, Object> parameters,
      Map<String, String> metrics,
      String userMetadata,
      List<WrittenFile> added,
      List<AddFile> removed,
      TableOps.Vectors vectors,
      List<WrittenFile> changeFiles,
      long affected,
      long copied,
      long start,
      boolean idempotent) {
    List<Action> actions = new ArrayList<>();
    actions.addAll(TableOps.toAdds(added));
    actions.addAll(TableOps.toRemoves(removed));
    actions.addAll(vectors.actions());
    actions.addAll(ChangeFiles.toActions(changeFiles));
    if (actions.isEmpty() && !idempotent) {
      staged.cleanupAfterCommit();
      // Delta commits nothing for a DELETE/UPDATE that touches no file.
      return new DmlMetrics(-1, false, 0, 0, 0, 0, elapsed(start));
    }
    CommitResult result =
        TableOps.commit(
            txn,
            staged,
            actions,
            new Operation(name, parameters, metrics, userMetadata),
            vectors.file());
    return new DmlMetrics(
        result.version(), false, affected, copied, added.size(), removed.size(), elapsed(start));
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static long elapsed(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
