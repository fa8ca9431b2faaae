package dev.strata.writer;

import dev.strata.format.Storage;
import dev.strata.writer.internal.StagedWrite;
import java.util.Set;

/**
 * Writes that are running against a table and have not committed yet. Their data files exist under
 * the table (promoted to their final paths, or staged under {@code _temporary/}) but no commit
 * references them, so to VACUUM they look like the leftovers of a crashed write. Each running write
 * keeps a heartbeat in {@code _temporary/<writeId>/}; VACUUM must keep what {@link #ownedPaths}
 * returns.
 */
public final class InFlightWrites {
  private InFlightWrites() {}

  /** How long a heartbeat stays valid: a write silent for longer is taken as dead. */
  public static final long HEARTBEAT_TIMEOUT_MILLIS = StagedWrite.HEARTBEAT_TIMEOUT_MILLIS;

  /**
   * The absolute paths owned by writes whose heartbeat is live at {@code nowMillis}: their staged
   * files and the final paths their manifests name.
   */
  public static Set<String> ownedPaths(Storage storage, String tableRoot, long nowMillis) {
    return StagedWrite.inFlightPaths(storage, tableRoot, nowMillis);
  }
}
