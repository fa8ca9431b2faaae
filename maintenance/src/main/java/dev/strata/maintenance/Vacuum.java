package dev.strata.maintenance;

import dev.strata.format.FileStatus;
import dev.strata.format.Storage;
import dev.strata.format.StoragePaths;
import dev.strata.format.StrataException;
import dev.strata.log.AddFile;
import dev.strata.log.DeletionVectorDescriptor;
import dev.strata.log.DeletionVectorFiles;
import dev.strata.log.DeltaLog;
import dev.strata.log.Operation;
import dev.strata.log.RemoveFile;
import dev.strata.log.Snapshot;
import dev.strata.log.TableProperties;
import dev.strata.maintenance.internal.LogFiles;
import dev.strata.maintenance.internal.TablePaths;
import dev.strata.maintenance.internal.Workers;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * VACUUM: deletes the files of a table that no version inside the retention window references.
 *
 * <p>A file under the table directory is deleted when all of these hold: no live file of the latest
 * snapshot is it; no tombstone younger than the retention names it; and it was last modified before
 * {@code now - retention}. That covers files removed by the log long enough ago and files no commit
 * ever referenced (crashed or abandoned writes, {@code _temporary} leftovers) that are old enough
 * not to belong to a write still in flight. {@code _delta_log} and every other directory or file
 * whose name starts with {@code _} or {@code .} are never touched, except {@code _temporary},
 * {@code _change_data} and partition directories ({@code _col=value}).
 *
 * <p>The retention defaults to the table's {@code delta.deletedFileRetentionDuration} (7 days); a
 * shorter one is refused with {@link RetentionTooShortException} unless {@link
 * #allowShortRetention()} is called. Unless it is a dry run, VACUUM records {@code VACUUM START}
 * and {@code VACUUM END} commits (commitInfo only, as Delta does).
 *
 * <pre>{@code
 * VacuumResult result = Vacuum.forTable(DeltaLog.forTable("/data/orders")).dryRun().execute();
 * }</pre>
 */
public final class Vacuum {
  /** Files per {@link Storage#deleteAll} call: the batch limit of S3's DeleteObjects. */
  static final int DELETE_BATCH = 1000;

  private final DeltaLog log;
  private Duration retention;
  private boolean dryRun;
  private boolean allowShortRetention;
  private int parallelism = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);
  private ProgressListener progress = ProgressListener.NONE;
  private Clock clock = Clock.systemUTC();

  private Vacuum(DeltaLog log) {
    this.log = log;
  }

  /** A VACUUM of the table behind {@code log}. */
  public static Vacuum forTable(DeltaLog log) {
    return new Vacuum(log);
  }

  /** Overrides the table's retention (refused when shorter, unless forced). */
  public Vacuum retention(Duration newRetention) {
    if (newRetention != null && newRetention.isNegative()) {
      throw new StrataException("VACUUM retention cannot be negative: " + newRetention);
    }
    this.retention = newRetention;
    return this;
  }

  /** Lists what would be deleted without deleting anything or committing. */
  public Vacuum dryRun() {
    this.dryRun = true;
    return this;
  }

  /** Allows a retention shorter than the table's (readers of old versions may fail). */
  public Vacuum allowShortRetention() {
    this.allowShortRetention = true;
    return this;
  }

  /** Threads for listing and deleting. */
  public Vacuum parallelism(int threads) {
    this.parallelism = Math.max(1, threads);
    return this;
  }

  /** Progress of the deletes. */
  public Vacuum progress(ProgressListener listener) {
    this.progress = listener == null ? ProgressListener.NONE : listener;
    return this;
  }

  /** The clock that decides what is old enough (tests). */
  public Vacuum clock(Clock newClock) {
    this.clock = newClock;
    return this;
  }

  /** Runs the VACUUM. */
  public VacuumResult execute() {
    Snapshot snapshot = log.latestSnapshot();
    String table = log.tablePath();
    Map<String, String> configuration = snapshot.configuration();
    Duration configured = TableProperties.deletedFileRetention(configuration);
    String configuredSource =
        configuration.containsKey(TableProperties.DELETED_FILE_RETENTION)
            ? "table property "
                + TableProperties.DELETED_FILE_RETENTION
                + " = '"
                + configuration.get(TableProperties.DELETED_FILE_RETENTION)
                + "'"
            : "default of " + TableProperties.DELETED_FILE_RETENTION + " (not set on the table)";
    Duration effective = retention == null ? configured : retention;
    String source = retention == null ? configuredSource : "requested (--retain)";
    if (effective.compareTo(configured) < 0 && !allowShortRetention) {
      throw new RetentionTooShortException(table, effective, configured);
    }
    Instant now = clock.instant();
    long cutoff = now.toEpochMilli() - effective.toMillis();

    // What versions inside the window still reference.
    Set<String> live = new HashSet<>();
    for (AddFile add : snapshot.allFiles()) {
      live.add(TablePaths.absolute(table, add.path()));
      addVector(live, table, add.deletionVector());
    }
    Set<String> retainedTombstones = new HashSet<>();
    Map<String, RemoveFile> expiredTombstones = new HashMap<>();
    for (RemoveFile remove : snapshot.tombstones()) {
      String path = TablePaths.absolute(table, remove.path());
      if (remove.deletionTimestampOrZero() >= cutoff) {
        retainedTombstones.add(path);
        // Time travel inside the window reads the data file with this vector.
        addVector(retainedTombstones, table, remove.deletionVector());
      } else {
        expiredTombstones.put(path, remove);
        String vector = vectorPath(table, remove.deletionVector());
        if (vector != null) {
          expiredTombstones.putIfAbsent(vector, remove);
        }
      }
    }

    Storage storage = log.storage();
    List<FileStatus> listed = listCandidates(storage, table);
    List<FileStatus> toDelete = new ArrayList<>();
    long removedCount = 0;
    long removedBytes = 0;
    long uncommittedCount = 0;
    long uncommittedBytes = 0;
    long youngUncommitted = 0;
    for (FileStatus file : listed) {
      String path = file.path();
      if (live.contains(path) || retainedTombstones.contains(path)) {
        continue;
      }
      boolean removedByLog = expiredTombstones.containsKey(path);
      if (file.modificationTime() >= cutoff) {
        if (!removedByLog) {
          youngUncommitted++;
        }
        continue;
      }
      toDelete.add(file);
      if (removedByLog) {
        removedCount++;
        removedBytes += file.size();
      } else {
        uncommittedCount++;
        uncommittedBytes += file.size();
      }
    }
    toDelete.sort((a, b) -> a.path().compareTo(b.path()));

    LogFiles logFiles = LogFiles.list(storage, log.logPath());
    // Versions committed while VACUUM ran may be older than the cutoff too, but VACUUM kept what
    // the version it read references: time travel reaches at least back to that version.
    long oldestReachable = Math.min(logFiles.versionAsOf(cutoff), snapshot.version());

    Long startVersion = null;
    Long endVersion = null;
    long deleted = 0;
    if (!dryRun) {
      long bytesToDelete = removedBytes + uncommittedBytes;
      Map<String, Object> parameters = new LinkedHashMap<>();
      parameters.put("retentionCheckEnabled", !allowShortRetention);
      parameters.put("specifiedRetentionMillis", effective.toMillis());
      parameters.put("defaultRetentionMillis", configured.toMillis());
      Map<String, String> startMetrics = new LinkedHashMap<>();
      startMetrics.put("numFilesToDelete", Long.toString(toDelete.size()));
      startMetrics.put("sizeOfDataToDelete", Long.toString(bytesToDelete));
      startVersion =
          log.startTransaction()
              .commit(List.of(), new Operation("VACUUM START", parameters, startMetrics, null))
              .version();
      String status = "COMPLETED";
      try {
        // Report what was deleted, not the plan: files a concurrent commit references again stay.
        toDelete = stillUnreferenced(toDelete, table);
        removedCount = 0;
        removedBytes = 0;
        uncommittedCount = 0;
        uncommittedBytes = 0;
        for (FileStatus file : toDelete) {
          if (expiredTombstones.containsKey(file.path())) {
            removedCount++;
            removedBytes += file.size();
          } else {
            uncommittedCount++;
            uncommittedBytes += file.size();
          }
        }
        deleted = delete(storage, toDelete);
      } catch (RuntimeException e) {
        status = "FAILED";
        throw e;
      } finally {
        Map<String, String> endMetrics = new LinkedHashMap<>();
        endMetrics.put("numDeletedFiles", Long.toString(deleted));
        endMetrics.put("numVacuumedDirectories", "0");
        Map<String, Object> endParameters = new LinkedHashMap<>();
        endParameters.put("status", status);
        endVersion =
            log.startTransaction()
                .commit(List.of(), new Operation("VACUUM END", endParameters, endMetrics, null))
                .version();
      }
    }
    List<String> relative = new ArrayList<>(toDelete.size());
    for (FileStatus file : toDelete) {
      String rel = StoragePaths.relativize(table, file.path());
      relative.add(rel == null ? file.path() : rel);
    }
    return new VacuumResult(
        table,
        dryRun,
        effective,
        source,
        configured,
        Instant.ofEpochMilli(cutoff),
        snapshot.version(),
        oldestReachable,
        listed.size(),
        new VacuumResult.FileCount(removedCount, removedBytes),
        new VacuumResult.FileCount(uncommittedCount, uncommittedBytes),
        youngUncommitted,
        deleted,
        Collections.unmodifiableList(relative),
        startVersion,
        endVersion);
  }

  /**
   * Drops files that a commit made since VACUUM read the table references again (a RESTORE of an
   * old version, a late commit of an old write): the window between planning and deleting is then
   * only the deletes themselves.
   */
  private List<FileStatus> stillUnreferenced(List<FileStatus> files, String table) {
    Snapshot latest = log.latestSnapshot();
    Set<String> referenced = new HashSet<>();
    for (AddFile add : latest.allFiles()) {
      referenced.add(TablePaths.absolute(table, add.path()));
      addVector(referenced, table, add.deletionVector());
    }
    List<FileStatus> result = new ArrayList<>(files.size());
    for (FileStatus file : files) {
      if (!referenced.contains(file.path())) {
        result.add(file);
      }
    }
    return result;
  }

  /**
   * The storage path of an on-disk deletion vector (several data files may share one vector file),
   * or null for none and for inline vectors.
   */
  private static String vectorPath(String table, DeletionVectorDescriptor dv) {
    if (dv == null || dv.isInline()) {
      return null;
    }
    return "p".equals(dv.storageType())
        ? TablePaths.absolute(table, dv.pathOrInlineDv())
        : DeletionVectorFiles.path(table, dv);
  }

  private static void addVector(Set<String> paths, String table, DeletionVectorDescriptor dv) {
    String path = vectorPath(table, dv);
    if (path != null) {
      paths.add(path);
    }
  }

  private long delete(Storage storage, List<FileStatus> files) {
    if (files.isEmpty()) {
      return 0;
    }
    progress.start("Deleting", files.size(), "files");
    AtomicLong done = new AtomicLong();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int from = 0; from < files.size(); from += DELETE_BATCH) {
      List<String> batch =
          files.subList(from, Math.min(files.size(), from + DELETE_BATCH)).stream()
              .map(FileStatus::path)
              .toList();
      tasks.add(
          () -> {
            storage.deleteAll(batch);
            done.addAndGet(batch.size());
            progress.advance(batch.size());
            return null;
          });
    }
    try {
      Workers.runAll(tasks, parallelism);
    } finally {
      progress.finish();
    }
    return done.get();
  }

  /**
   * Lists the files VACUUM may consider, in parallel over the table's top-level directories where
   * the store has directories.
   */
  private List<FileStatus> listCandidates(Storage storage, String table) {
    List<Callable<List<FileStatus>>> tasks = new ArrayList<>();
    if (StoragePaths.scheme(table).equals("file")) {
      Path root = StoragePaths.toLocalPath(table);
      tasks.add(() -> storage.list(table, null));
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          if (Files.isDirectory(entry) && eligibleDirectory(name, false)) {
            String dir = StoragePaths.join(table, name);
            tasks.add(() -> storage.listRecursively(dir));
          }
        }
      } catch (IOException e) {
        throw new StrataException("Cannot list table directory " + table + ": " + e, e);
      }
    } else {
      tasks.add(() -> storage.listRecursively(table));
    }
    List<FileStatus> all = new ArrayList<>();
    for (List<FileStatus> part : Workers.runAll(tasks, parallelism)) {
      all.addAll(part);
    }
    List<FileStatus> eligible = new ArrayList<>(all.size());
    Set<String> seen = new HashSet<>();
    for (FileStatus file : all) {
      String rel = StoragePaths.relativize(table, file.path());
      if (rel != null && eligibleFile(rel) && seen.add(file.path())) {
        eligible.add(file);
      }
    }
    return eligible;
  }

  /**
   * Whether a file (path relative to the table) is VACUUM's business: not in the log, not in a
   * hidden directory other than {@code _temporary} / {@code _change_data} / partition directories,
   * not a hidden file itself (except inside {@code _temporary}). Deletion vector files are
   * eligible: they are deleted like data files once no version in the window references them.
   */
  static boolean eligibleFile(String relative) {
    String[] segments = relative.split("/");
    boolean inTemporary = false;
    for (int i = 0; i < segments.length - 1; i++) {
      if (i == 0 && segments[0].equals("_temporary")) {
        inTemporary = true;
      }
      if (!inTemporary && !eligibleDirectory(segments[i], i > 0)) {
        return false;
      }
    }
    String name = segments[segments.length - 1];
    if (inTemporary) {
      return true;
    }
    return !(name.startsWith("_") || name.startsWith("."));
  }

  private static boolean eligibleDirectory(String name, boolean nested) {
    if (name.equals("_delta_log")) {
      return false;
    }
    if (!nested && (name.equals("_temporary") || name.equals("_change_data"))) {
      return true;
    }
    if (name.startsWith("_")) {
      // Partition directories of columns whose names start with '_' (`_col=value`).
      return name.indexOf('=') > 1;
    }
    return !name.startsWith(".");
  }
}
