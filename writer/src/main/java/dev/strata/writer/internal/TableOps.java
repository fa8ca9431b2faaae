package dev.strata.writer.internal;

import dev.strata.format.StrataException;
import dev.strata.format.parquet.ParquetWriteOptions;
import dev.strata.log.Action;
import dev.strata.log.AddFile;
import dev.strata.log.CommitResult;
import dev.strata.log.CommitStateUnknownException;
import dev.strata.log.DeltaLog;
import dev.strata.log.Metadata;
import dev.strata.log.Operation;
import dev.strata.log.OptimisticTransaction;
import dev.strata.log.Protocol;
import dev.strata.log.RemoveFile;
import dev.strata.log.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shared steps of every table-changing operation: add/remove actions, commit, abort. */
final class TableOps {
  private TableOps() {}

  /** The Delta property naming the Parquet codec of new data files. */
  static final String CODEC_PROPERTY = "delta.parquet.compression.codec";

  static ParquetWriteOptions writeOptions(Map<String, String> configuration) {
    String codec = configuration.get(CODEC_PROPERTY);
    ParquetWriteOptions.Builder builder = ParquetWriteOptions.builder();
    if (codec != null) {
      builder.codec(ParquetWriteOptions.Codec.fromName(codec));
    }
    String indexed = configuration.get("delta.dataSkippingNumIndexedCols");
    if (indexed != null) {
      builder.numIndexedCols(Integer.parseInt(indexed.trim()));
    }
    return builder.build();
  }

  static String codecExtension(ParquetWriteOptions options) {
    return options.codec().fileSuffix();
  }

  static AddFile toAdd(WrittenFile file, long now) {
    return AddFile.of(
        DataFiles.encodePath(file.relativePath()),
        file.partitionValues(),
        file.size(),
        now,
        file.statsJson());
  }

  static List<AddFile> toAdds(List<WrittenFile> files) {
    long now = System.currentTimeMillis();
    List<AddFile> adds = new ArrayList<>(files.size());
    for (WrittenFile f : files) {
      adds.add(toAdd(f, now));
    }
    return adds;
  }

  static List<RemoveFile> toRemoves(List<AddFile> files) {
    long now = System.currentTimeMillis();
    List<RemoveFile> removes = new ArrayList<>(files.size());
    for (AddFile f : files) {
      removes.add(f.toRemove(now, true));
    }
    return removes;
  }

  /** Protocol for a new table: writer 3 when it has CHECK constraints, else Delta's 1/2. */
  static Protocol protocolFor(Map<String, String> configuration) {
    boolean checks =
        configuration.keySet().stream().anyMatch(k -> k.startsWith(Constraints.CONSTRAINT_PREFIX));
    return checks ? Protocol.of(1, 3) : Protocol.DEFAULT;
  }

  /**
   * Commits and cleans up the staging directory; on a definite failure undoes the staged files.
   * After an unknown outcome nothing is deleted: the files may be part of the table now.
   */
  static CommitResult commit(
      OptimisticTransaction txn,
      StagedWrite staged,
      List<? extends Action> actions,
      Operation operation) {
    CommitResult result;
    try {
      Hooks.fireBeforeCommit(staged.tableRoot());
      requireFilesExist(staged, actions);
      result = txn.commit(actions, operation);
    } catch (CommitStateUnknownException e) {
      staged.stopHeartbeat();
      throw e;
    } catch (RuntimeException e) {
      abortQuietly(staged, e);
      throw e;
    }
    staged.cleanupAfterCommit();
    return result;
  }

  /**
   * Refuses to commit {@code add}s whose files are gone: a VACUUM that did not see this write's
   * heartbeat (another engine's, or one after a missed beat) may have deleted them while the write
   * ran, and a commit naming them would make the table unreadable. One status call per file, run in
   * parallel (a HEAD per file on S3, small against the cost of having written the file).
   */
  static void requireFilesExist(StagedWrite staged, List<? extends Action> actions) {
    String root = staged.tableRoot();
    List<String> paths = new java.util.ArrayList<>();
    for (Action action : actions) {
      if (action instanceof dev.strata.log.AddFile add) {
        String decoded = DataFiles.decodePath(add.path());
        paths.add(
            decoded.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")
                ? decoded
                : dev.strata.format.StoragePaths.join(root, decoded));
      }
    }
    dev.strata.format.Storage storage = staged.storage();
    java.util.stream.Stream<String> stream =
        paths.size() > 8 ? paths.parallelStream() : paths.stream();
    List<String> missing = stream.filter(p -> !storage.exists(p)).sorted().toList();
    if (!missing.isEmpty()) {
      throw new StrataException(
          "Cannot commit write "
              + staged.writeId()
              + " to "
              + root
              + ": "
              + missing.size()
              + " of the "
              + paths.size()
              + " data files it wrote no longer exist, e.g. "
              + missing.get(0)
              + ". They were deleted while the write ran (a VACUUM with a retention shorter than"
              + " the write took?). Nothing was committed; run the write again.");
    }
  }

  static void abortQuietly(StagedWrite staged, RuntimeException cause) {
    try {
      staged.abort();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  static void checkAppendOnly(String table, Metadata metadata, String operation) {
    if (metadata != null
        && "true".equalsIgnoreCase(metadata.configuration().get("delta.appendOnly"))) {
      throw new dev.strata.writer.ConstraintViolationException(
          "Table "
              + table
              + " is append-only (delta.appendOnly=true): "
              + operation
              + " would remove or change existing rows. Only appends are allowed; set"
              + " delta.appendOnly=false first if this is intended.");
    }
  }

  static long txnVersion(Snapshot snapshot, String appId) {
    return snapshot.txnVersion(appId).orElse(-1L);
  }

  static boolean alreadyCommitted(DeltaLog log, Snapshot snapshot, String appId, long version) {
    return appId != null && snapshot != null && txnVersion(snapshot, appId) >= version;
  }

  static StrataException unknownColumn(String table, String column, List<String> columns) {
    return new dev.strata.format.SchemaMismatchException(
        "Partition column "
            + column
            + " is not a column of the data written to "
            + table
            + "; columns are "
            + columns);
  }
}
