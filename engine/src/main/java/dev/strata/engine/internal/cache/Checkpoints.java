package dev.strata.engine.internal.cache;

import dev.strata.engine.Dataset;
import dev.strata.engine.internal.SessionState;
import dev.strata.format.Storage;
import dev.strata.format.StoragePaths;
import dev.strata.format.Storages;
import dev.strata.format.StrataException;
import dev.strata.format.parquet.ParquetDataWriter;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Eager checkpoints: every partition is written as one Parquet file (empty partitions write
 * nothing), then the returned Dataset scans those files in partition order.
 */
public final class Checkpoints {
  private Checkpoints() {}

  /** The session's checkpoint directory URI. */
  public static String reliableDir(SessionState state) {
    String dir = state.conf(SessionState.CHECKPOINT_DIR, null);
    if (dir == null) {
      return localDir(state);
    }
    return dir.contains(":") ? dir : "file:" + java.nio.file.Path.of(dir).toAbsolutePath();
  }

  /** A directory on this machine's disk, removed with the session's spill directory. */
  public static String localDir(SessionState state) {
    return "file:" + state.spillManager().root().resolve("checkpoints").toAbsolutePath();
  }

  public static Dataset write(Dataset ds, String dirUri) {
    String dir = StoragePaths.join(dirUri, UUID.randomUUID().toString());
    StructType schema = ds.schema();
    List<String> written =
        ds.runTasks(
            (ctx, it) -> {
              String path =
                  StoragePaths.join(
                      dir,
                      String.format(
                          "part-%05d-a%d.parquet", ctx.partitionId(), ctx.attemptNumber()));
              Storage storage = Storages.forPath(path);
              ParquetDataWriter w = null;
              try {
                while (it.hasNext()) {
                  ColumnBatch b = it.next();
                  if (b.numRows() == 0) {
                    continue;
                  }
                  if (w == null) {
                    w = ParquetDataWriter.open(storage, path, schema);
                  }
                  w.write(b.withSchema(schema));
                }
                if (w == null) {
                  return null;
                }
                w.close();
                return path;
              } catch (RuntimeException e) {
                if (w != null) {
                  w.abort();
                }
                throw e;
              }
            },
            "checkpoint");
    List<String> files = new ArrayList<>();
    for (String f : written) {
      if (f != null) {
        files.add(f);
      }
    }
    if (files.isEmpty()) {
      return ds.strata().emptyDataset(schema);
    }
    try {
      return ds.strata().read().schema(schema).parquet(files.toArray(new String[0]));
    } catch (RuntimeException e) {
      throw new StrataException(
          "Cannot read back the checkpoint in " + dir + ": " + e.getMessage(), e);
    }
  }
}
