package dev.strata.writer.internal;

import dev.strata.format.SchemaMismatchException;
import dev.strata.format.StrataException;
import dev.strata.format.parquet.ParquetWriteOptions;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.BooleanVector;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.log.Action;
import dev.strata.log.AddFile;
import dev.strata.log.CommitResult;
import dev.strata.log.DeltaLog;
import dev.strata.log.Metadata;
import dev.strata.log.Operation;
import dev.strata.log.OptimisticTransaction;
import dev.strata.log.Snapshot;
import dev.strata.writer.ConstraintViolationException;
import dev.strata.writer.TableAlreadyExistsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One {@code Dataset.write().save(uri)}: decides what the write means for the table (create,
 * append, overwrite, replaceWhere, dynamic partition overwrite), runs the tasks through the staging
 * protocol and publishes everything in one log commit.
 */
public final class WriteJob {
  /** Config key: at most this many partition files open at once per task. */
  public static final String MAX_OPEN_FILES = "strata.writer.max-open-files";

  /** Default of {@link #MAX_OPEN_FILES}. */
  public static final int DEFAULT_MAX_OPEN_FILES = 128;

  /**
   * Config key (write option or session config), as Delta's {@code optimizeWrite}: {@code auto}
   * (default) clusters a partitioned write by its partition columns when the input's estimated size
   * is below the target file size, so each table partition gets one file instead of one per task;
   * {@code true} always clusters partitioned writes, {@code false} never. Large writes stay
   * unclustered: every task writes its share of every partition, in parallel - unless the input is
   * large for the heap (over a quarter of it) or the option is {@code sort}: then rows are sorted
   * by the partition columns first, so each task has one Parquet file open at a time.
   */
  public static final String OPTIMIZE = "strata.write.optimize";

  private final DeltaLog log;
  private final EngineBridge bridge;
  private final String table;

  public WriteJob(DeltaLog log, EngineBridge bridge) {
    this.log = log;
    this.bridge = bridge;
    this.table = log.tablePath();
  }

  /**
   * The input to run the write's tasks over: clustered by partition when {@link #OPTIMIZE} says.
   */
  static EngineBridge.WriteInput optimized(
      WriteSpec spec, EngineBridge.WriteInput input, List<String> partitionColumns) {
    if (partitionColumns.isEmpty()) {
      return input;
    }
    String mode = spec.options().getOrDefault(OPTIMIZE, "auto").trim().toLowerCase(Locale.ROOT);
    boolean cluster =
        switch (mode) {
          case "true" -> true;
          case "false" -> false;
          case "sort" -> false;
          case "auto" -> {
            long estimate = input.estimatedBytes();
            yield estimate >= 0 && estimate < spec.targetFileSize();
          }
          default ->
              throw new StrataException(
                  "Write option "
                      + OPTIMIZE
                      + "='"
                      + mode
                      + "' is not valid; use auto, true, false or sort.");
        };
    if (cluster) {
      return input.clusteredBy(partitionColumns);
    }
    long estimate = input.estimatedBytes();
    if (mode.equals("sort")
        || (mode.equals("auto") && estimate > Runtime.getRuntime().maxMemory() / 4)) {
      // Every open Parquet file buffers its pages on the heap, and unsorted rows keep a file open
      // for every partition in every task. An input this large for the heap is sorted by the
      // partition columns first (the sort spills), so a task writes one partition after another.
      return input.sortedBy(partitionColumns);
    }
    return input;
  }

  private record TaskOutput(List<WrittenFile> files, long rows) {}

  /** Runs the write. */
  public WriteOutcome run(WriteSpec spec, EngineBridge.WriteInput input) {
    long start = System.nanoTime();
    boolean exists = log.tableExists();
    Snapshot snapshot = exists ? log.latestSnapshot() : null;
    if (exists) {
      if (spec.mode() == WriteSpec.Mode.ERROR_IF_EXISTS) {
        throw new TableAlreadyExistsException(
            "Table "
                + table
                + " already exists (version "
                + snapshot.version()
                + "); write with mode APPEND or OVERWRITE, or choose another location.");
      }
      if (spec.mode() == WriteSpec.Mode.IGNORE) {
        return WriteOutcome.skipped(start);
      }
      if (TableOps.alreadyCommitted(log, snapshot, spec.appId(), spec.appVersion())) {
        return WriteOutcome.skipped(start);
      }
    }
    boolean overwrite = spec.mode() == WriteSpec.Mode.OVERWRITE;
    if (spec.replaceWhere() != null && spec.dynamicPartitionOverwrite() && overwrite) {
      throw new StrataException(
          "replaceWhere and dynamic partition overwrite cannot be combined in one write to "
              + table
              + "; use one of them.");
    }
    OptimisticTransaction txn = exists ? log.startTransaction(snapshot) : log.startTransaction();
    StructType dataSchema = input.schema();
    Metadata current = exists ? snapshot.metadata() : null;
    SchemaAlignment alignment;
    List<String> partitionColumns;
    boolean replaceTableDefinition = !exists || (overwrite && spec.overwriteSchema());
    if (replaceTableDefinition) {
      partitionColumns = resolvePartitionColumns(spec, dataSchema, current);
      Map<String, String> configuration = new LinkedHashMap<>();
      if (current != null) {
        configuration.putAll(current.configuration());
      }
      configuration.putAll(spec.properties());
      alignment = SchemaAlignment.align(table, dataSchema, dataSchema, false);
      Metadata metadata =
          current == null
              ? Metadata.create(dataSchema, partitionColumns, configuration)
              : current
                  .withSchema(dataSchema)
                  .withPartitionColumns(partitionColumns)
                  .withConfiguration(configuration);
      txn.updateMetadata(metadata);
      if (!exists) {
        txn.updateProtocol(TableOps.protocolFor(configuration));
      }
    } else {
      partitionColumns = current.partitionColumns();
      if (!spec.partitionBy().isEmpty() && !sameColumns(spec.partitionBy(), partitionColumns)) {
        throw new SchemaMismatchException(
            "Table "
                + table
                + " is partitioned by "
                + partitionColumns
                + " but the write asks for "
                + spec.partitionBy()
                + ". Leave out partitionBy, or overwrite with overwriteSchema() to change the"
                + " partitioning.");
      }
      alignment = SchemaAlignment.align(table, current.schema(), dataSchema, spec.mergeSchema());
      if (!alignment.tableSchema().equals(current.schema())) {
        txn.updateMetadata(current.withSchema(alignment.tableSchema()));
      }
    }
    Metadata target = txn.metadata();
    StructType tableSchema = alignment.tableSchema();
    boolean removesData = exists && overwrite;
    if (removesData) {
      TableOps.checkAppendOnly(table, current, "an overwrite");
    }
    Constraints constraints =
        Constraints.of(
            table, tableSchema, target.configuration(), sql -> bridge.compile(sql, tableSchema));
    String replaceWhere = overwrite ? spec.replaceWhere() : null;
    if (replaceWhere != null) {
      constraints =
          constraints.withReplaceWhere(replaceWhere, bridge.compile(replaceWhere, tableSchema));
    }
    ParquetWriteOptions options = TableOps.writeOptions(target.configuration());
    EngineBridge.WriteInput tasks = optimized(spec, input, partitionColumns);
    StagedWrite staged = StagedWrite.begin(log.storage(), table, TableOps.codecExtension(options));
    int configuredMaxOpen =
        Integer.parseInt(
            spec.options().getOrDefault(MAX_OPEN_FILES, Integer.toString(DEFAULT_MAX_OPEN_FILES)));
    // rows sorted by partition arrive grouped: the previous partition's file is finished for good
    final int maxOpen = tasks.sortedByPartition() ? 1 : configuredMaxOpen;
    final Constraints checks = constraints;
    final List<String> partitions = partitionColumns;
    List<TaskOutput> outputs;
    try {
      outputs =
          tasks.runTasks(
              (partition, attempt, batches) ->
                  runTask(
                      staged,
                      partition,
                      attempt,
                      batches,
                      alignment,
                      checks,
                      tableSchema,
                      partitions,
                      options,
                      spec.targetFileSize(),
                      maxOpen));
    } catch (RuntimeException e) {
      TableOps.abortQuietly(staged, e);
      throw unwrapConstraint(e);
    }
    List<WrittenFile> written = new ArrayList<>();
    long rows = 0;
    for (TaskOutput output : outputs) {
      written.addAll(output.files());
      rows += output.rows();
    }

    List<Action> actions = new ArrayList<>();
    List<AddFile> removed = new ArrayList<>();
    long copiedRows = 0;
    long deletedRows = -1;
    try {
      if (removesData) {
        List<AddFile> live = snapshot.allFiles();
        if (replaceWhere != null) {
          RemovalPlan plan =
              planReplaceWhere(
                  staged,
                  snapshot,
                  txn,
                  replaceWhere,
                  tableSchema,
                  partitionColumns,
                  options,
                  spec);
          removed.addAll(plan.removed);
          written.addAll(plan.rewritten);
          copiedRows = plan.copiedRows;
          deletedRows = plan.deletedRows;
        } else if (spec.dynamicPartitionOverwrite() && !partitionColumns.isEmpty()) {
          Set<Map<String, String>> touched = new HashSet<>();
          for (WrittenFile f : written) {
            touched.add(f.partitionValues());
          }
          Predicate<Map<String, String>> inTouched =
              values -> touched.contains(project(values, partitionColumns));
          txn.recordRead(inTouched);
          for (AddFile file : live) {
            if (inTouched.test(file.partitionValues())) {
              removed.add(file);
            }
          }
        } else {
          txn.recordReadWholeTable();
          removed.addAll(live);
        }
      }
      if (spec.appId() != null) {
        txn.setTransaction(spec.appId(), spec.appVersion());
      }
      List<AddFile> adds = TableOps.toAdds(written);
      actions.addAll(adds);
      actions.addAll(TableOps.toRemoves(removed));
    } catch (RuntimeException e) {
      TableOps.abortQuietly(staged, e);
      throw e;
    }

    long bytesAdded = written.stream().mapToLong(WrittenFile::size).sum();
    long bytesRemoved = removed.stream().mapToLong(AddFile::size).sum();
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("mode", spec.mode().deltaName());
    parameters.put("partitionBy", jsonList(partitionColumns));
    if (replaceWhere != null) {
      parameters.put("predicate", jsonList(List.of(replaceWhere)));
    }
    if (overwrite && spec.dynamicPartitionOverwrite()) {
      parameters.put("partitionOverwriteMode", "DYNAMIC");
    }
    Map<String, String> metrics = new LinkedHashMap<>();
    metrics.put("numFiles", Long.toString(written.size()));
    metrics.put("numOutputRows", Long.toString(rows + copiedRows));
    metrics.put("numOutputBytes", Long.toString(bytesAdded));
    if (removesData) {
      metrics.put("numRemovedFiles", Long.toString(removed.size()));
      metrics.put("numRemovedBytes", Long.toString(bytesRemoved));
      if (replaceWhere != null) {
        metrics.put("numAddedFiles", Long.toString(written.size()));
        metrics.put("numCopiedRows", Long.toString(copiedRows));
        if (deletedRows >= 0) {
          metrics.put("numDeletedRows", Long.toString(deletedRows));
        }
      }
    }
    Operation operation = new Operation("WRITE", parameters, metrics, spec.userMetadata());
    CommitResult result = TableOps.commit(txn, staged, actions, operation);
    return new WriteOutcome(
        result.version(),
        false,
        written.size(),
        bytesAdded,
        removed.size(),
        bytesRemoved,
        rows,
        (System.nanoTime() - start) / 1_000_000,
        metrics);
  }

  private static RuntimeException unwrapConstraint(RuntimeException e) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < 10; depth++) {
      if (t instanceof ConstraintViolationException c) {
        return c;
      }
      t = t.getCause();
    }
    return e;
  }

  private TaskOutput runTask(
      StagedWrite staged,
      int partition,
      int attemptNumber,
      java.util.Iterator<ColumnBatch> batches,
      SchemaAlignment alignment,
      Constraints constraints,
      StructType tableSchema,
      List<String> partitionColumns,
      ParquetWriteOptions options,
      long targetFileSize,
      int maxOpen) {
    StagedWrite.Attempt attempt = staged.attempt(partition, attemptNumber);
    TaskFileWriter writer =
        new TaskFileWriter(
            attempt, tableSchema, partitionColumns, options, targetFileSize, maxOpen);
    try {
      while (batches.hasNext()) {
        ColumnBatch batch = alignment.apply(batches.next());
        if (batch.numRows() == 0) {
          continue;
        }
        if (!constraints.isEmpty()) {
          constraints.check(batch);
        }
        writer.write(batch);
      }
      List<WrittenFile> files = attempt.commit(writer.finish());
      long rows = files.stream().mapToLong(WrittenFile::numRecords).sum();
      return new TaskOutput(files, rows);
    } catch (RuntimeException e) {
      writer.abort();
      attempt.abort();
      throw e;
    }
  }

  private record RemovalPlan(
      List<AddFile> removed, List<WrittenFile> rewritten, long copiedRows, long deletedRows) {}

  private RemovalPlan planReplaceWhere(
      StagedWrite staged,
      Snapshot snapshot,
      OptimisticTransaction txn,
      String predicate,
      StructType schema,
      List<String> partitionColumns,
      ParquetWriteOptions options,
      WriteSpec spec) {
    Predicate<Map<String, String>> partitionOnly =
        bridge.partitionFilter(predicate, schema, partitionColumns);
    if (partitionOnly != null) {
      txn.recordRead(partitionOnly);
      List<AddFile> removed = new ArrayList<>();
      for (AddFile file : snapshot.allFiles()) {
        if (partitionOnly.test(file.partitionValues())) {
          removed.add(file);
        }
      }
      return new RemovalPlan(removed, List.of(), 0, -1);
    }
    Predicate<AddFile> mayMatch = bridge.fileFilter(predicate, schema, partitionColumns);
    List<AddFile> candidates = snapshot.allFiles().stream().filter(mayMatch).toList();
    txn.recordRead(values -> candidates.stream().anyMatch(f -> f.partitionValues().equals(values)));
    txn.recordReadFiles(candidates);
    Constraints.Condition condition = bridge.compile(predicate, schema);
    FileRewriter.Result result =
        FileRewriter.rewrite(
            staged,
            bridge,
            candidates,
            schema,
            partitionColumns,
            options,
            spec.targetFileSize(),
            () -> keepWhereNot(condition),
            1_000_000,
            FileRewriter.Mode.COPY_ON_WRITE,
            snapshot.version());
    return new RemovalPlan(
        result.removed(), result.added(), result.rowsCopied(), result.rowsDeleted());
  }

  /** Keeps the rows for which the condition is not true (false or null), as DELETE does. */
  static FileRewriter.Transform keepWhereNot(Constraints.Condition condition) {
    return batch -> {
      ColumnVector matches = condition.evaluate(batch);
      int n = batch.numRows();
      int[] keep = new int[n];
      int kept = 0;
      for (int row = 0; row < n; row++) {
        if (!isTrue(matches, row)) {
          keep[kept++] = row;
        }
      }
      int deleted = n - kept;
      ColumnBatch out = kept == n ? batch : batch.gather(keep, kept);
      return FileRewriter.Outcome.of(out, deleted, 0);
    };
  }

  static boolean isTrue(ColumnVector vector, int row) {
    if (vector.isNull(row)) {
      return false;
    }
    return vector instanceof BooleanVector b
        ? b.getBoolean(row)
        : Boolean.TRUE.equals(vector.get(row));
  }

  private static Map<String, String> project(Map<String, String> values, List<String> columns) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String c : columns) {
      out.put(c, values.get(c));
    }
    return out;
  }

  private static String jsonList(List<String> values) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return sb.append(']').toString();
  }

  private List<String> resolvePartitionColumns(
      WriteSpec spec, StructType dataSchema, Metadata current) {
    List<String> requested = spec.partitionBy();
    if (requested.isEmpty() && current != null) {
      boolean allPresent =
          current.partitionColumns().stream().allMatch(c -> dataSchema.indexOf(c) >= 0);
      requested = allPresent ? current.partitionColumns() : List.of();
    }
    List<String> resolved = new ArrayList<>();
    for (String column : requested) {
      int index = -1;
      for (int i = 0; i < dataSchema.size(); i++) {
        if (dataSchema.field(i).name().equalsIgnoreCase(column)) {
          index = i;
        }
      }
      if (index < 0) {
        throw TableOps.unknownColumn(table, column, dataSchema.fieldNames());
      }
      StructField field = dataSchema.field(index);
      if (!field.type().isOrderable()
          && field.type() != dev.strata.format.types.PrimitiveType.BINARY) {
        throw new SchemaMismatchException(
            "Column "
                + field.name()
                + " of type "
                + field.type().simpleString()
                + " cannot be a partition column of "
                + table
                + ": partition columns must be of a primitive type.");
      }
      resolved.add(field.name());
    }
    if (resolved.size() == dataSchema.size() && !resolved.isEmpty()) {
      throw new SchemaMismatchException(
          "Cannot partition "
              + table
              + " by all of its columns "
              + resolved
              + ": at least one column must be stored in the data files.");
    }
    return resolved;
  }

  private static boolean sameColumns(List<String> a, List<String> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).toLowerCase(Locale.ROOT).equals(b.get(i).toLowerCase(Locale.ROOT))) {
        return false;
      }
    }
    return true;
  }
}
