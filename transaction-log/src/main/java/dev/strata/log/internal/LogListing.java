package dev.strata.log.internal;

import dev.strata.format.FileStatus;
import dev.strata.format.Storage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** One listing of {@code _delta_log}: commit files and complete checkpoints by version. */
final class LogListing {
  /** The files of one complete checkpoint. */
  record Checkpoint(long version, FileNames.Kind kind, List<FileStatus> files) {
    long sizeInBytes() {
      return files.stream().mapToLong(FileStatus::size).sum();
    }
  }

  final TreeMap<Long, FileStatus> deltas = new TreeMap<>();
  final TreeMap<Long, Checkpoint> checkpoints = new TreeMap<>();
  final List<FileStatus> crcFiles = new ArrayList<>();
  final List<FileStatus> allCheckpointFiles = new ArrayList<>();

  static LogListing list(Storage storage, String logPath, String startAfter) {
    LogListing listing = new LogListing();
    Map<String, List<FileStatus>> multipart = new HashMap<>();
    Map<Long, FileStatus> v2 = new HashMap<>();
    Map<Long, FileStatus> classic = new HashMap<>();
    for (FileStatus file : storage.list(logPath, startAfter)) {
      FileNames.Parsed parsed = FileNames.parse(file.name());
      switch (parsed.kind()) {
        case DELTA -> listing.deltas.put(parsed.version(), file);
        case CLASSIC_CHECKPOINT -> {
          classic.put(parsed.version(), file);
          listing.allCheckpointFiles.add(file);
        }
        case V2_CHECKPOINT -> {
          v2.merge(parsed.version(), file, (a, b) -> a.name().compareTo(b.name()) <= 0 ? a : b);
          listing.allCheckpointFiles.add(file);
        }
        case MULTIPART_CHECKPOINT -> {
          multipart
              .computeIfAbsent(parsed.version() + "/" + parsed.parts(), k -> new ArrayList<>())
              .add(file);
          listing.allCheckpointFiles.add(file);
        }
        case CRC -> listing.crcFiles.add(file);
        default -> {
          // not a log file: ignored as the protocol requires
        }
      }
    }
    for (Map.Entry<String, List<FileStatus>> e : multipart.entrySet()) {
      String[] key = e.getKey().split("/");
      long version = Long.parseLong(key[0]);
      int parts = Integer.parseInt(key[1]);
      List<FileStatus> files = e.getValue();
      if (files.size() == parts) {
        files.sort(Comparator.comparing(FileStatus::name));
        listing.checkpoints.putIfAbsent(
            version, new Checkpoint(version, FileNames.Kind.MULTIPART_CHECKPOINT, files));
      }
    }
    // Preference at one version: V2 (holds everything), then classic, then multi-part.
    classic.forEach(
        (v, f) ->
            listing.checkpoints.put(
                v, new Checkpoint(v, FileNames.Kind.CLASSIC_CHECKPOINT, List.of(f))));
    v2.forEach(
        (v, f) ->
            listing.checkpoints.put(
                v, new Checkpoint(v, FileNames.Kind.V2_CHECKPOINT, List.of(f))));
    return listing;
  }

  boolean isEmpty() {
    return deltas.isEmpty() && checkpoints.isEmpty();
  }

  /** The latest version the listing shows (commit or checkpoint), or -1. */
  long latestVersion() {
    long latest = deltas.isEmpty() ? -1 : deltas.lastKey();
    if (!checkpoints.isEmpty()) {
      latest = Math.max(latest, checkpoints.lastKey());
    }
    return latest;
  }

  /** Whether every commit from {@code first} to {@code last} (inclusive) is listed. */
  boolean hasAllDeltas(long first, long last) {
    return first > last || deltas.subMap(first, true, last, true).size() == last - first + 1;
  }

  Optional<Checkpoint> checkpointAtOrBefore(long version) {
    Map.Entry<Long, Checkpoint> e = checkpoints.floorEntry(version);
    return e == null ? Optional.empty() : Optional.of(e.getValue());
  }

  /** The earliest version that can be reconstructed, or -1. */
  long earliestRecoverable() {
    if (deltas.containsKey(0L)) {
      return 0;
    }
    return checkpoints.isEmpty() ? -1 : checkpoints.firstKey();
  }

  /**
   * Commit timestamps made strictly increasing over the listed commits (a commit whose file time is
   * not after its predecessor's gets predecessor + 1 ms), as Delta does for time travel.
   */
  TreeMap<Long, Long> adjustedTimestamps() {
    TreeMap<Long, Long> result = new TreeMap<>();
    long previous = Long.MIN_VALUE;
    long previousVersion = Long.MIN_VALUE;
    for (Map.Entry<Long, FileStatus> e : deltas.entrySet()) {
      long ts = e.getValue().modificationTime();
      if (previousVersion == e.getKey() - 1 && ts <= previous) {
        ts = previous + 1;
      }
      result.put(e.getKey(), ts);
      previous = ts;
      previousVersion = e.getKey();
    }
    return result;
  }
}
