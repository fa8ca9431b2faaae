package dev.strata.writer.internal;

import dev.strata.format.StrataException;
import dev.strata.format.parquet.ParquetWriteOptions;
import dev.strata.log.Action;
import dev.strata.log.AddFile;
import dev.strata.log.CommitResult;
import dev.strata.log.CommitStateUnknownException;
import dev.strata.log.DeletionVectorDescriptor;
import dev.strata.log.DeletionVectorFiles;
import dev.strata.log.DeltaLog;
import dev.strata.log.Metadata;
import dev.strata.log.Operation;
import dev.strata.log.OptimisticTransaction;
import dev.strata.log.Protocol;
import dev.strata.log.RemoveFile;
import dev.strata.log.Snapshot;
import dev.strata.log.TableProperties;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

  /**
   * Protocol for a new table: with {@code delta.enableDeletionVectors=true} reader 3 / writer 7
   * with the {@code deletionVectors} feature, with {@code delta.enableChangeDataFeed=true} writer 7
   * with {@code changeDataFeed} (and {@code checkConstraints} / {@code appendOnly} when the table
   * has them); else writer 3 when it has CHECK constraints, else Delta's 1/2.
   */
  static Protocol protocolFor(Map<String, String> configuration) {
    boolean checks =
        configuration.keySet().stream().anyMatch(k -> k.startsWith(Constraints.CONSTRAINT_PREFIX));
    boolean dv = TableProperties.isTrue(configuration, TableProperties.ENABLE_DELETION_VECTORS);
    boolean cdf = TableProperties.isTrue(configuration, TableProperties.ENABLE_CHANGE_DATA_FEED);
    if (dv || cdf) {
      Set<String> writers = new LinkedHashSet<>();
      if (configuration.containsKey(TableProperties.APPEND_ONLY)) {
        writers.add("appendOnly");
      }
      if (checks) {
        writers.add("checkConstraints");
      }
      if (cdf) {
        writers.add(TableProperties.CHANGE_DATA_FEED_FEATURE);
      }
      if (dv) {
        writers.add(TableProperties.DELETION_VECTORS_FEATURE);
        return new Protocol(3, 7, Set.of(TableProperties.DELETION_VECTORS_FEATURE), writers);
      }
      return new Protocol(1, 7, null, writers);
    }
    return checks ? Protocol.of(1, 3) : Protocol.DEFAULT;
  }

  /**
   * Whether DELETE, UPDATE and MERGE write change data files ({@code delta.enableChangeDataFeed}).
   */
  static boolean changeDataFeed(Snapshot snapshot) {
    return TableProperties.isTrue(snapshot.configuration(), TableProperties.ENABLE_CHANGE_DATA_FEED)
        && snapshot.protocol().supportsWriterFeature(TableProperties.CHANGE_DATA_FEED_FEATURE);
  }

  /** How a DELETE, UPDATE or MERGE replaces changed files on this table. */
  static FileRewriter.Mode rewriteMode(Snapshot snapshot) {
    return DeletionVectorFiles.enabled(snapshot)
        ? FileRewriter.Mode.DELETION_VECTORS
        : FileRewriter.Mode.COPY_ON_WRITE;
  }

  /**
   * The actions of files kept with new deletion vectors, and the one vector file written for them.
   *
   * @param file the written {@code deletion_vector_<uuid>.bin}, null when there was nothing
   */
  record Vectors(List<Action> actions, String file, int added, int removed, int updated) {
    static final Vectors NONE = new Vectors(List.of(), null, 0, 0, 0);

    /** Delta's deletion-vector metrics for commitInfo. */
    void addMetrics(Map<String, String> metrics, List<AddFile> removedFiles) {
      int removedWithVector =
          removed + (int) removedFiles.stream().filter(f -> f.deletionVector() != null).count();
      metrics.put("numDeletionVectorsAdded", Integer.toString(added));
      metrics.put("numDeletionVectorsRemoved", Integer.toString(removedWithVector));
      metrics.put("numDeletionVectorsUpdated", Integer.toString(updated));
    }
  }

  /**
   * Writes the deletion vectors of {@code updates} into one new vector file and returns the {@code
   * remove} of each old (path, vector) pair with the {@code add} of the same path and its new
   * vector. The add keeps the file's stats, marked {@code tightBounds=false} since min/max now
   * cover deleted rows too.
   */
  static Vectors writeVectors(
      dev.strata.format.Storage storage, String table, List<FileRewriter.VectorUpdate> updates) {
    if (updates.isEmpty()) {
      return Vectors.NONE;
    }
    DeletionVectorFiles.Writer writer = DeletionVectorFiles.writer();
    List<DeletionVectorDescriptor> descriptors = new ArrayList<>();
    for (FileRewriter.VectorUpdate u : updates) {
      descriptors.add(writer.add(u.deleted()));
    }
    String file = writer.write(storage, table);
    long now = System.currentTimeMillis();
    List<Action> actions = new ArrayList<>();
    int replaced = 0;
    for (int i = 0; i < updates.size(); i++) {
      AddFile old = updates.get(i).file();
      if (old.deletionVector() != null) {
        replaced++;
      }
      actions.add(old.toRemove(now, true));
      actions.add(
          new AddFile(
              old.path(),
              old.partitionValues(),
              old.size(),
              old.modificationTime(),
              true,
              wideStats(old.stats(), updates.get(i).physicalRows()),
              old.tags(),
              descriptors.get(i),
              old.baseRowId(),
              old.defaultRowCommitVersion()));
    }
    return new Vectors(actions, file, updates.size() - replaced, replaced, replaced);
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /**
   * The stats with {@code tightBounds=false} and the physical {@code numRecords} the protocol
   * needs.
   */
  static String wideStats(String stats, long physicalRows) {
    com.fasterxml.jackson.databind.node.ObjectNode node = null;
    if (stats != null) {
      try {
        if (JSON.readTree(stats) instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
          node = o;
        }
      } catch (java.io.IOException e) {
        node = null; // unreadable stats are replaced by the ones we know for sure
      }
    }
    if (node == null) {
      node = JSON.createObjectNode();
    }
    node.put("numRecords", physicalRows);
    node.put("tightBounds", false);
    return node.toString();
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
    return commit(txn, staged, actions, operation, null);
  }

  /**
   * As {@link #commit(OptimisticTransaction, StagedWrite, List, Operation)}; {@code vectorFile} (a
   * deletion vector file written for this commit, or null) is deleted with the staged files when
   * the commit definitely failed.
   */
  static CommitResult commit(
      OptimisticTransaction txn,
      StagedWrite staged,
      List<? extends Action> actions,
      Operation operation,
      String vectorFile) {
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
      discardQuietly(staged, vectorFile, e);
      throw e;
    }
    staged.cleanupAfterCommit();
    return result;
  }

  /** Deletes a deletion vector file no commit references (after a definite failure). */
  static void discardQuietly(StagedWrite staged, String vectorFile, RuntimeException cause) {
    if (vectorFile == null) {
      return;
    }
    try {
      staged.storage().delete(vectorFile);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
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
