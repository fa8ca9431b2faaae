package dev.strata.cli;

import dev.strata.format.Storage;
import dev.strata.format.StoragePaths;
import dev.strata.format.Storages;
import dev.strata.format.StrataException;
import dev.strata.log.DeltaLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Opens the tables commands name, with the storage configured by the global options. */
public final class Tables {
  private Tables() {}

  /** The log of the table at {@code location} (a path or a URI). */
  public static DeltaLog open(String location, Map<String, String> properties) {
    String normalized = StoragePaths.normalize(location);
    if (StoragePaths.scheme(normalized).equals("file")) {
      rejectFile(StoragePaths.toLocalPath(normalized));
    }
    Storage storage = Storages.forPath(normalized, properties);
    return DeltaLog.forTable(storage, normalized);
  }

  /**
   * A table path that is a file (or under one) would otherwise fail while listing its log with the
   * bare path as the message.
   */
  private static void rejectFile(Path path) {
    for (Path p = path; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p)) {
        throw new StrataException(
            p
                + " is a file, not a table directory: give the table's directory, the one that"
                + " holds _delta_log"
                + (p.equals(path) ? "" : " (" + path + " is under that file)"));
      }
      if (Files.isDirectory(p)) {
        return;
      }
    }
  }
}
