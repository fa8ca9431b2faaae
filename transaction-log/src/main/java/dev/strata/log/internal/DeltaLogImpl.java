package dev.strata.log.internal;

import dev.strata.format.FileStatus;
import dev.strata.format.Storage;
import dev.strata.format.StorageException;
import dev.strata.format.StorageFileNotFoundException;
import dev.strata.format.StoragePaths;
import dev.strata.log.Action;
import dev.strata.log.CommitEntry;
import dev.strata.log.CommitInfo;
import dev.strata.log.CorruptLogException;
import dev.strata.log.DeltaLog;
import dev.strata.log.OptimisticTransaction;
import dev.strata.log.SetTransaction;
import dev.strata.log.Snapshot;
import dev.strata.log.TableProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The log of one table. */
public final class DeltaLogImpl implements DeltaLog {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaLogImpl.class);
  // Unreadable checkpoints already reported: one warning per file, not one per load.
  private final java.util.Set<String> warnedCheckpoints =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final Storage storage;
  private final String tablePath;
  private final String logPath;
  private volatile SnapshotImpl cached;

  public DeltaLogImpl(Storage storage, String tablePath) {
    this.storage = storage;
    this.tablePath = tablePath;
    this.logPath = StoragePaths.join(tablePath, "_delta_log");
  }

  @Override
  public String tablePath() {
    return tablePath;
  }

  @Override
  public String logPath() {
    return logPath;
  }

  @Override
  public Storage storage() {
    return storage;
  }

  @Override
  public boolean tableExists() {
    if (cached != null) {
      return true;
    }
    return !LogListing.list(storage, logPath, null).isEmpty();
  }

  // ------------------------------------------------------------------ reading files

  List<Action> readDelta(long version, FileStatus file) {
    byte[] bytes;
    try {
      bytes = storage.read(file.path());
    } catch (StorageFileNotFoundException e) {
      throw LogErrors.corruptFile(
          tablePath, version, file.path(), "disappeared while reading the log", e);
    }
    return parseDelta(version, file.path(), bytes);
  }

  List<Action> parseDelta(long version, String path, byte[] bytes) {
    List<Object> parsed;
    try {
      parsed = ActionCodec.parseFile(bytes);
    } catch (ActionCodec.LineException e) {
      throw LogErrors.corruptFile(
          tablePath,
          version,
          path,
          "is not valid: line " + e.line() + ": " + e.getMessage(),
          e.getCause() == null ? e : e.getCause());
    }
    if (parsed.isEmpty()) {
      // Every writer puts at least commitInfo or one action in a commit: an empty file is a write
      // cut short (or a file truncated later), and replaying it as "nothing changed" would silently
      // drop that version's changes.
      throw LogErrors.corruptFile(
          tablePath,
          version,
          path,
          "has no actions (" + bytes.length + " bytes): a truncated or interrupted write",
          null);
    }
    List<Action> actions = new ArrayList<>(parsed.size());
    for (Object o : parsed) {
      if (o instanceof Action a) {
        actions.add(a);
      }
    }
    return actions;
  }

  /** Reads commits in parallel; the result is in version order. */
  List<SnapshotImpl.Delta> readDeltas(
      List<Map.Entry<Long, FileStatus>> files, Map<Long, Long> timestamps) {
    SnapshotImpl.Delta[] result = new SnapshotImpl.Delta[files.size()];
    IntStream range = IntStream.range(0, files.size());
    if (files.size() > 4) {
      range = range.parallel();
    }
    range.forEach(
        i -> {
          Map.Entry<Long, FileStatus> e = files.get(i);
          long v = e.getKey();
          long ts = timestamps.getOrDefault(v, e.getValue().modificationTime());
          result[i] = new SnapshotImpl.Delta(v, ts, readDelta(v, e.getValue()));
        });
    return List.of(result);
  }

  Optional<CommitInfo> readCommitInfo(long version) {
    String path = FileNames.deltaFile(logPath, version);
    Optional<FileStatus> status = storage.status(path);
    if (status.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(SnapshotImpl.findCommitInfo(readDelta(version, status.get())));
  }

  // ------------------------------------------------------------------ snapshots

  private LogListing listFromHint() {
    Optional<LastCheckpoint> hint = LastCheckpoint.read(storage, logPath);
    if (hint.isPresent()) {
      LogListing listing =
          LogListing.list(storage, logPath, String.format("%020d", hint.get().version()));
      if (!listing.checkpoints.isEmpty()) {
        return listing;
      }
      // Stale hint (its checkpoint is gone or incomplete): list everything.
    }
    return LogListing.list(storage, logPath, null);
  }

  @Override
  public Snapshot latestSnapshot() {
    return latest();
  }

  /** The latest snapshot, advanced incrementally from the cached one when possible. */
  public SnapshotImpl latest() {
    SnapshotImpl current = cached;
    if (current != null) {
      long next = current.version() + 1;
      if (!storage.exists(FileNames.deltaFile(logPath, next))) {
        return current;
      }
      LogListing listing =
          LogListing.list(storage, logPath, FileNames.deltaName(current.version()));
      SnapshotImpl advanced =
          advance(
              current,
              listing,
              listing.deltas.isEmpty() ? current.version() : listing.deltas.lastKey());
      cache(advanced);
      return advanced;
    }
    LogListing listing = listFromHint();
    if (listing.isEmpty()) {
      throw LogErrors.tableNotFound(tablePath);
    }
    SnapshotImpl loaded;
    try {
      loaded = load(listing, listing.latestVersion());
    } catch (CorruptLogException e) {
      if (!(e.getCause() instanceof StorageFileNotFoundException)) {
        throw e;
      }
      // A listed file was deleted before it was read (log cleanup by another writer): list again.
      listing = listFromHint();
      loaded = load(listing, listing.latestVersion());
    }
    cache(loaded);
    return loaded;
  }

  private void cache(SnapshotImpl snapshot) {
    synchronized (this) {
      if (cached == null || cached.version() < snapshot.version()) {
        cached = snapshot;
      }
    }
  }

  private SnapshotImpl advance(SnapshotImpl from, LogListing listing, long target) {
    List<Map.Entry<Long, FileStatus>> files = new ArrayList<>();
    long expected = from.version() + 1;
    for (Map.Entry<Long, FileStatus> e : listing.deltas.headMap(target, true).entrySet()) {
      if (e.getKey() < expected) {
        continue;
      }
      if (e.getKey() != expected) {
        List<Long> versions = new ArrayList<>(listing.deltas.keySet());
        versions.add(0, from.version());
        throw LogErrors.notContiguous(tablePath, versions, expected);
      }
      files.add(e);
      expected++;
    }
    // Monotonic timestamps continue from the snapshot we advance.
    TreeMap<Long, Long> ts = new TreeMap<>();
    long previous = from.timestamp();
    for (Map.Entry<Long, FileStatus> e : files) {
      long t = Math.max(e.getValue().modificationTime(), previous + 1);
      ts.put(e.getKey(), t);
      previous = t;
    }
    Map.Entry<Long, LogListing.Checkpoint> cp = listing.checkpoints.floorEntry(target);
    OptionalLong cpVersion =
        cp != null && cp.getKey() > from.version()
            ? OptionalLong.of(cp.getKey())
            : OptionalLong.empty();
    return from.advance(readDeltas(files, ts), cpVersion);
  }

  /** Loads the snapshot at {@code target} from a listing: checkpoint plus commits. */
  private SnapshotImpl load(LogListing listing, long target) {
    Optional<LogListing.Checkpoint> checkpoint = listing.checkpointAtOrBefore(target);
    try {
      return loadFrom(listing, target, checkpoint);
    } catch (UnreadableCheckpoint e) {
      return loadAvoiding(target, checkpoint.get(), e.corrupt);
    }
  }

  /** A checkpoint read failed for a reason other than the file vanishing mid-read. */
  private static final class UnreadableCheckpoint extends RuntimeException {
    final CorruptLogException corrupt;

    UnreadableCheckpoint(CorruptLogException corrupt) {
      super(corrupt.getMessage(), corrupt, false, false);
      this.corrupt = corrupt;
    }
  }

  private static boolean vanished(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StorageFileNotFoundException) {
        return true;
      }
    }
    return false;
  }

  private <T> T readCheckpoint(java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (CorruptLogException e) {
      if (vanished(e)) {
        throw e; // log cleanup by another writer: the caller lists again
      }
      throw new UnreadableCheckpoint(e);
    }
  }

  /**
   * The snapshot at {@code target} without the unreadable checkpoint {@code bad}: from an older
   * checkpoint, or from version 0, when every commit after it still exists. A checkpoint is only a
   * cache of the commits before it, so the answer is the same, just slower to compute.
   */
  SnapshotImpl loadAvoiding(long target, LogListing.Checkpoint bad, CorruptLogException cause) {
    String badFile = bad.files().get(0).path();
    if (warnedCheckpoints.add(badFile)) {
      LOG.warn(
          "Checkpoint {} of table {} is unreadable ({}); replaying the JSON commits instead."
              + " Delete the file or write a new checkpoint to stop this warning.",
          badFile,
          tablePath,
          cause.getMessage());
    }
    LogListing full = LogListing.list(storage, logPath, null);
    List<Optional<LogListing.Checkpoint>> candidates = new ArrayList<>();
    for (LogListing.Checkpoint older :
        full.checkpoints.headMap(bad.version(), false).descendingMap().values()) {
      candidates.add(Optional.of(older));
    }
    candidates.add(Optional.empty());
    for (Optional<LogListing.Checkpoint> start : candidates) {
      long first = start.map(c -> c.version() + 1).orElse(0L);
      if (!full.hasAllDeltas(first, target)) {
        continue;
      }
      try {
        return loadFrom(full, target, start);
      } catch (UnreadableCheckpoint older) {
        String olderFile = start.get().files().get(0).path();
        if (warnedCheckpoints.add(olderFile)) {
          LOG.warn("Older checkpoint {} is unreadable too ({})", olderFile, older.getMessage());
        }
      }
    }
    long oldest = full.deltas.isEmpty() ? -1 : full.deltas.firstKey();
    throw LogErrors.corruptFile(
        tablePath,
        bad.version(),
        badFile,
        "cannot be read ("
            + cause.getMessage()
            + ") and there is no other way to version "
            + target
            + ": no older readable checkpoint is followed by all commits up to "
            + bad.version()
            + (oldest < 0 ? "" : " (the oldest commit file left is version " + oldest + ")")
            + ". Restore "
            + badFile
            + " from a backup; deleting it would make versions up to "
            + bad.version()
            + " unreadable",
        cause);
  }

  /**
   * A lazily read checkpoint's file actions failed after its snapshot was handed out: the snapshot
   * at {@code target} by another path, or the original error when there is none.
   */
  SnapshotImpl checkpointFailed(long target, long checkpointVersion, CorruptLogException e) {
    if (vanished(e)) {
      throw e;
    }
    LogListing listing = LogListing.list(storage, logPath, null);
    LogListing.Checkpoint bad = listing.checkpoints.get(checkpointVersion);
    if (bad == null) {
      throw e;
    }
    return loadAvoiding(target, bad, e);
  }

  private SnapshotImpl loadFrom(
      LogListing listing, long target, Optional<LogListing.Checkpoint> checkpoint) {
    long start = checkpoint.map(c -> c.version() + 1).orElse(0L);
    List<Map.Entry<Long, FileStatus>> files = new ArrayList<>();
    long expected = start;
    Map<Long, FileStatus> range =
        start > target ? Map.of() : listing.deltas.subMap(start, true, target, true);
    for (Map.Entry<Long, FileStatus> e : range.entrySet()) {
      if (e.getKey() != expected) {
        if (checkpoint.isEmpty() && expected == 0) {
          throw LogErrors.missingStart(tablePath, e.getKey());
        }
        throw LogErrors.notContiguous(
            tablePath, listing.deltas.headMap(target, true).keySet(), expected);
      }
      files.add(e);
      expected++;
    }
    if (expected <= target) {
      if (checkpoint.isEmpty() && files.isEmpty()) {
        throw listing.deltas.isEmpty()
            ? LogErrors.tableNotFound(tablePath)
            : LogErrors.missingStart(tablePath, listing.deltas.firstKey());
      }
      throw LogErrors.notContiguous(tablePath, listing.deltas.keySet(), expected);
    }
    TreeMap<Long, Long> timestamps = listing.adjustedTimestamps();
    long timestamp;
    if (timestamps.containsKey(target)) {
      timestamp = timestamps.get(target);
    } else {
      timestamp = checkpoint.map(c -> c.files().get(0).modificationTime()).orElse(0L);
    }
    if (checkpoint.isPresent() && Checkpoints.splittable(checkpoint.get())) {
      Checkpoints.Split split = readCheckpoint(() -> Checkpoints.readSplit(this, checkpoint.get()));
      List<SnapshotImpl.Delta> deltas = readDeltas(files, timestamps);
      return SnapshotImpl.replaySplit(
          this, target, timestamp, checkpoint.get().version(), split, deltas);
    }
    List<Object> checkpointActions =
        checkpoint.isPresent()
            ? readCheckpoint(() -> Checkpoints.read(this, checkpoint.get()))
            : List.of();
    List<SnapshotImpl.Delta> deltas = readDeltas(files, timestamps);
    return SnapshotImpl.replay(
        this,
        target,
        timestamp,
        checkpoint.map(c -> OptionalLong.of(c.version())).orElse(OptionalLong.empty()),
        checkpointActions,
        deltas);
  }

  @Override
  public Snapshot snapshotAt(long version) {
    return at(version);
  }

  public SnapshotImpl at(long version) {
    SnapshotImpl current = cached;
    if (current != null && current.version() == version) {
      return current;
    }
    if (current != null && version > current.version() && version - current.version() <= 100) {
      LogListing listing =
          LogListing.list(storage, logPath, FileNames.deltaName(current.version()));
      if (listing.deltas.containsKey(version)) {
        return advance(current, listing, version);
      }
    }
    LogListing listing = LogListing.list(storage, logPath, null);
    if (listing.isEmpty()) {
      throw LogErrors.tableNotFound(tablePath);
    }
    long latest = listing.latestVersion();
    if (version > latest || version < 0) {
      throw LogErrors.versionAfterLatest(tablePath, version, latest);
    }
    long earliest = listing.earliestRecoverable();
    if (version < earliest) {
      throw LogErrors.versionCleanedUp(tablePath, version, earliest);
    }
    return load(listing, version);
  }

  @Override
  public Snapshot snapshotAsOf(long epochMillis) {
    LogListing listing = LogListing.list(storage, logPath, null);
    if (listing.isEmpty()) {
      throw LogErrors.tableNotFound(tablePath);
    }
    TreeMap<Long, Long> timestamps = listing.adjustedTimestamps();
    long earliest = listing.earliestRecoverable();
    Long found = null;
    for (Map.Entry<Long, Long> e : timestamps.entrySet()) {
      if (e.getKey() < earliest) {
        continue;
      }
      if (e.getValue() <= epochMillis) {
        found = e.getKey();
      } else {
        break;
      }
    }
    if (found == null) {
      Map.Entry<Long, Long> first = timestamps.ceilingEntry(Math.max(earliest, 0));
      throw LogErrors.timestampBefore(
          tablePath,
          epochMillis,
          first == null ? 0 : first.getValue(),
          first == null ? 0 : first.getKey());
    }
    // A timestamp after the latest commit gives the latest version: the newest commit at or
    // before it.
    return at(found);
  }

  @Override
  public List<CommitEntry> history(int limit) {
    LogListing listing = LogListing.list(storage, logPath, null);
    if (listing.isEmpty()) {
      throw LogErrors.tableNotFound(tablePath);
    }
    TreeMap<Long, Long> timestamps = listing.adjustedTimestamps();
    List<Map.Entry<Long, FileStatus>> files = new ArrayList<>();
    for (Map.Entry<Long, FileStatus> e : listing.deltas.descendingMap().entrySet()) {
      if (limit > 0 && files.size() >= limit) {
        break;
      }
      files.add(e);
    }
    List<SnapshotImpl.Delta> deltas = readDeltas(files, timestamps);
    List<CommitEntry> result = new ArrayList<>(deltas.size());
    for (SnapshotImpl.Delta d : deltas) {
      List<SetTransaction> txns = new ArrayList<>();
      for (Action a : d.actions()) {
        if (a instanceof SetTransaction t) {
          txns.add(t);
        }
      }
      result.add(
          new CommitEntry(
              d.version(), d.timestamp(), SnapshotImpl.findCommitInfo(d.actions()), txns));
    }
    return result;
  }

  @Override
  public List<Action> commitActions(long version) {
    String path = FileNames.deltaFile(logPath, version);
    Optional<FileStatus> status = storage.status(path);
    if (status.isEmpty()) {
      if (!tableExists()) {
        throw LogErrors.tableNotFound(tablePath);
      }
      throw new dev.strata.log.VersionNotFoundException(
          "Table " + tablePath + " has no commit file for version " + version + " (" + path + ").");
    }
    return readDelta(version, status.get());
  }

  // ------------------------------------------------------------------ writing

  @Override
  public OptimisticTransaction startTransaction() {
    SnapshotImpl snapshot;
    try {
      snapshot = latest();
    } catch (dev.strata.log.TableNotFoundException e) {
      snapshot = null;
    }
    return new TransactionImpl(this, snapshot);
  }

  @Override
  public OptimisticTransaction startTransaction(Snapshot readSnapshot) {
    if (readSnapshot != null && !(readSnapshot instanceof SnapshotImpl)) {
      throw new IllegalArgumentException("Not a Strata snapshot: " + readSnapshot);
    }
    if (readSnapshot != null && !readSnapshot.tablePath().equals(tablePath)) {
      throw new IllegalArgumentException(
          "Snapshot of " + readSnapshot.tablePath() + " used for a transaction on " + tablePath);
    }
    return new TransactionImpl(this, (SnapshotImpl) readSnapshot);
  }

  /** Called after a successful commit so the next reads start from it. */
  void committed(SnapshotImpl readSnapshot, List<SnapshotImpl.Delta> winnersAndOurs) {
    if (readSnapshot == null) {
      return;
    }
    try {
      cache(readSnapshot.advance(winnersAndOurs, OptionalLong.empty()));
    } catch (RuntimeException e) {
      LOG.debug("Could not advance the cached snapshot of {}", tablePath, e);
    }
  }

  @Override
  public void checkpoint(Snapshot snapshot) {
    if (!(snapshot instanceof SnapshotImpl s) || !snapshot.tablePath().equals(tablePath)) {
      throw new IllegalArgumentException("Not a snapshot of " + tablePath + ": " + snapshot);
    }
    // A checkpoint is a write to the log: a writer that does not know a feature of the table
    // cannot know which of its actions or fields the checkpoint must keep. Same check as commits.
    ProtocolSupport.checkWrite(tablePath, s.protocol());
    Checkpoints.write(this, s);
  }

  @Override
  public int cleanupExpiredLogs() {
    SnapshotImpl latest = latest();
    ProtocolSupport.checkWrite(tablePath, latest.protocol());
    Duration retention = TableProperties.logRetention(latest.configuration());
    long cutoff =
        Instant.ofEpochMilli(System.currentTimeMillis() - retention.toMillis())
            .truncatedTo(ChronoUnit.DAYS)
            .toEpochMilli();
    return cleanupBefore(cutoff);
  }

  /**
   * Deletes log files of versions before the newest checkpoint whose commit is older than {@code
   * cutoff}.
   */
  int cleanupBefore(long cutoffMillis) {
    LogListing listing = LogListing.list(storage, logPath, null);
    TreeMap<Long, Long> timestamps = listing.adjustedTimestamps();
    long cutoffCheckpoint = -1;
    for (LogListing.Checkpoint cp : listing.checkpoints.values()) {
      Long ts = timestamps.get(cp.version());
      long t = ts != null ? ts : cp.files().get(0).modificationTime();
      if (t <= cutoffMillis) {
        cutoffCheckpoint = cp.version();
      }
    }
    if (cutoffCheckpoint <= 0) {
      return 0;
    }
    List<String> delete = new ArrayList<>();
    for (Map.Entry<Long, FileStatus> e :
        listing.deltas.headMap(cutoffCheckpoint, false).entrySet()) {
      delete.add(e.getValue().path());
    }
    for (FileStatus f : listing.allCheckpointFiles) {
      if (FileNames.parse(f.name()).version() < cutoffCheckpoint) {
        delete.add(f.path());
      }
    }
    for (FileStatus f : listing.crcFiles) {
      if (FileNames.parse(f.name()).version() < cutoffCheckpoint) {
        delete.add(f.path());
      }
    }
    // Delete oldest first so that a crash leaves a log that still starts at a checkpoint.
    delete.sort(String::compareTo);
    for (String path : delete) {
      try {
        storage.delete(path);
      } catch (StorageException e) {
        LOG.warn("Log cleanup of {} could not delete {}: {}", tablePath, path, e.getMessage());
      }
    }
    return delete.size();
  }

  @Override
  public String toString() {
    return "DeltaLog(" + tablePath + ")";
  }

  static CorruptLogException corrupt(
      String table, long version, String file, String what, Throwable cause) {
    return LogErrors.corruptFile(table, version, file, what, cause);
  }
}
