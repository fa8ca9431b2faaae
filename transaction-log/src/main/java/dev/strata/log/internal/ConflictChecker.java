package dev.strata.log.internal;

import dev.strata.log.Action;
import dev.strata.log.AddFile;
import dev.strata.log.CommitInfo;
import dev.strata.log.ConcurrentAppendException;
import dev.strata.log.ConcurrentDeleteDeleteException;
import dev.strata.log.ConcurrentDeleteReadException;
import dev.strata.log.ConcurrentModificationException;
import dev.strata.log.ConcurrentTransactionException;
import dev.strata.log.DomainMetadata;
import dev.strata.log.Metadata;
import dev.strata.log.MetadataChangedException;
import dev.strata.log.Protocol;
import dev.strata.log.ProtocolChangedException;
import dev.strata.log.RemoveFile;
import dev.strata.log.SetTransaction;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Delta's conflict rules, checked for each commit that won a version this transaction wanted, in
 * Spark's order: protocol, metadata, files added where we read, files removed that we read, files
 * removed that we remove, the same {@code txn} application id, the same domain.
 */
final class ConflictChecker {
  /** What the losing transaction read and writes. */
  record Ours(
      String table,
      long readVersion,
      boolean changesMetadata,
      boolean readWholeTable,
      List<Predicate<Map<String, String>>> readPredicates,
      Set<String> readFileKeys,
      Set<String> removedKeys,
      Set<String> txnAppIds,
      Set<String> domains,
      boolean serializable,
      Map<String, AddFile> readSnapshotFiles) {}

  private ConflictChecker() {}

  static void check(Ours ours, SnapshotImpl.Delta winner) {
    CommitInfo info = SnapshotImpl.findCommitInfo(winner.actions());
    String who = describe(winner.version(), info);
    for (Action a : winner.actions()) {
      if (a instanceof Protocol) {
        throw new ProtocolChangedException(
            message(ours, who, "changed the protocol of the table (or created it)"));
      }
    }
    for (Action a : winner.actions()) {
      if (a instanceof Metadata) {
        throw new MetadataChangedException(
            message(ours, who, "changed the table metadata (schema, partitioning or properties)"));
      }
    }
    boolean winnerBlindAppend = info != null && Boolean.TRUE.equals(info.isBlindAppend());
    boolean ignoreWinnerAdds = !ours.serializable() && winnerBlindAppend && !ours.changesMetadata();
    if (!ignoreWinnerAdds && (ours.readWholeTable() || !ours.readPredicates().isEmpty())) {
      for (Action a : winner.actions()) {
        if (a instanceof AddFile add
            && add.dataChange()
            && matchesRead(ours, add.partitionValues())) {
          throw new ConcurrentAppendException(
              message(
                  ours,
                  who,
                  "added file "
                      + add.path()
                      + " to "
                      + partitionText(add.partitionValues())
                      + " that this transaction read"));
        }
      }
    }
    // Files are matched by path alone, as Delta does: a file whose deletion vector a concurrent
    // commit replaced (a DELETE of other rows of it) was still changed under this transaction.
    Set<String> readPaths = paths(ours.readFileKeys());
    Set<String> removedPaths = paths(ours.removedKeys());
    for (Action a : winner.actions()) {
      if (a instanceof RemoveFile remove) {
        String key = FileState.key(remove.path(), remove.deletionVector());
        if (readPaths.contains(PathCodec.decode(remove.path()))
            || removedFromRead(ours, remove, key)) {
          throw new ConcurrentDeleteReadException(
              message(ours, who, "removed file " + remove.path() + " that this transaction read"));
        }
      }
    }
    for (Action a : winner.actions()) {
      if (a instanceof RemoveFile remove) {
        if (removedPaths.contains(PathCodec.decode(remove.path()))) {
          throw new ConcurrentDeleteDeleteException(
              message(ours, who, "also removed file " + remove.path()));
        }
      }
    }
    for (Action a : winner.actions()) {
      if (a instanceof SetTransaction t && ours.txnAppIds().contains(t.appId())) {
        throw new ConcurrentTransactionException(
            message(
                ours,
                who,
                "recorded txn version "
                    + t.version()
                    + " for the same application id '"
                    + t.appId()
                    + "'"));
      }
      if (a instanceof DomainMetadata d && ours.domains().contains(d.domain())) {
        throw new ConcurrentModificationException(
            message(ours, who, "changed the same metadata domain '" + d.domain() + "'"));
      }
    }
  }

  private static Set<String> paths(Set<String> keys) {
    Set<String> paths = new HashSet<>(keys.size() * 2);
    for (String key : keys) {
      int cut = key.indexOf('\u0000');
      paths.add(cut < 0 ? key : key.substring(0, cut));
    }
    return paths;
  }

  private static boolean matchesRead(Ours ours, Map<String, String> partitionValues) {
    if (ours.readWholeTable()) {
      return true;
    }
    for (Predicate<Map<String, String>> p : ours.readPredicates()) {
      if (p.test(partitionValues)) {
        return true;
      }
    }
    return false;
  }

  private static boolean removedFromRead(Ours ours, RemoveFile remove, String key) {
    if (ours.readWholeTable()) {
      return true;
    }
    if (ours.readPredicates().isEmpty()) {
      return false;
    }
    Map<String, String> values = remove.partitionValues();
    if (values == null) {
      AddFile known = ours.readSnapshotFiles() == null ? null : ours.readSnapshotFiles().get(key);
      if (known == null) {
        return false; // not a file of the snapshot we read
      }
      values = known.partitionValues();
    }
    return matchesRead(ours, values);
  }

  private static String partitionText(Map<String, String> values) {
    return values.isEmpty() ? "the table" : "partition " + values;
  }

  private static String describe(long version, CommitInfo info) {
    String op = info == null || info.operation() == null ? "" : " (" + info.operation() + ")";
    return "the concurrent commit of version " + version + op;
  }

  private static String message(Ours ours, String who, String what) {
    return "Transaction on table "
        + ours.table()
        + " that read version "
        + ours.readVersion()
        + " conflicts with "
        + who
        + ", which "
        + what
        + ". Re-read the table and retry the operation.";
  }
}
