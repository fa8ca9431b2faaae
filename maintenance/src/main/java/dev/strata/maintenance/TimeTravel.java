package dev.strata.maintenance;

import dev.strata.format.Storage;
import dev.strata.format.StrataException;
import dev.strata.log.AddFile;
import dev.strata.log.DeltaLog;
import dev.strata.log.Snapshot;
import dev.strata.maintenance.internal.TablePaths;
import dev.strata.maintenance.internal.Workers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Checks that an earlier version can still be read before answering from it. Statistics in the log
 * outlive the data files VACUUM deletes, so a row count of an old version would otherwise be
 * answered from files that no longer exist while a scan of the same version fails.
 */
public final class TimeTravel {
  private static final int PARALLELISM = 8;

  private TimeTravel() {}

  /**
   * Returns {@code snapshot} when all its data files still exist, else throws {@link
   * VersionVacuumedException}. Only files the latest version no longer references can be gone
   * (VACUUM never deletes live files), so a snapshot close to the latest costs few status calls.
   */
  public static Snapshot requireReadable(DeltaLog log, Snapshot snapshot) {
    Snapshot latest = log.latestSnapshot();
    if (latest.version() == snapshot.version()) {
      return snapshot;
    }
    Set<String> live = new HashSet<>();
    for (AddFile add : latest.allFiles()) {
      live.add(add.path());
    }
    String table = log.tablePath();
    Storage storage = log.storage();
    List<Callable<String>> checks = new ArrayList<>();
    for (AddFile add : snapshot.allFiles()) {
      if (!live.contains(add.path())) {
        String path = TablePaths.absolute(table, add.path());
        checks.add(() -> storage.exists(path) ? null : add.path());
      }
    }
    List<String> missing = new ArrayList<>();
    for (String path : Workers.runAll(checks, PARALLELISM)) {
      if (path != null) {
        missing.add(path);
      }
    }
    if (!missing.isEmpty()) {
      throw new VersionVacuumedException(table, snapshot.version(), missing);
    }
    return snapshot;
  }

  /** An earlier version whose data files were deleted (by VACUUM, after the retention). */
  public static final class VersionVacuumedException extends StrataException {
    private final long version;
    private final List<String> missingFiles;

    VersionVacuumedException(String table, long version, List<String> missingFiles) {
      super(
          "Version "
              + version
              + " of "
              + table
              + " cannot be read: "
              + missingFiles.size()
              + " of its data files no longer exist (deleted by VACUUM after the retention), e.g. "
              + missingFiles.get(0)
              + ". Statistics in the log would still give a row count, but not of data that"
              + " exists. Read a newer version; 'strata vacuum --dry-run' shows the oldest version"
              + " still readable");
      this.version = version;
      this.missingFiles = List.copyOf(missingFiles);
    }

    /** The version that cannot be read. */
    public long version() {
      return version;
    }

    /** The missing files, as the log names them. */
    public List<String> missingFiles() {
      return missingFiles;
    }
  }
}
