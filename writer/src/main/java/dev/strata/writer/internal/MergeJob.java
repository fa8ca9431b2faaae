package dev.strata.writer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.format.SchemaMismatchException;
import dev.strata.format.parquet.ParquetWriteOptions;
import dev.strata.format.types.DataType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
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
import dev.strata.writer.MergeMetrics;
import dev.strata.writer.MultipleSourceRowsMatchException;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * MERGE INTO: the source is collected and indexed by its join keys (a broadcast hash join), target
 * files are pruned by partition values, min/max statistics of the join keys and target-only
 * conjuncts, and only files holding a matched row are rewritten. Inserts of unmatched source rows
 * go to new files; everything commits at once.
 */
public final class MergeJob {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DeltaLog log;
  private final EngineBridge bridge;
  private final String table;

  public MergeJob(DeltaLog log, EngineBridge bridge) {
    this.log = log;
    this.bridge = bridge;
    this.table = log.tablePath();
  }

  /** A compiled clause. */
  private record Compiled(
      MergeSpec.Clause clause, Constraints.Condition condition, Constraints.Condition[] values) {}

  /** Runs the MERGE with the collected source. */
  public MergeMetrics run(
      MergeSpec spec, StructType sourceSchema, List<ColumnBatch> sourceBatches) {
    long start = System.nanoTime();
    Snapshot snapshot = log.latestSnapshot();
    if (TableOps.alreadyCommitted(log, snapshot, spec.appId(), spec.appVersion())) {
      return new MergeMetrics(
          -1, true, 0, 0, 0, 0, 0, 0, 0, 0, (System.nanoTime() - start) / 1_000_000);
    }
    StructType schema = snapshot.schema();
    List<String> partitionColumns = snapshot.partitionColumns();
    boolean modifiesTarget =
        spec.clauses().stream().anyMatch(c -> c.kind() != MergeSpec.Kind.NOT_MATCHED);
    if (modifiesTarget) {
      TableOps.checkAppendOnly(table, snapshot.metadata(), "a MERGE with update or delete clauses");
    }
    ColumnBatch source = concat(sourceSchema, sourceBatches);
    MergeCondition condition =
        MergeCondition.parse(spec.condition(), spec.targetAlias(), spec.sourceAlias());
    int[] targetKeys = new int[condition.keys.size()];
    int[] sourceKeys = new int[condition.keys.size()];
    for (int i = 0; i < targetKeys.length; i++) {
      MergeCondition.KeyPair pair = condition.keys.get(i);
      targetKeys[i] = schema.indexOf(pair.targetColumn());
      sourceKeys[i] = sourceSchema.indexOf(pair.sourceColumn());
      if (targetKeys[i] < 0 || sourceKeys[i] < 0) {
        throw new SchemaMismatchException(
            "MERGE condition "
                + spec.condition()
                + " names a column that does not exist: "
                + (targetKeys[i] < 0
                    ? spec.targetAlias()
                        + "."
                        + pair.targetColumn()
                        + " (target columns "
                        + schema.fieldNames()
                        + ")"
                    : spec.sourceAlias()
                        + "."
                        + pair.sourceColumn()
                        + " (source columns "
                        + sourceSchema.fieldNames()
                        + ")"));
      }
    }
    Map<Object, int[]> index = buildIndex(source, sourceKeys);

    List<EngineBridge.Input> joined =
        List.of(
            new EngineBridge.Input(spec.targetAlias(), schema),
            new EngineBridge.Input(spec.sourceAlias(), sourceSchema));
    List<EngineBridge.Input> targetOnly =
        List.of(new EngineBridge.Input(spec.targetAlias(), schema));
    List<EngineBridge.Input> sourceOnly =
        List.of(new EngineBridge.Input(spec.sourceAlias(), sourceSchema));
    String residualSql = condition.residualSql();
    Constraints.Condition residual =
        residualSql == null ? null : bridge.compile(residualSql, joined, PrimitiveType.BOOLEAN);
    List<Compiled> matched =
        compileClauses(spec, MergeSpec.Kind.MATCHED, joined, schema, sourceSchema);
    List<Compiled> notMatched =
        compileClauses(spec, MergeSpec.Kind.NOT_MATCHED, sourceOnly, schema, sourceSchema);
    List<Compiled> bySource =
        compileClauses(
            spec, MergeSpec.Kind.NOT_MATCHED_BY_SOURCE, targetOnly, schema, sourceSchema);
    boolean unconditionalDeleteOnly =
        matched.size() == 1
            && matched.get(0).clause.action() == MergeSpec.ActionType.DELETE
            && matched.get(0).clause.condition() == null;

    // Prune target files.
    List<AddFile> all = snapshot.allFiles();
    List<AddFile> candidates;
    if (!bySource.isEmpty()) {
      candidates = all;
    } else {
      Predicate<AddFile> keep =
          pruning(
              spec,
              condition,
              schema,
              sourceSchema,
              partitionColumns,
              source,
              targetKeys,
              sourceKeys);
      candidates = all.stream().filter(keep).toList();
    }

    Constraints constraints =
        Constraints.of(table, schema, snapshot.configuration(), sql -> bridge.compile(sql, schema));
    ParquetWriteOptions options = TableOps.writeOptions(snapshot.configuration());
    // The transaction first: a table Strata must not write is refused before anything of the
    // write (its heartbeat under _temporary/) exists.
    OptimisticTransaction txn = log.startTransaction(snapshot);
    StagedWrite staged = StagedWrite.begin(log.storage(), table, TableOps.codecExtension(options));
    boolean[] sourceMatched = new boolean[source.numRows()];
    boolean rewrites = !matched.isEmpty() || !bySource.isEmpty();
    List<Action> actions = new ArrayList<>();
    FileRewriter.Result rewritten;
    List<WrittenFile> inserted = new ArrayList<>();
    long insertedRows = 0;
    FileRewriter.Mode mode = TableOps.rewriteMode(snapshot);
    boolean marks = mode == FileRewriter.Mode.DELETION_VECTORS;
    boolean cdf = TableOps.changeDataFeed(snapshot);
    List<WrittenFile> changeFiles = new ArrayList<>();
    TableOps.Vectors vectors;
    try {
      rewritten =
          FileRewriter.rewrite(
              staged,
              bridge,
              candidates,
              schema,
              partitionColumns,
              options,
              WriteSpec.DEFAULT_TARGET_FILE_SIZE,
              () ->
                  batch ->
                      mergeBatch(
                          batch,
                          source,
                          index,
                          targetKeys,
                          residual,
                          matched,
                          bySource,
                          schema,
                          rewrites,
                          unconditionalDeleteOnly,
                          sourceMatched,
                          constraints,
                          spec,
                          marks,
                          cdf),
              1_000_000,
              mode,
              snapshot.version());
      vectors = TableOps.writeVectors(log.storage(), table, rewritten.vectors());
      changeFiles.addAll(rewritten.changeFiles());
      if (!notMatched.isEmpty()) {
        List<ColumnBatch> inserts = inserts(source, sourceMatched, notMatched, schema);
        StagedWrite.Attempt attempt = staged.attempt(0, 0);
        TaskFileWriter writer =
            new TaskFileWriter(
                attempt,
                schema,
                partitionColumns,
                options,
                WriteSpec.DEFAULT_TARGET_FILE_SIZE,
                WriteJob.DEFAULT_MAX_OPEN_FILES);
        ChangeFiles insertChanges =
            cdf ? new ChangeFiles(staged, 0, schema, partitionColumns, options) : null;
        try {
          for (ColumnBatch b : inserts) {
            constraints.check(b);
            writer.write(b);
            if (insertChanges != null) {
              insertChanges.write(b, ChangeFiles.INSERT);
            }
            insertedRows += b.numRows();
          }
          inserted.addAll(attempt.commit(writer.finish()));
          if (insertChanges != null) {
            changeFiles.addAll(insertChanges.finish());
          }
        } catch (RuntimeException e) {
          writer.abort();
          if (insertChanges != null) {
            insertChanges.abort();
          }
          throw e;
        }
      }
      if (!bySource.isEmpty() || partitionColumns.isEmpty()) {
        txn.recordReadWholeTable();
      } else {
        Predicate<Map<String, String>> readPartitions =
            readPredicate(schema, sourceSchema, partitionColumns, source, targetKeys, sourceKeys);
        txn.recordRead(readPartitions);
      }
      txn.recordReadFiles(candidates);
      if (spec.appId() != null) {
        txn.setTransaction(spec.appId(), spec.appVersion());
      }
      List<WrittenFile> added = new ArrayList<>(rewritten.added());
      added.addAll(inserted);
      actions.addAll(TableOps.toAdds(added));
      actions.addAll(TableOps.toRemoves(rewritten.removed()));
      actions.addAll(vectors.actions());
      actions.addAll(ChangeFiles.toActions(changeFiles));
    } catch (RuntimeException e) {
      TableOps.abortQuietly(staged, e);
      throw e;
    }
    int filesAdded = rewritten.added().size() + inserted.size();
    long durationMs = (System.nanoTime() - start) / 1_000_000;
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("predicate", "[\"" + spec.condition().replace("\"", "\\\"") + "\"]");
    parameters.put("matchedPredicates", describe(spec, MergeSpec.Kind.MATCHED));
    parameters.put("notMatchedPredicates", describe(spec, MergeSpec.Kind.NOT_MATCHED));
    parameters.put(
        "notMatchedBySourcePredicates", describe(spec, MergeSpec.Kind.NOT_MATCHED_BY_SOURCE));
    Map<String, String> metrics = new LinkedHashMap<>();
    metrics.put("numSourceRows", Long.toString(source.numRows()));
    metrics.put("numTargetRowsInserted", Long.toString(insertedRows));
    metrics.put("numTargetRowsUpdated", Long.toString(rewritten.rowsUpdated()));
    metrics.put("numTargetRowsDeleted", Long.toString(rewritten.rowsDeleted()));
    metrics.put("numTargetRowsCopied", Long.toString(rewritten.rowsCopied()));
    metrics.put(
        "numOutputRows",
        Long.toString(insertedRows + rewritten.rowsUpdated() + rewritten.rowsCopied()));
    metrics.put("numTargetFilesAdded", Integer.toString(filesAdded));
    metrics.put("numTargetFilesRemoved", Integer.toString(rewritten.removed().size()));
    metrics.put("numTargetFilesBeforeSkipping", Integer.toString(all.size()));
    metrics.put("numTargetFilesAfterSkipping", Integer.toString(candidates.size()));
    vectors.addMetrics(metrics, rewritten.removed());
    metrics.put("executionTimeMs", Long.toString(durationMs));
    CommitResult result =
        TableOps.commit(
            txn,
            staged,
            actions,
            new Operation("MERGE", parameters, metrics, spec.userMetadata()),
            vectors.file());
    return new MergeMetrics(
        result.version(),
        false,
        source.numRows(),
        insertedRows,
        rewritten.rowsUpdated(),
        rewritten.rowsDeleted(),
        rewritten.rowsCopied(),
        filesAdded,
        rewritten.removed().size(),
        candidates.size(),
        (System.nanoTime() - start) / 1_000_000);
  }

  private static String describe(MergeSpec spec, MergeSpec.Kind kind) {
    StringBuilder sb = new StringBuilder("[");
    for (MergeSpec.Clause c : spec.clauses(kind)) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      String action =
          switch (c.action()) {
            case UPDATE, UPDATE_ALL -> "update";
            case DELETE -> "delete";
            case INSERT, INSERT_ALL -> "insert";
          };
      sb.append("{\"actionType\":\"").append(action).append('"');
      if (c.condition() != null) {
        sb.append(",\"predicate\":\"").append(c.condition().replace("\"", "\\\"")).append('"');
      }
      sb.append('}');
    }
    return sb.append(']').toString();
  }

  private List<Compiled> compileClauses(
      MergeSpec spec,
      MergeSpec.Kind kind,
      List<EngineBridge.Input> inputs,
      StructType schema,
      StructType sourceSchema) {
    List<Compiled> out = new ArrayList<>();
    for (MergeSpec.Clause clause : spec.clauses(kind)) {
      Constraints.Condition condition =
          clause.condition() == null
              ? null
              : bridge.compile(clause.condition(), inputs, PrimitiveType.BOOLEAN);
      Constraints.Condition[] values = null;
      if (clause.action() != MergeSpec.ActionType.DELETE) {
        values = new Constraints.Condition[schema.size()];
        Map<String, Object> assignments = normalize(clause.assignments(), schema);
        for (int i = 0; i < schema.size(); i++) {
          StructField field = schema.field(i);
          Object sql =
              switch (clause.action()) {
                case UPDATE ->
                    assignments.getOrDefault(
                        field.name().toLowerCase(), (Object) ref(spec.targetAlias(), field.name()));
                case UPDATE_ALL ->
                    sourceSchema.indexOf(field.name()) >= 0
                        ? ref(spec.sourceAlias(), sourceSchema.field(field.name()).name())
                        : ref(spec.targetAlias(), field.name());
                case INSERT ->
                    assignments.getOrDefault(field.name().toLowerCase(), (Object) "NULL");
                case INSERT_ALL ->
                    sourceSchema.indexOf(field.name()) >= 0
                        ? ref(spec.sourceAlias(), sourceSchema.field(field.name()).name())
                        : "NULL";
                case DELETE -> throw new IllegalStateException();
              };
          values[i] = bridge.compile(sql, inputs, field.type());
        }
      }
      out.add(new Compiled(clause, condition, values));
    }
    return out;
  }

  private Map<String, Object> normalize(Map<String, Object> assignments, StructType schema) {
    Map<String, Object> out = new HashMap<>();
    for (Map.Entry<String, Object> e : assignments.entrySet()) {
      String column = e.getKey();
      int dot = column.indexOf('.');
      if (dot > 0 && schema.indexOf(column) < 0) {
        column = column.substring(dot + 1);
      }
      if (schema.indexOf(column) < 0) {
        throw new SchemaMismatchException(
            "MERGE assigns column "
                + e.getKey()
                + " which is not a column of "
                + table
                + "; columns are "
                + schema.fieldNames());
      }
      out.put(schema.field(column).name().toLowerCase(), e.getValue());
    }
    return out;
  }

  static String ref(String alias, String column) {
    boolean simple = column.matches("[A-Za-z_][A-Za-z0-9_]*");
    return alias + "." + (simple ? column : "`" + column.replace("`", "``") + "`");
  }

  // ---------------------------------------------------------------- per-batch work

  private FileRewriter.Outcome mergeBatch(
      ColumnBatch target,
      ColumnBatch source,
      Map<Object, int[]> index,
      int[] targetKeys,
      Constraints.Condition residual,
      List<Compiled> matched,
      List<Compiled> bySource,
      StructType schema,
      boolean rewrites,
      boolean unconditionalDeleteOnly,
      boolean[] sourceMatched,
      Constraints constraints,
      MergeSpec spec,
      boolean marks,
      boolean cdf) {
    int n = target.numRows();
    int[] pairT = new int[16];
    int[] pairS = new int[16];
    int pairs = 0;
    ColumnVector[] keys = new ColumnVector[targetKeys.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = target.column(targetKeys[i]);
    }
    for (int row = 0; row < n; row++) {
      Object key = key(keys, row);
      if (key == null) {
        continue;
      }
      int[] hits = index.get(key);
      if (hits == null) {
        continue;
      }
      for (int s : hits) {
        if (pairs == pairT.length) {
          pairT = Arrays.copyOf(pairT, pairs * 2);
          pairS = Arrays.copyOf(pairS, pairs * 2);
        }
        pairT[pairs] = row;
        pairS[pairs] = s;
        pairs++;
      }
    }
    ColumnBatch joinedPairs = null;
    if (pairs > 0 && residual != null) {
      joinedPairs = join(target, pairT, source, pairS, pairs);
      ColumnVector ok = residual.evaluate(joinedPairs);
      int kept = 0;
      for (int i = 0; i < pairs; i++) {
        if (WriteJob.isTrue(ok, i)) {
          pairT[kept] = pairT[i];
          pairS[kept] = pairS[i];
          kept++;
        }
      }
      if (kept != pairs) {
        joinedPairs = null;
      }
      pairs = kept;
    }
    int[] matchCount = new int[n];
    for (int i = 0; i < pairs; i++) {
      sourceMatched[pairS[i]] = true;
      matchCount[pairT[i]]++;
    }
    if (!rewrites) {
      return new FileRewriter.Outcome(List.of(), 0, 0);
    }
    if (!matched.isEmpty() && !unconditionalDeleteOnly) {
      for (int i = 0; i < pairs; i++) {
        if (matchCount[pairT[i]] > 1) {
          throw new MultipleSourceRowsMatchException(
              "MERGE into "
                  + table
                  + " cannot update or delete the target row "
                  + Constraints.describe(target, pairT[i])
                  + ": "
                  + matchCount[pairT[i]]
                  + " source rows match it under the condition "
                  + spec.condition()
                  + " (DeltaMergeMultipleSourceRowsMatchingTargetRow). Deduplicate the source on"
                  + " the merge keys. Nothing was committed.");
        }
      }
    }
    // 0 = copy, 1 = deleted, 2 = updated
    byte[] fate = new byte[n];
    List<ColumnBatch> outputs = new ArrayList<>();
    int deleted = 0;
    int updated = 0;
    if (pairs > 0 && !matched.isEmpty()) {
      if (joinedPairs == null) {
        joinedPairs = join(target, pairT, source, pairS, pairs);
      }
      int[] remaining = new int[pairs];
      for (int i = 0; i < pairs; i++) {
        remaining[i] = i;
      }
      int remainingCount = pairs;
      for (Compiled clause : matched) {
        if (remainingCount == 0) {
          break;
        }
        ColumnBatch candidates =
            remainingCount == pairs ? joinedPairs : joinedPairs.gather(remaining, remainingCount);
        int[] applies = new int[remainingCount];
        int applyCount = 0;
        int[] rest = new int[remainingCount];
        int restCount = 0;
        ColumnVector ok = clause.condition == null ? null : clause.condition.evaluate(candidates);
        for (int i = 0; i < remainingCount; i++) {
          if (ok == null || WriteJob.isTrue(ok, i)) {
            applies[applyCount++] = i;
          } else {
            rest[restCount++] = remaining[i];
          }
        }
        if (applyCount > 0) {
          ColumnBatch applied =
              applyCount == remainingCount ? candidates : candidates.gather(applies, applyCount);
          byte mark = clause.clause.action() == MergeSpec.ActionType.DELETE ? (byte) 1 : (byte) 2;
          for (int i = 0; i < applyCount; i++) {
            fate[pairT[remaining[applies[i]]]] = mark;
          }
          if (mark == 1) {
            deleted += applyCount;
          } else {
            ColumnBatch out = evaluateRow(applied, clause.values, schema);
            constraints.check(out);
            outputs.add(out);
            updated += applyCount;
          }
        }
        remaining = rest;
        remainingCount = restCount;
      }
    }
    if (!bySource.isEmpty()) {
      int[] unmatched = new int[n];
      int count = 0;
      for (int row = 0; row < n; row++) {
        if (matchCount[row] == 0) {
          unmatched[count++] = row;
        }
      }
      int[] remaining = unmatched;
      int remainingCount = count;
      for (Compiled clause : bySource) {
        if (remainingCount == 0) {
          break;
        }
        ColumnBatch candidates = target.gather(remaining, remainingCount);
        ColumnVector ok = clause.condition == null ? null : clause.condition.evaluate(candidates);
        int[] applies = new int[remainingCount];
        int applyCount = 0;
        int[] rest = new int[remainingCount];
        int restCount = 0;
        for (int i = 0; i < remainingCount; i++) {
          if (ok == null || WriteJob.isTrue(ok, i)) {
            applies[applyCount++] = i;
          } else {
            rest[restCount++] = remaining[i];
          }
        }
        if (applyCount > 0) {
          byte mark = clause.clause.action() == MergeSpec.ActionType.DELETE ? (byte) 1 : (byte) 2;
          for (int i = 0; i < applyCount; i++) {
            fate[remaining[applies[i]]] = mark;
          }
          if (mark == 1) {
            deleted += applyCount;
          } else {
            ColumnBatch out =
                evaluateRow(candidates.gather(applies, applyCount), clause.values, schema);
            constraints.check(out);
            outputs.add(out);
            updated += applyCount;
          }
        }
        remaining = rest;
        remainingCount = restCount;
      }
    }
    if (deleted + updated == 0) {
      return FileRewriter.Outcome.of(target, 0, 0);
    }
    List<FileRewriter.Change> changes = cdf ? changes(target, fate, outputs) : List.of();
    if (marks) {
      int[] changed = new int[n];
      int count = 0;
      for (int row = 0; row < n; row++) {
        if (fate[row] != 0) {
          changed[count++] = row;
        }
      }
      return new FileRewriter.Outcome(
          outputs, deleted, updated, Arrays.copyOf(changed, count), changes);
    }
    int[] copy = new int[n];
    int copies = 0;
    for (int row = 0; row < n; row++) {
      if (fate[row] == 0) {
        copy[copies++] = row;
      }
    }
    if (copies > 0) {
      outputs.add(0, target.gather(copy, copies));
    }
    return new FileRewriter.Outcome(outputs, deleted, updated, null, changes);
  }

  /**
   * The change rows of one target batch: deleted rows, the pre-images of updated rows and their
   * post-images (the updated outputs).
   */
  private static List<FileRewriter.Change> changes(
      ColumnBatch target, byte[] fate, List<ColumnBatch> updatedOutputs) {
    int n = target.numRows();
    int[] deletedRows = new int[n];
    int deletes = 0;
    int[] updatedRows = new int[n];
    int updates = 0;
    for (int row = 0; row < n; row++) {
      if (fate[row] == 1) {
        deletedRows[deletes++] = row;
      } else if (fate[row] == 2) {
        updatedRows[updates++] = row;
      }
    }
    List<FileRewriter.Change> changes = new ArrayList<>();
    if (deletes > 0) {
      changes.add(new FileRewriter.Change(target.gather(deletedRows, deletes), ChangeFiles.DELETE));
    }
    if (updates > 0) {
      changes.add(
          new FileRewriter.Change(target.gather(updatedRows, updates), ChangeFiles.PREIMAGE));
      for (ColumnBatch b : updatedOutputs) {
        changes.add(new FileRewriter.Change(b, ChangeFiles.POSTIMAGE));
      }
    }
    return changes;
  }

  private static ColumnBatch evaluateRow(
      ColumnBatch input, Constraints.Condition[] values, StructType schema) {
    ColumnVector[] columns = new ColumnVector[values.length];
    for (int i = 0; i < values.length; i++) {
      columns[i] = values[i].evaluate(input);
    }
    return new ColumnBatch(schema, columns, input.numRows());
  }

  private static ColumnBatch join(
      ColumnBatch target, int[] targetRows, ColumnBatch source, int[] sourceRows, int count) {
    ColumnBatch t = target.gather(targetRows, count);
    ColumnBatch s = source.gather(sourceRows, count);
    List<StructField> fields = new ArrayList<>();
    ColumnVector[] columns = new ColumnVector[t.numColumns() + s.numColumns()];
    for (int i = 0; i < t.numColumns(); i++) {
      StructField f = t.schema().field(i);
      fields.add(f.withName("t#" + f.name()));
      columns[i] = t.column(i);
    }
    for (int i = 0; i < s.numColumns(); i++) {
      StructField f = s.schema().field(i);
      fields.add(f.withName("s#" + f.name()));
      columns[t.numColumns() + i] = s.column(i);
    }
    return new ColumnBatch(new StructType(fields), columns, count);
  }

  private List<ColumnBatch> inserts(
      ColumnBatch source, boolean[] sourceMatched, List<Compiled> clauses, StructType schema) {
    int n = source.numRows();
    int[] remaining = new int[n];
    int remainingCount = 0;
    for (int row = 0; row < n; row++) {
      if (!sourceMatched[row]) {
        remaining[remainingCount++] = row;
      }
    }
    List<ColumnBatch> out = new ArrayList<>();
    for (Compiled clause : clauses) {
      if (remainingCount == 0) {
        break;
      }
      ColumnBatch candidates = source.gather(remaining, remainingCount);
      ColumnVector ok = clause.condition == null ? null : clause.condition.evaluate(candidates);
      int[] applies = new int[remainingCount];
      int applyCount = 0;
      int[] rest = new int[remainingCount];
      int restCount = 0;
      for (int i = 0; i < remainingCount; i++) {
        if (ok == null || WriteJob.isTrue(ok, i)) {
          applies[applyCount++] = i;
        } else {
          rest[restCount++] = remaining[i];
        }
      }
      if (applyCount > 0) {
        ColumnBatch applied = candidates.gather(applies, applyCount);
        for (int from = 0; from < applyCount; from += ColumnBatch.DEFAULT_ROWS) {
          int count = Math.min(ColumnBatch.DEFAULT_ROWS, applyCount - from);
          out.add(evaluateRow(applied.slice(from, count), clause.values, schema));
        }
      }
      remaining = rest;
      remainingCount = restCount;
    }
    return out;
  }

  // ---------------------------------------------------------------- keys and pruning

  private static Map<Object, int[]> buildIndex(ColumnBatch source, int[] sourceKeys) {
    Map<Object, int[]> index = new HashMap<>(Math.max(16, source.numRows() * 2));
    ColumnVector[] keys = new ColumnVector[sourceKeys.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = source.column(sourceKeys[i]);
    }
    for (int row = 0; row < source.numRows(); row++) {
      Object key = key(keys, row);
      if (key == null) {
        continue;
      }
      int[] rows = index.get(key);
      if (rows == null) {
        index.put(key, new int[] {row});
      } else {
        int[] grown = Arrays.copyOf(rows, rows.length + 1);
        grown[rows.length] = row;
        index.put(key, grown);
      }
    }
    return index;
  }

  /** The join key of a row, normalised so equal SQL values of different Java types are equal. */
  private static Object key(ColumnVector[] keys, int row) {
    if (keys.length == 0) {
      return Boolean.TRUE;
    }
    if (keys.length == 1) {
      return keys[0].isNull(row) ? null : normalizeKey(keys[0].get(row));
    }
    Object[] values = new Object[keys.length];
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].isNull(row)) {
        return null;
      }
      values[i] = normalizeKey(keys[i].get(row));
    }
    return Arrays.asList(values);
  }

  static Object normalizeKey(Object value) {
    if (value instanceof Byte || value instanceof Short || value instanceof Integer) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof BigDecimal d) {
      return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    }
    if (value instanceof byte[] b) {
      return java.nio.ByteBuffer.wrap(b);
    }
    return value;
  }

  private Predicate<AddFile> pruning(
      MergeSpec spec,
      MergeCondition condition,
      StructType schema,
      StructType sourceSchema,
      List<String> partitionColumns,
      ColumnBatch source,
      int[] targetKeys,
      int[] sourceKeys) {
    List<Predicate<AddFile>> filters = new ArrayList<>();
    for (int k = 0; k < targetKeys.length; k++) {
      StructField targetField = schema.field(targetKeys[k]);
      ColumnVector sourceKey = source.column(sourceKeys[k]);
      DataType sourceType = sourceSchema.field(sourceKeys[k]).type();
      String partitionColumn = partitionColumnNamed(partitionColumns, targetField.name());
      if (partitionColumn != null) {
        Set<String> values =
            partitionValues(sourceKey, sourceType, targetField.type(), source.numRows());
        if (values == null) {
          continue;
        }
        filters.add(f -> values.contains(f.partitionValues().get(partitionColumn)));
        continue;
      }
      TreeSet<Comparable<Object>> keys =
          sortedKeys(sourceKey, targetField.type(), source.numRows());
      if (keys != null) {
        String name = targetField.name();
        DataType type = targetField.type();
        filters.add(f -> statsMayContain(f, name, type, keys));
      }
    }
    String targetOnly = condition.targetOnlySql(spec.targetAlias());
    if (targetOnly != null) {
      try {
        filters.add(bridge.fileFilter(targetOnly, schema, partitionColumns));
      } catch (RuntimeException e) {
        // not convertible to a file filter: no pruning from it
      }
    }
    return f -> {
      for (Predicate<AddFile> p : filters) {
        if (!p.test(f)) {
          return false;
        }
      }
      return true;
    };
  }

  /**
   * What this MERGE read, for conflict detection: the partitions its source keys select when the
   * join is on a partition column, else the whole table. Concurrent appends there conflict.
   */
  private Predicate<Map<String, String>> readPredicate(
      StructType schema,
      StructType sourceSchema,
      List<String> partitionColumns,
      ColumnBatch source,
      int[] targetKeys,
      int[] sourceKeys) {
    for (int k = 0; k < targetKeys.length; k++) {
      StructField targetField = schema.field(targetKeys[k]);
      String partitionColumn = partitionColumnNamed(partitionColumns, targetField.name());
      if (partitionColumn == null) {
        continue;
      }
      Set<String> values =
          partitionValues(
              source.column(sourceKeys[k]),
              sourceSchema.field(sourceKeys[k]).type(),
              targetField.type(),
              source.numRows());
      if (values != null) {
        return v -> values.contains(v.get(partitionColumn));
      }
    }
    return v -> true;
  }

  private static Set<String> partitionValues(
      ColumnVector sourceKey, DataType sourceType, DataType targetType, int n) {
    Set<String> values = new HashSet<>();
    for (int row = 0; row < n; row++) {
      if (!sourceKey.isNull(row)) {
        Object v = sourceKey.get(row);
        try {
          v =
              SchemaAlignment.canCast(sourceType, targetType)
                  ? SchemaAlignment.convert(v, sourceType, targetType)
                  : v;
          values.add(DataFiles.partitionValue(targetType, v));
        } catch (RuntimeException e) {
          return null;
        }
      }
    }
    return values;
  }

  private static String partitionColumnNamed(List<String> partitionColumns, String name) {
    for (String c : partitionColumns) {
      if (c.equalsIgnoreCase(name)) {
        return c;
      }
    }
    return null;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static TreeSet<Comparable<Object>> sortedKeys(
      ColumnVector keys, DataType targetType, int n) {
    if (!(targetType == PrimitiveType.LONG
        || targetType == PrimitiveType.INTEGER
        || targetType == PrimitiveType.SHORT
        || targetType == PrimitiveType.BYTE
        || targetType == PrimitiveType.STRING
        || targetType == PrimitiveType.DATE
        || targetType instanceof DecimalType)) {
      return null;
    }
    TreeSet set = new TreeSet();
    for (int row = 0; row < n; row++) {
      if (keys.isNull(row)) {
        continue;
      }
      Object v = keys.get(row);
      Object c = comparable(v, targetType);
      if (c == null) {
        return null;
      }
      set.add(c);
    }
    return set;
  }

  private static Object comparable(Object v, DataType type) {
    if (type instanceof DecimalType) {
      return v instanceof BigDecimal b
          ? b
          : v instanceof Number n ? BigDecimal.valueOf(n.longValue()) : null;
    }
    if (type == PrimitiveType.STRING) {
      return v instanceof String s ? s : null;
    }
    if (type == PrimitiveType.DATE) {
      return v instanceof LocalDate d ? d : null;
    }
    return v instanceof Number n
            && !(v instanceof Double)
            && !(v instanceof Float)
            && !(v instanceof BigDecimal)
        ? n.longValue()
        : null;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static boolean statsMayContain(
      AddFile file, String column, DataType type, TreeSet<Comparable<Object>> keys) {
    if (keys.isEmpty()) {
      return false;
    }
    if (file.stats() == null) {
      return true;
    }
    try {
      JsonNode stats = JSON.readTree(file.stats());
      JsonNode min = stats.path("minValues").path(column);
      JsonNode max = stats.path("maxValues").path(column);
      long numRecords = stats.path("numRecords").asLong(-1);
      JsonNode nulls = stats.path("nullCount").path(column);
      if (min.isMissingNode() || max.isMissingNode() || min.isNull() || max.isNull()) {
        // all-null column (no min/max) holds no matching key; otherwise unknown
        return !(nulls.isNumber() && numRecords >= 0 && nulls.asLong() == numRecords);
      }
      Comparable lo = (Comparable) fromStats(min, type);
      Comparable hi = (Comparable) fromStats(max, type);
      if (lo == null || hi == null) {
        return true;
      }
      if (type == PrimitiveType.STRING) {
        // max may be truncated with a tie-breaker suffix; it is still an upper bound
        Comparable ceiling = (Comparable) keys.ceiling(lo);
        return ceiling != null && ceiling.compareTo(hi) <= 0;
      }
      Comparable ceiling = (Comparable) keys.ceiling(lo);
      return ceiling != null && ceiling.compareTo(hi) <= 0;
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  private static Object fromStats(JsonNode node, DataType type) {
    if (type instanceof DecimalType) {
      return node.decimalValue();
    }
    if (type == PrimitiveType.STRING) {
      return node.asText();
    }
    if (type == PrimitiveType.DATE) {
      return LocalDate.parse(node.asText());
    }
    return node.canConvertToLong() ? node.asLong() : null;
  }

  private static ColumnBatch concat(StructType schema, List<ColumnBatch> batches) {
    int total = 0;
    for (ColumnBatch b : batches) {
      total += b.numRows();
    }
    if (batches.size() == 1) {
      return batches.get(0).withSchema(schema);
    }
    ColumnVector[] columns = new ColumnVector[schema.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = ColumnVector.allocate(schema.field(i).type(), Math.max(1, total));
      for (ColumnBatch b : batches) {
        columns[i].appendRange(b.column(i), 0, b.numRows());
      }
    }
    return new ColumnBatch(schema, columns, total);
  }
}
