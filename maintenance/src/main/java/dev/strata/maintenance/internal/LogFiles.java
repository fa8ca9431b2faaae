package dev.strata.maintenance.internal;

import dev.strata.format.FileStatus;
import dev.strata.format.Storage;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one listing of {@code _delta_log} tells: the commit versions present with their timestamps
 * (file modification times, made strictly increasing as Delta does) and the checkpoint versions.
 */
public final class LogFiles {
  private static final Pattern COMMIT = Pattern.compile("(\\d{20})\\.json");
  private static final Pattern CHECKPOINT = Pattern.compile("(\\d{20})\\.checkpoint\\..*");

  private final TreeMap<Long, Long> commitTimestamps = new TreeMap<>();
  private final TreeSet<Long> checkpoints = new TreeSet<>();

  private LogFiles() {}

  /** Lists the log directory once. */
  public static LogFiles list(Storage storage, String logPath) {
    LogFiles files = new LogFiles();
    List<FileStatus> listing = storage.list(logPath, null);
    TreeMap<Long, Long> mtimes = new TreeMap<>();
    for (FileStatus status : listing) {
      String name = status.name();
      Matcher commit = COMMIT.matcher(name);
      if (commit.matches()) {
        mtimes.put(Long.parseLong(commit.group(1)), status.modificationTime());
        continue;
      }
      Matcher checkpoint = CHECKPOINT.matcher(name);
      if (checkpoint.matches()) {
        files.checkpoints.add(Long.parseLong(checkpoint.group(1)));
      }
    }
    long previous = Long.MIN_VALUE;
    for (var entry : mtimes.entrySet()) {
      long ts =
          previous == Long.MIN_VALUE ? entry.getValue() : Math.max(entry.getValue(), previous + 1);
      files.commitTimestamps.put(entry.getKey(), ts);
      previous = ts;
    }
    return files;
  }

  /** The oldest version a snapshot can be built for, or -1 for an empty log. */
  public long earliestReconstructableVersion() {
    if (commitTimestamps.containsKey(0L)) {
      return 0;
    }
    if (!checkpoints.isEmpty()) {
      return checkpoints.first();
    }
    return commitTimestamps.isEmpty() ? -1 : commitTimestamps.firstKey();
  }

  /** The newest commit version, or -1. */
  public long latestVersion() {
    long latest = commitTimestamps.isEmpty() ? -1 : commitTimestamps.lastKey();
    if (!checkpoints.isEmpty()) {
      latest = Math.max(latest, checkpoints.last());
    }
    return latest;
  }

  /**
   * The newest version whose commit is at or before {@code epochMillis}, but not older than the
   * earliest reconstructable one; the earliest one when every commit is newer.
   */
  public long versionAsOf(long epochMillis) {
    long best = -1;
    // Timestamps increase with versions, so the first match from the newest end is the answer.
    for (var entry : commitTimestamps.descendingMap().entrySet()) {
      if (entry.getValue() <= epochMillis) {
        best = entry.getKey();
        break;
      }
    }
    return Math.max(best, earliestReconstructableVersion());
  }

  /** The newest checkpoint version at or before {@code version}, or null. */
  public Long latestCheckpointAtOrBefore(long version) {
    return checkpoints.floor(version);
  }

  /** Number of commit files in the log. */
  public int numCommits() {
    return commitTimestamps.size();
  }

  /** The timestamp of a commit, or null when its file is gone. */
  public Long timestamp(long version) {
    return commitTimestamps.get(version);
  }
}
