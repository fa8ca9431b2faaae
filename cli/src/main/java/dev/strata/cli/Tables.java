package dev.strata.cli;

import dev.strata.format.Storage;
import dev.strata.format.StoragePaths;
import dev.strata.format.Storages;
import dev.strata.log.DeltaLog;
import java.util.Map;

/** Opens the tables commands name, with the storage configured by the global options. */
public final class Tables {
  private Tables() {}

  /** The log of the table at {@code location} (a path or a URI). */
  public static DeltaLog open(String location, Map<String, String> properties) {
    String normalized = StoragePaths.normalize(location);
    Storage storage = Storages.forPath(normalized, properties);
    return DeltaLog.forTable(storage, normalized);
  }
}
