package dev.strata.maintenance;

import dev.strata.format.Storage;
import dev.strata.log.AddFile;
import dev.strata.log.DeltaLog;
import dev.strata.log.RemoveFile;
import dev.strata.log.Snapshot;
import dev.strata.log.TableProperties;
import dev.strata.maintenance.internal.BinPlanner;
import dev.strata.maintenance.internal.LogFiles;
import dev.strata.maintenance.internal.TablePaths;
import dev.strata.maintenance.internal.Workers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Inspects a table's layout and log for {@code strata describe --health}: checkpoint lag, small
 * files, removed files awaiting VACUUM, time-travel reach, and what to run.
 */
public final class TableHealth {
  private static final long MIB = 1024L * 1024;
  private static final long[] BUCKET_BOUNDS = {
    0, MIB, 8 * MIB, 32 * MIB, 64 * MIB, 128 * MIB, 256 * MIB, 1024 * MIB, Long.MAX_VALUE
  };

  private final DeltaLog log;
  private String commandTable;
  private Clock clock = Clock.systemUTC();
  private int parallelism = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);

  private TableHealth(DeltaLog log) {
    this.log = log;
    this.commandTable = log.tablePath();
  }

  /** The health of the table behind {@code log}. */
  public static TableHealth of(DeltaLog log) {
    return new TableHealth(log);
  }

  /** How recommended commands name the table (the user's spelling of the path). */
  public TableHealth tableArgument(String table) {
    this.commandTable = table;
    return this;
  }

  /** The clock for retention (tests). */
  public TableHealth clock(Clock newClock) {
    this.clock = newClock;
    return this;
  }

  /** Inspects the table. */
  public HealthReport inspect() {
    Snapshot snapshot = log.latestSnapshot();
    String table = log.tablePath();
    List<AddFile> files = snapshot.allFiles();
    long[] sizes = new long[files.size()];
    Set<Object> partitions = new HashSet<>();
    long total = 0;
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = files.get(i).size();
      total += sizes[i];
      partitions.add(files.get(i).partitionValues());
    }
    List<HealthReport.SizeBucket> histogram = new ArrayList<>();
    for (int b = 0; b + 1 < BUCKET_BOUNDS.length; b++) {
      long lo = BUCKET_BOUNDS[b];
      long hi = BUCKET_BOUNDS[b + 1];
      long n = 0;
      long bytes = 0;
      for (long s : sizes) {
        if (s >= lo && s < hi) {
          n++;
          bytes += s;
        }
      }
      histogram.add(new HealthReport.SizeBucket(bucketLabel(lo, hi), lo, hi, n, bytes));
    }

    long target = Optimize.targetFileSize(snapshot.configuration());
    long smallThreshold = target / 4;
    long small = 0;
    for (long s : sizes) {
      if (s < smallThreshold) {
        small++;
      }
    }
    List<BinPlanner.Bin> bins = BinPlanner.binPack(files, target, Optimize.DEFAULT_MIN_INPUT_FILES);
    long compactable = bins.stream().mapToLong(b -> b.files().size()).sum();
    long after = bins.size();

    int interval = TableProperties.checkpointInterval(snapshot.configuration());
    LogFiles logFiles = LogFiles.list(log.storage(), log.logPath());
    // From the listing rather than the snapshot: a checkpoint written after it was loaded counts.
    Long lastCheckpoint = logFiles.latestCheckpointAtOrBefore(snapshot.version());
    long sinceCheckpoint =
        lastCheckpoint == null ? snapshot.version() + 1 : snapshot.version() - lastCheckpoint;

    Duration retention = TableProperties.deletedFileRetention(snapshot.configuration());
    long cutoff = clock.millis() - retention.toMillis();
    long tombstoneBytes = 0;
    List<RemoveFile> expired = new ArrayList<>();
    for (RemoveFile remove : snapshot.tombstones()) {
      tombstoneBytes += remove.size() == null ? 0 : remove.size();
      if (remove.deletionTimestampOrZero() < cutoff) {
        expired.add(remove);
      }
    }
    VacuumResult.FileCount awaiting = stillPresent(log.storage(), table, expired);

    long oldestAvailable = Math.max(0, logFiles.earliestReconstructableVersion());
    long oldestGuaranteed = logFiles.versionAsOf(cutoff);

    List<HealthReport.Recommendation> recommendations = new ArrayList<>();
    long saved = compactable - after;
    if (saved >= 2 && saved * 10 >= files.size()) {
      recommendations.add(
          new HealthReport.Recommendation(
              "optimize",
              String.format(
                  Locale.ROOT,
                  "%d small files in %d partition(s) can be compacted into about %d",
                  compactable,
                  bins.stream().map(BinPlanner.Bin::partitionValues).distinct().count(),
                  after),
              "strata optimize " + quote(commandTable)));
    }
    if (awaiting.files() > 0) {
      recommendations.add(
          new HealthReport.Recommendation(
              "vacuum",
              awaiting.files()
                  + " removed files ("
                  + awaiting.bytes()
                  + " bytes) are older than the retention and can be deleted",
              "strata vacuum " + quote(commandTable) + " --dry-run"));
    }
    if (sinceCheckpoint > interval) {
      recommendations.add(
          new HealthReport.Recommendation(
              "checkpoint",
              sinceCheckpoint
                  + " commits since the last checkpoint (interval "
                  + interval
                  + "): readers replay them all",
              "strata checkpoint " + quote(commandTable)));
    }
    return new HealthReport(
        table,
        snapshot.version(),
        Instant.ofEpochMilli(snapshot.timestamp()),
        lastCheckpoint,
        sinceCheckpoint,
        interval,
        files.size(),
        total,
        partitions.size(),
        FileSizeStats.of(sizes),
        histogram,
        target,
        smallThreshold,
        small,
        files.isEmpty() ? 0.0 : (double) small / files.size(),
        compactable,
        after,
        new VacuumResult.FileCount(snapshot.tombstones().size(), tombstoneBytes),
        awaiting,
        retention,
        oldestAvailable,
        oldestGuaranteed,
        recommendations);
  }

  private VacuumResult.FileCount stillPresent(
      Storage storage, String table, List<RemoveFile> removes) {
    List<Callable<Long>> checks = new ArrayList<>();
    for (RemoveFile remove : removes) {
      String path = TablePaths.absolute(table, remove.path());
      checks.add(() -> storage.status(path).map(s -> s.size()).orElse(-1L));
    }
    long n = 0;
    long bytes = 0;
    for (long size : Workers.runAll(checks, parallelism)) {
      if (size >= 0) {
        n++;
        bytes += size;
      }
    }
    return new VacuumResult.FileCount(n, bytes);
  }

  private static String bucketLabel(long lo, long hi) {
    if (hi == Long.MAX_VALUE) {
      return ">= " + (lo / MIB) + " MiB";
    }
    if (lo == 0) {
      return "< " + (hi / MIB) + " MiB";
    }
    return (lo / MIB) + "-" + (hi / MIB) + " MiB";
  }

  private static String quote(String arg) {
    return arg.matches("[A-Za-z0-9_./:@%+=,-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }
}
