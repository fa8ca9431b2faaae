package dev.strata.maintenance;

import dev.strata.format.Storage;
import dev.strata.format.StoragePaths;
import dev.strata.format.StrataException;
import dev.strata.log.Action;
import dev.strata.log.AddFile;
import dev.strata.log.CommitResult;
import dev.strata.log.DeletionVectorDescriptor;
import dev.strata.log.DeletionVectorFiles;
import dev.strata.log.DeltaLog;
import dev.strata.log.Metadata;
import dev.strata.log.Operation;
import dev.strata.log.OptimisticTransaction;
import dev.strata.log.Snapshot;
import dev.strata.maintenance.internal.TablePaths;
import dev.strata.maintenance.internal.Workers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * RESTORE: a new commit that brings the table back to the files (and schema, partitioning and
 * properties) of an earlier version. Files that version had and the current one lacks are re-added;
 * files it lacked are removed. Refuses with {@link MissingFilesException}, naming them, when some
 * of the files to re-add were deleted (by VACUUM).
 *
 * <pre>{@code
 * RestoreResult result = Restore.forTable(log).toVersion(12).execute();
 * }</pre>
 */
public final class Restore {
  private final DeltaLog log;
  private Long version;
  private Instant timestamp;
  private boolean dryRun;
  private int parallelism = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);

  private Restore(DeltaLog log) {
    this.log = log;
  }

  /** A RESTORE of the table behind {@code log}. */
  public static Restore forTable(DeltaLog log) {
    return new Restore(log);
  }

  /** Restores to this version. */
  public Restore toVersion(long targetVersion) {
    this.version = targetVersion;
    this.timestamp = null;
    return this;
  }

  /** Restores to the latest version committed at or before this time. */
  public Restore toTimestamp(Instant targetTime) {
    this.timestamp = targetTime;
    this.version = null;
    return this;
  }

  /** Computes the metrics without committing. */
  public Restore dryRun() {
    this.dryRun = true;
    return this;
  }

  /** Runs the RESTORE. */
  public RestoreResult execute() {
    if (version == null && timestamp == null) {
      throw new StrataException("RESTORE needs a target: a version or a timestamp");
    }
    String table = log.tablePath();
    Snapshot current = log.latestSnapshot();
    Snapshot target =
        version != null ? log.snapshotAt(version) : log.snapshotAsOf(timestamp.toEpochMilli());
    if (target.version() > current.version()) {
      throw new StrataException(
          "Cannot restore "
              + table
              + " to version "
              + target.version()
              + ": the latest is "
              + current.version());
    }

    Map<String, AddFile> currentFiles = byKey(current.allFiles());
    Map<String, AddFile> targetFiles = byKey(target.allFiles());
    List<AddFile> toAdd = new ArrayList<>();
    for (Map.Entry<String, AddFile> entry : targetFiles.entrySet()) {
      if (!currentFiles.containsKey(entry.getKey())) {
        toAdd.add(entry.getValue());
      }
    }
    List<AddFile> toRemove = new ArrayList<>();
    for (Map.Entry<String, AddFile> entry : currentFiles.entrySet()) {
      if (!targetFiles.containsKey(entry.getKey())) {
        toRemove.add(entry.getValue());
      }
    }
    List<String> missing = missingFiles(log.storage(), table, toAdd);
    if (!missing.isEmpty()) {
      throw new MissingFilesException(table, target.version(), missing);
    }

    long restoredBytes = toAdd.stream().mapToLong(AddFile::size).sum();
    long removedBytes = toRemove.stream().mapToLong(AddFile::size).sum();
    Map<String, String> metrics = new LinkedHashMap<>();
    metrics.put("tableSizeAfterRestore", Long.toString(target.sizeInBytes()));
    metrics.put("numOfFilesAfterRestore", Long.toString(target.numFiles()));
    metrics.put("numRemovedFiles", Long.toString(toRemove.size()));
    metrics.put("numRestoredFiles", Long.toString(toAdd.size()));
    metrics.put("removedFilesSize", Long.toString(removedBytes));
    metrics.put("restoredFilesSize", Long.toString(restoredBytes));

    boolean metadataChanges = !sameMetadata(current.metadata(), target.metadata());
    boolean nothingToDo = toAdd.isEmpty() && toRemove.isEmpty() && !metadataChanges;
    Long committed = null;
    if (!dryRun && !nothingToDo) {
      long now = System.currentTimeMillis();
      List<Action> actions = new ArrayList<>(toAdd.size() + toRemove.size());
      for (AddFile add : toAdd) {
        actions.add(add.withDataChange(true));
      }
      for (AddFile remove : toRemove) {
        actions.add(remove.toRemove(now, true));
      }
      OptimisticTransaction txn = log.startTransaction(current).recordReadWholeTable();
      if (metadataChanges) {
        // Same table id; schema, partitioning and properties of the target version.
        txn.updateMetadata(
            current
                .metadata()
                .withSchema(target.schema())
                .withPartitionColumns(target.partitionColumns())
                .withConfiguration(target.configuration()));
      }
      Map<String, Object> parameters = new LinkedHashMap<>();
      if (version != null) {
        parameters.put("version", version);
      } else {
        parameters.put("timestamp", timestamp.toString());
      }
      CommitResult result =
          txn.commit(actions, new Operation("RESTORE", parameters, metrics, null));
      committed = result.version();
    }
    return new RestoreResult(
        table,
        dryRun,
        current.version(),
        target.version(),
        Instant.ofEpochMilli(target.timestamp()),
        committed,
        target.sizeInBytes(),
        target.numFiles(),
        toRemove.size(),
        toAdd.size(),
        removedBytes,
        restoredBytes,
        metadataChanges);
  }

  private static boolean sameMetadata(Metadata a, Metadata b) {
    return a.schemaString().equals(b.schemaString())
        && a.partitionColumns().equals(b.partitionColumns())
        && a.configuration().equals(b.configuration());
  }

  private static Map<String, AddFile> byKey(List<AddFile> files) {
    Map<String, AddFile> map = new HashMap<>(files.size() * 2);
    for (AddFile file : files) {
      String key =
          file.deletionVector() == null
              ? file.path()
              : file.path() + "#" + file.deletionVector().uniqueId();
      map.put(key, file);
    }
    return map;
  }

  private List<String> missingFiles(Storage storage, String table, List<AddFile> files) {
    List<Callable<String>> checks = new ArrayList<>(files.size());
    for (AddFile file : files) {
      String path = TablePaths.absolute(table, file.path());
      checks.add(() -> storage.exists(path) ? null : file.path());
      DeletionVectorDescriptor dv = file.deletionVector();
      if (dv != null && !dv.isInline()) {
        // The restored (file, vector) pair needs its vector file too; VACUUM may have taken it.
        String vector =
            "p".equals(dv.storageType())
                ? TablePaths.absolute(table, dv.pathOrInlineDv())
                : DeletionVectorFiles.path(table, dv);
        checks.add(
            () ->
                storage.exists(vector)
                    ? null
                    : StoragePaths.name(vector) + " (deletion vector of " + file.path() + ")");
      }
    }
    List<String> missing = new ArrayList<>();
    for (String path : Workers.runAll(checks, parallelism)) {
      if (path != null) {
        missing.add(path);
      }
    }
    return missing;
  }
}
