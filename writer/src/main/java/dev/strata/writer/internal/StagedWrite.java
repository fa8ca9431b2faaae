package dev.strata.writer.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.format.FileStatus;
import dev.strata.format.Storage;
import dev.strata.format.StorageException;
import dev.strata.format.StoragePaths;
import dev.strata.format.StrataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The staging half of the write protocol: where task attempts put their files, which attempt of a
 * task wins, and how a write is undone.
 *
 * <p>Layout under the table root:
 *
 * <pre>
 * _temporary/&lt;writeId&gt;/&lt;task&gt;-&lt;attempt&gt;/...      files of one attempt (rename stores)
 * _temporary/&lt;writeId&gt;/&lt;task&gt;-&lt;attempt&gt;/manifest-N.json  final paths the attempt may create
 * _temporary/&lt;writeId&gt;/commits/&lt;task&gt;.json         the winning attempt's files (created once)
 * </pre>
 *
 * On stores where a rename is a cheap metadata operation ({@code file}, {@code hdfs}) an attempt
 * writes under its own directory and task commit moves the files to the partition directories. On
 * object stores a rename is a copy, so an attempt writes at the final unique path from the start
 * and records each path in a manifest first; task commit only creates the commit marker.
 *
 * <p>Every final path a write may create is named in a manifest <em>before</em> it exists, so an
 * abort - or {@link #abortStale} after a crash - can find and delete it. Nothing the write produced
 * is visible to readers until the job's single log commit names it.
 *
 * <p>A running write announces itself with {@code _temporary/<writeId>/_heartbeat.json} (host,
 * process, times), created before its first file and rewritten every {@link
 * #HEARTBEAT_INTERVAL_MILLIS}. VACUUM keeps every file of a write whose heartbeat is younger than
 * {@link #HEARTBEAT_TIMEOUT_MILLIS} ({@link #inFlightPaths}): the staged files and the final paths
 * its manifests name, which are unreferenced by the log until the job commits.
 */
public final class StagedWrite {
  /** The directory under the table root that holds staged writes. */
  public static final String TEMPORARY_DIR = "_temporary";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> RENAME_SCHEMES = Set.of("file", "hdfs", "viewfs", "abfs");

  private final Storage storage;
  private final String tableRoot;
  private final String writeId;
  private final boolean directWrite;
  private final String codecExtension;

  /** How often a running write rewrites its heartbeat. */
  public static final long HEARTBEAT_INTERVAL_MILLIS = 10_000;

  /** A heartbeat older than this belongs to a write that died: its files are not protected. */
  public static final long HEARTBEAT_TIMEOUT_MILLIS = 60_000;

  static final String HEARTBEAT = "_heartbeat.json";

  private static final java.util.concurrent.ScheduledExecutorService HEARTBEATS =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "strata-write-heartbeat");
            t.setDaemon(true);
            return t;
          });

  private final Object heartbeatLock = new Object();
  private java.util.concurrent.ScheduledFuture<?> heartbeat;
  private boolean finished;
  private long startedAt;

  private StagedWrite(Storage storage, String tableRoot, String writeId, String codecExtension) {
    this.storage = storage;
    this.tableRoot = tableRoot;
    this.writeId = writeId;
    this.directWrite = !RENAME_SCHEMES.contains(storage.scheme().toLowerCase(Locale.ROOT));
    this.codecExtension = codecExtension;
  }

  /** A new write with a fresh id. {@code codecExtension} is e.g. {@code snappy} or {@code zstd}. */
  public static StagedWrite begin(Storage storage, String tableRoot, String codecExtension) {
    StagedWrite write =
        new StagedWrite(storage, tableRoot, UUID.randomUUID().toString(), codecExtension);
    write.startHeartbeat();
    return write;
  }

  /**
   * Writes the heartbeat before anything else of the write exists, then keeps it fresh: a VACUUM
   * that lists one of our files afterwards is sure to see a live heartbeat beside it.
   */
  private void startHeartbeat() {
    startedAt = System.currentTimeMillis();
    writeHeartbeat();
    synchronized (heartbeatLock) {
      heartbeat =
          HEARTBEATS.scheduleWithFixedDelay(
              this::refreshHeartbeat,
              HEARTBEAT_INTERVAL_MILLIS,
              HEARTBEAT_INTERVAL_MILLIS,
              java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }

  private void refreshHeartbeat() {
    synchronized (heartbeatLock) {
      if (finished) {
        return; // never re-create the directory of a write that committed or aborted
      }
      try {
        writeHeartbeat();
      } catch (RuntimeException e) {
        // The job commit checks its files exist, so a missed beat cannot lose data silently.
      }
    }
  }

  private void writeHeartbeat() {
    Map<String, Object> beat = new LinkedHashMap<>();
    beat.put("writeId", writeId);
    beat.put("host", hostName());
    beat.put("pid", ProcessHandle.current().pid());
    beat.put("startedAt", startedAt);
    beat.put("heartbeatAt", System.currentTimeMillis());
    storage.write(StoragePaths.join(writeDir(), HEARTBEAT), toJson(beat));
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  /**
   * Stops the heartbeat but keeps everything staged: for a job commit whose outcome is unknown,
   * whose files must stay (they may be committed) without being announced as in flight forever.
   */
  public void stopHeartbeat() {
    synchronized (heartbeatLock) {
      finished = true;
      if (heartbeat != null) {
        heartbeat.cancel(false);
      }
    }
  }

  /**
   * The absolute paths that writes in flight under {@code tableRoot} own: every file under the
   * directory of a write whose heartbeat is younger than {@link #HEARTBEAT_TIMEOUT_MILLIS} at
   * {@code nowMillis}, and every final path its manifests name (promoted, or written in place on
   * object stores, but not committed yet).
   */
  public static Set<String> inFlightPaths(Storage storage, String tableRoot, long nowMillis) {
    String temporary = StoragePaths.join(tableRoot, TEMPORARY_DIR);
    Map<String, List<FileStatus>> byWrite = new HashMap<>();
    for (FileStatus file : storage.listRecursively(temporary)) {
      String relative = StoragePaths.relativize(temporary, file.path());
      int slash = relative == null ? -1 : relative.indexOf('/');
      if (slash > 0) {
        byWrite.computeIfAbsent(relative.substring(0, slash), k -> new ArrayList<>()).add(file);
      }
    }
    Set<String> owned = new HashSet<>();
    for (Map.Entry<String, List<FileStatus>> entry : byWrite.entrySet()) {
      boolean live =
          entry.getValue().stream()
              .anyMatch(
                  f ->
                      StoragePaths.name(f.path()).equals(HEARTBEAT)
                          && f.modificationTime() >= nowMillis - HEARTBEAT_TIMEOUT_MILLIS);
      if (!live) {
        continue;
      }
      StagedWrite write = resume(storage, tableRoot, entry.getKey(), "snappy");
      for (FileStatus file : entry.getValue()) {
        owned.add(file.path());
        if (isManifest(file.path())) {
          try {
            for (String p : write.readManifest(file.path())) {
              owned.add(StoragePaths.join(tableRoot, p));
            }
          } catch (RuntimeException e) {
            // torn manifest: it names nothing that was created after it
          }
        }
      }
    }
    return owned;
  }

  /** Rebinds to a write started elsewhere (another JVM or an earlier call). */
  public static StagedWrite resume(
      Storage storage, String tableRoot, String writeId, String codecExtension) {
    return new StagedWrite(storage, tableRoot, writeId, codecExtension);
  }

  public String writeId() {
    return writeId;
  }

  public String tableRoot() {
    return tableRoot;
  }

  public Storage storage() {
    return storage;
  }

  /** Whether attempts write straight to the final paths (object stores). */
  public boolean directWrite() {
    return directWrite;
  }

  String writeDir() {
    return StoragePaths.join(tableRoot, TEMPORARY_DIR + "/" + writeId);
  }

  private String commitMarker(int task) {
    return StoragePaths.join(writeDir(), "commits/" + String.format("%05d", task) + ".json");
  }

  /** Starts attempt {@code attempt} of task {@code task}. */
  public Attempt attempt(int task, int attempt) {
    return new Attempt(task, attempt);
  }

  /**
   * Undoes this write: deletes every final path named in a manifest of this write and the whole
   * staging directory. Only for writes whose log commit certainly did not happen.
   */
  public void abort() {
    stopHeartbeat();
    List<String> promoted = new ArrayList<>();
    for (FileStatus file : storage.listRecursively(writeDir())) {
      if (isManifest(file.path())) {
        try {
          promoted.addAll(readManifest(file.path()));
        } catch (RuntimeException e) {
          // a torn manifest names nothing that was created after it
        }
      }
    }
    storage.deleteAll(promoted.stream().map(p -> StoragePaths.join(tableRoot, p)).toList());
    storage.deleteDirectoryTree(writeDir());
  }

  /** Removes the staging directory after a successful job commit; the data stays. */
  public void cleanupAfterCommit() {
    stopHeartbeat();
    try {
      storage.deleteDirectoryTree(writeDir());
    } catch (StorageException e) {
      // Leftovers are harmless: abortStale finds this write committed and keeps its files.
    }
  }

  private static boolean isManifest(String path) {
    String name = StoragePaths.name(path);
    return name.startsWith("manifest-") && name.endsWith(".json");
  }

  private List<String> readManifest(String path) {
    try {
      return JSON.readValue(storage.read(path), new TypeReference<List<String>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] toJson(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Aborts staged writes under {@code tableRoot} whose newest staged file is older than {@code
   * olderThanMillis} (epoch ms), unless the log shows the write committed. {@code committedNames}
   * tells whether a file name appears in the log; a write whose files are referenced is only
   * cleaned up, its data kept.
   *
   * @return the number of write directories removed
   */
  public static int abortStale(
      Storage storage,
      String tableRoot,
      long olderThanMillis,
      java.util.function.Predicate<Collection<String>> committedNames) {
    String temporary = StoragePaths.join(tableRoot, TEMPORARY_DIR);
    Map<String, List<FileStatus>> byWrite = new HashMap<>();
    for (FileStatus file : storage.listRecursively(temporary)) {
      String relative = StoragePaths.relativize(temporary, file.path());
      if (relative == null) {
        continue;
      }
      int slash = relative.indexOf('/');
      String id = slash < 0 ? relative : relative.substring(0, slash);
      byWrite.computeIfAbsent(id, k -> new ArrayList<>()).add(file);
    }
    int removed = 0;
    for (Map.Entry<String, List<FileStatus>> entry : byWrite.entrySet()) {
      long newest =
          entry.getValue().stream().mapToLong(FileStatus::modificationTime).max().orElse(0);
      if (newest >= olderThanMillis) {
        continue;
      }
      StagedWrite write = resume(storage, tableRoot, entry.getKey(), "snappy");
      Set<String> names = new HashSet<>();
      for (FileStatus file : entry.getValue()) {
        if (isManifest(file.path())) {
          try {
            for (String p : write.readManifest(file.path())) {
              names.add(StoragePaths.name(p));
            }
          } catch (RuntimeException e) {
            // torn manifest
          }
        }
      }
      if (names.isEmpty() || !committedNames.test(names)) {
        write.abort();
      } else {
        write.cleanupAfterCommit();
      }
      removed++;
    }
    return removed;
  }

  /** Where one data file is written and where it ends up. */
  public record FileTarget(String writePath, String finalRelativePath) {}

  /** One attempt of one task. Not thread-safe: an attempt runs on one thread. */
  public final class Attempt {
    private final int task;
    private final int attempt;
    private final String attemptDir;
    private final String fileUuid = UUID.randomUUID().toString();
    private final List<FileTarget> targets = new ArrayList<>();
    private int manifests;
    private int fileCounter;

    private Attempt(int task, int attempt) {
      this.task = task;
      this.attempt = attempt;
      this.attemptDir = StoragePaths.join(writeDir(), task + "-" + attempt);
    }

    public int task() {
      return task;
    }

    public Storage storage() {
      return storage;
    }

    /**
     * A new unique file in partition directory {@code partitionDir} (decoded, relative to the table
     * root; empty for an unpartitioned table).
     */
    public FileTarget newFile(String partitionDir) {
      String name =
          String.format("part-%05d-%s.c%03d", task, fileUuid, fileCounter++)
              + (codecExtension.isEmpty() ? "" : "." + codecExtension)
              + ".parquet";
      String finalRelative = partitionDir.isEmpty() ? name : partitionDir + "/" + name;
      FileTarget target;
      if (directWrite) {
        // The manifest must exist before the object does, or a crash could leave an orphan
        // that no cleanup can attribute to this write.
        writeManifest(List.of(finalRelative));
        target = new FileTarget(StoragePaths.join(tableRoot, finalRelative), finalRelative);
      } else {
        target = new FileTarget(StoragePaths.join(attemptDir, finalRelative), finalRelative);
      }
      targets.add(target);
      return target;
    }

    private void writeManifest(List<String> finalPaths) {
      storage.write(
          StoragePaths.join(attemptDir, "manifest-" + (manifests++) + ".json"), toJson(finalPaths));
    }

    /**
     * Commits this attempt's files. The first attempt of the task to get here wins; a later one
     * deletes its own files and returns the winner's, so a retried task reports the same output.
     */
    public List<WrittenFile> commit(List<WrittenFile> files) {
      if (!directWrite && !files.isEmpty()) {
        writeManifest(files.stream().map(WrittenFile::relativePath).toList());
      }
      Map<String, Object> marker = new LinkedHashMap<>();
      marker.put("attempt", attempt);
      marker.put("files", files);
      boolean won = storage.createIfAbsent(commitMarker(task), toJson(marker));
      if (won) {
        if (!directWrite) {
          promote(files, attemptDir);
        }
        return files;
      }
      abort();
      CommittedTask winner = readCommit(task);
      if (!directWrite) {
        // The winner may have died between its marker and its moves; finishing them here is
        // idempotent because moveIfAbsent never replaces.
        promote(winner.files(), StoragePaths.join(writeDir(), task + "-" + winner.attempt()));
      }
      return winner.files();
    }

    private void promote(List<WrittenFile> files, String fromDir) {
      for (WrittenFile file : files) {
        String from = StoragePaths.join(fromDir, file.relativePath());
        String to = StoragePaths.join(tableRoot, file.relativePath());
        if (storage.exists(to)) {
          continue;
        }
        if (!storage.moveIfAbsent(from, to) && !storage.exists(to)) {
          throw new StrataException("Cannot promote staged file " + from + " to " + to);
        }
      }
    }

    /** Deletes what this attempt wrote (its directory and, on object stores, its final files). */
    public void abort() {
      if (directWrite) {
        storage.deleteAll(
            targets.stream()
                .map(t -> StoragePaths.join(tableRoot, t.finalRelativePath()))
                .toList());
      }
      storage.deleteDirectoryTree(attemptDir);
    }
  }

  private record CommittedTask(int attempt, List<WrittenFile> files) {}

  private CommittedTask readCommit(int task) {
    try {
      Map<String, Object> marker =
          JSON.readValue(storage.read(commitMarker(task)), new TypeReference<>() {});
      int attempt = ((Number) marker.get("attempt")).intValue();
      List<WrittenFile> files =
          JSON.convertValue(marker.get("files"), new TypeReference<List<WrittenFile>>() {});
      return new CommittedTask(attempt, files);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether the table's log references a file with one of these names, live or tombstoned: then the
   * write that staged them committed. A table without a log has committed nothing.
   */
  public static boolean committedInLog(dev.strata.log.DeltaLog log, Collection<String> names) {
    if (!log.tableExists()) {
      return false;
    }
    dev.strata.log.Snapshot snapshot = log.latestSnapshot();
    for (dev.strata.log.AddFile file : snapshot.allFiles()) {
      if (names.contains(StoragePaths.name(DataFiles.decodePath(file.path())))) {
        return true;
      }
    }
    for (dev.strata.log.RemoveFile file : snapshot.tombstones()) {
      if (names.contains(StoragePaths.name(DataFiles.decodePath(file.path())))) {
        return true;
      }
    }
    // Change data files are in no snapshot: a write whose files are all change files (a
    // deletion-vector DELETE with the change data feed on) is found through its cdc actions.
    for (long v = snapshot.version(); v >= 0; v--) {
      List<dev.strata.log.Action> actions;
      try {
        actions = log.commitActions(v);
      } catch (RuntimeException e) {
        break; // cleaned up behind a checkpoint: older writes are not "stale" any more
      }
      for (dev.strata.log.Action a : actions) {
        if (a instanceof dev.strata.log.AddCDCFile c
            && names.contains(StoragePaths.name(DataFiles.decodePath(c.path())))) {
          return true;
        }
      }
    }
    return false;
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
