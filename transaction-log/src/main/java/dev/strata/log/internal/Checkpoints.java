package dev.strata.log.internal;

import dev.strata.format.FileStatus;
import dev.strata.format.StoragePaths;
import dev.strata.format.StrataException;
import java.util.ArrayList;
import java.util.List;

/** Reading and writing checkpoints. */
final class Checkpoints {
  private Checkpoints() {}

  /** All actions of a checkpoint (V2 sidecars resolved). */
  static List<Object> read(DeltaLogImpl log, LogListing.Checkpoint checkpoint) {
    List<Object> result = new ArrayList<>();
    for (FileStatus file : checkpoint.files()) {
      if (file.name().endsWith(".json")) {
        byte[] bytes = log.storage().read(file.path());
        List<Object> actions;
        try {
          actions = ActionCodec.parseFile(bytes);
        } catch (ActionCodec.LineException e) {
          throw LogErrors.corruptFile(
              log.tablePath(),
              checkpoint.version(),
              file.path(),
              "is not a valid checkpoint: line " + e.line() + ": " + e.getMessage(),
              e);
        }
        for (Object a : actions) {
          if (a instanceof Sidecar sidecar) {
            String path =
                StoragePaths.join(
                    StoragePaths.join(log.logPath(), "_sidecars"),
                    PathCodec.decode(sidecar.path()));
            result.addAll(readParquet(log, checkpoint.version(), path));
          } else {
            result.add(a);
          }
        }
      } else {
        result.addAll(readParquet(log, checkpoint.version(), file.path()));
      }
    }
    return result;
  }

  static List<Object> readParquet(DeltaLogImpl log, long version, String path) {
    throw new StrataException(
        "Cannot read the Parquet checkpoint "
            + path
            + " of table "
            + log.tablePath()
            + " (version "
            + version
            + "): Parquet checkpoint reading is not available in this build yet.");
  }

  static void write(DeltaLogImpl log, SnapshotImpl snapshot) {
    throw new IllegalStateException(
        "Parquet checkpoint writing is not available in this build yet (table "
            + log.tablePath()
            + ")");
  }
}
