package dev.strata.maintenance;

import dev.strata.format.StrataException;
import java.util.List;

/**
 * A RESTORE target references data files that no longer exist (typically deleted by VACUUM after
 * its retention). Nothing was committed.
 */
public class MissingFilesException extends StrataException {
  private final List<String> missingFiles;

  public MissingFilesException(String table, long version, List<String> missingFiles) {
    super(
        "Cannot restore "
            + table
            + " to version "
            + version
            + ": "
            + missingFiles.size()
            + " of its data files no longer exist (deleted by VACUUM?), e.g. "
            + missingFiles.get(0)
            + ". Restore to a newer version; 'strata vacuum --dry-run' shows the oldest version"
            + " still reachable");
    this.missingFiles = List.copyOf(missingFiles);
  }

  /** The missing files, as the log names them. */
  public List<String> missingFiles() {
    return missingFiles;
  }
}
