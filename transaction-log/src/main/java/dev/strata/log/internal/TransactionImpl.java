package dev.strata.log.internal;

import dev.strata.format.FileStatus;
import dev.strata.format.SchemaMismatchException;
import dev.strata.format.StorageException;
import dev.strata.format.StrataException;
import dev.strata.format.types.StructType;
import dev.strata.log.Action;
import dev.strata.log.AddCDCFile;
import dev.strata.log.AddFile;
import dev.strata.log.CommitInfo;
import dev.strata.log.CommitResult;
import dev.strata.log.ConcurrentModificationException;
import dev.strata.log.DomainMetadata;
import dev.strata.log.Metadata;
import dev.strata.log.Operation;
import dev.strata.log.OptimisticTransaction;
import dev.strata.log.Protocol;
import dev.strata.log.ProtocolChangedException;
import dev.strata.log.RemoveFile;
import dev.strata.log.SetTransaction;
import dev.strata.log.Snapshot;
import dev.strata.log.TableProperties;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The optimistic transaction: put-if-absent at read+1, conflict checks, bounded retries. */
final class TransactionImpl implements OptimisticTransaction {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionImpl.class);

  /** System property bounding how many versions one commit tries; default 100. */
  static final String MAX_ATTEMPTS_PROPERTY = "strata.log.commit.max-attempts";

  static final String ENGINE_INFO = "Strata/" + engineVersion();

  private final DeltaLogImpl log;
  private final SnapshotImpl read;
  private Metadata newMetadata;
  private Protocol newProtocol;
  private final Map<String, Long> txns = new LinkedHashMap<>();
  private final List<Predicate<Map<String, String>>> readPredicates = new ArrayList<>();
  private final Set<String> readFileKeys = new HashSet<>();
  private boolean readWholeTable;
  private boolean committed;

  TransactionImpl(DeltaLogImpl log, SnapshotImpl read) {
    this.log = log;
    this.read = read;
    if (read != null) {
      ProtocolSupport.checkWrite(log.tablePath(), read.protocol());
      ProtocolSupport.checkGeneratedColumns(log.tablePath(), read.protocol(), read.metadata());
    }
  }

  private static String engineVersion() {
    String v = TransactionImpl.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  @Override
  public Snapshot readSnapshot() {
    return read;
  }

  @Override
  public long readVersion() {
    return read == null ? -1 : read.version();
  }

  @Override
  public Metadata metadata() {
    return newMetadata != null ? newMetadata : read == null ? null : read.metadata();
  }

  @Override
  public Protocol protocol() {
    return newProtocol != null ? newProtocol : read == null ? Protocol.DEFAULT : read.protocol();
  }

  @Override
  public OptimisticTransaction recordRead(Predicate<Map<String, String>> partitionPredicate) {
    readPredicates.add(partitionPredicate);
    return this;
  }

  @Override
  public OptimisticTransaction recordReadFiles(Collection<AddFile> files) {
    for (AddFile f : files) {
      readFileKeys.add(FileState.key(f.path(), f.deletionVector()));
    }
    return this;
  }

  @Override
  public OptimisticTransaction recordReadWholeTable() {
    readWholeTable = true;
    return this;
  }

  @Override
  public OptimisticTransaction updateMetadata(Metadata metadata) {
    if (newMetadata != null && !newMetadata.equals(metadata)) {
      throw new IllegalStateException("The metadata of this transaction was already updated");
    }
    newMetadata = metadata;
    return this;
  }

  @Override
  public OptimisticTransaction updateProtocol(Protocol protocol) {
    if (newProtocol != null && !newProtocol.equals(protocol)) {
      throw new IllegalStateException("The protocol of this transaction was already updated");
    }
    ProtocolSupport.checkWrite(log.tablePath(), protocol);
    newProtocol = protocol;
    return this;
  }

  @Override
  public OptimisticTransaction setTransaction(String appId, long version) {
    Long previous = txns.putIfAbsent(appId, version);
    if (previous != null && previous != version) {
      throw new IllegalArgumentException("txn '" + appId + "' set twice in one transaction");
    }
    return this;
  }

  @Override
  public CommitResult commit(List<? extends Action> actions, Operation operation) {
    if (committed) {
      throw new IllegalStateException("This transaction has already committed");
    }
    List<Action> dataActions = new ArrayList<>();
    for (Action a : actions) {
      if (a instanceof Metadata m) {
        updateMetadata(m);
      } else if (a instanceof Protocol p) {
        updateProtocol(p);
      } else if (a instanceof SetTransaction t) {
        setTransaction(t.appId(), t.version());
      } else if (a instanceof CommitInfo) {
        throw new IllegalArgumentException(
            "commitInfo is written by the transaction; describe the commit with an Operation");
      } else {
        dataActions.add(a);
      }
    }
    Metadata metadata = metadata();
    if (metadata == null) {
      throw new IllegalStateException(
          "Table "
              + log.tablePath()
              + " does not exist yet: set its metadata (schema, partition columns) with"
              + " updateMetadata before the first commit");
    }
    if (newMetadata != null
        && "true"
            .equalsIgnoreCase(
                newMetadata
                    .configuration()
                    .getOrDefault(TableProperties.ENABLE_DELETION_VECTORS, "false")
                    .trim())
        && !protocol().hasWriterFeature(TableProperties.DELETION_VECTORS_FEATURE)) {
      // As Delta does on ALTER TABLE SET TBLPROPERTIES: enabling the property upgrades the
      // protocol to the table feature in the same commit.
      newProtocol = protocol().withReaderWriterFeature(TableProperties.DELETION_VECTORS_FEATURE);
    }
    if (newMetadata != null
        && TableProperties.isTrue(
            newMetadata.configuration(), TableProperties.ENABLE_CHANGE_DATA_FEED)
        && !protocol().supportsWriterFeature(TableProperties.CHANGE_DATA_FEED_FEATURE)) {
      newProtocol = protocol().withWriterFeature(TableProperties.CHANGE_DATA_FEED_FEATURE);
    }
    Protocol protocol = protocol();
    ProtocolSupport.checkWrite(log.tablePath(), protocol);
    ProtocolSupport.checkGeneratedColumns(log.tablePath(), protocol, metadata);
    if (newMetadata != null) {
      validateMetadata(newMetadata);
    }
    validateFileActions(dataActions, metadata);

    boolean hasRemoves = dataActions.stream().anyMatch(a -> a instanceof RemoveFile);
    boolean onlyDataAdds =
        dataActions.stream()
            .allMatch(
                a -> (a instanceof AddFile add && add.dataChange()) || a instanceof AddCDCFile);
    boolean blindAppend =
        !hasRemoves
            && onlyDataAdds
            && readPredicates.isEmpty()
            && readFileKeys.isEmpty()
            && !readWholeTable;
    boolean serializable =
        "serializable"
            .equals(
                metadata
                    .configuration()
                    .getOrDefault(TableProperties.ISOLATION_LEVEL, "WriteSerializable")
                    .toLowerCase(Locale.ROOT));
    String isolationLevel = serializable ? "Serializable" : "WriteSerializable";
    String txnId = UUID.randomUUID().toString();

    List<Action> body = new ArrayList<>();
    if (newProtocol != null || read == null) {
      body.add(protocol);
    }
    if (newMetadata != null) {
      body.add(newMetadata);
    }
    long now = System.currentTimeMillis();
    for (Map.Entry<String, Long> t : txns.entrySet()) {
      body.add(new SetTransaction(t.getKey(), t.getValue(), now));
    }
    body.addAll(dataActions);

    ConflictChecker.Ours ours =
        new ConflictChecker.Ours(
            log.tablePath(),
            readVersion(),
            newMetadata != null,
            readWholeTable,
            List.copyOf(readPredicates),
            Set.copyOf(readFileKeys),
            keysOf(dataActions),
            Set.copyOf(txns.keySet()),
            domainsOf(dataActions),
            serializable,
            null);

    int maxAttempts = Integer.getInteger(MAX_ATTEMPTS_PROPERTY, 100);
    long attemptVersion = readVersion() + 1;
    long previousTimestamp = read == null ? Long.MIN_VALUE : read.timestamp();
    List<SnapshotImpl.Delta> winners = new ArrayList<>();
    int attempts = 0;
    while (true) {
      attempts++;
      long timestamp = Math.max(System.currentTimeMillis(), previousTimestamp + 1);
      CommitInfo info =
          new CommitInfo(
              timestamp,
              operation.name(),
              operation.parameters(),
              operation.metrics(),
              read == null ? null : read.version(),
              isolationLevel,
              blindAppend,
              ENGINE_INFO,
              operation.userMetadata(),
              txnId,
              null);
      List<Action> commitActions = new ArrayList<>(body.size() + 1);
      commitActions.add(info);
      commitActions.addAll(body);
      byte[] bytes = ActionCodec.toCommitBytes(commitActions);
      String path = FileNames.deltaFile(log.logPath(), attemptVersion);
      boolean created;
      try {
        created = log.storage().createIfAbsent(path, bytes);
      } catch (StorageException e) {
        if (!e.outcomeUnknown()) {
          throw new StorageException(
              "Commit of version "
                  + attemptVersion
                  + " of table "
                  + log.tablePath()
                  + " failed before it was written (nothing was committed): "
                  + e.getMessage(),
              e);
        }
        Outcome outcome = resolveUnknown(attemptVersion, path, txnId, e);
        if (outcome == Outcome.ABSENT) {
          if (attempts >= maxAttempts) {
            throw LogErrors.commitStateUnknown(log.tablePath(), attemptVersion, e);
          }
          LOG.debug(
              "Commit {} of {} did not land after an unknown outcome; retrying",
              attemptVersion,
              log.tablePath());
          continue;
        }
        created = outcome == Outcome.OURS;
      }
      if (created) {
        committed = true;
        winners.add(new SnapshotImpl.Delta(attemptVersion, timestamp, commitActions));
        log.committed(read, winners);
        boolean checkpointed = postCommit(attemptVersion, metadata);
        return new CommitResult(attemptVersion, timestamp, attempts, checkpointed);
      }
      if (read == null) {
        throw new ProtocolChangedException(
            "Table "
                + log.tablePath()
                + " was created by a concurrent transaction while this one was creating it."
                + " Re-read the table and retry the operation.");
      }
      if (attempts >= maxAttempts) {
        throw new ConcurrentModificationException(
            "Gave up committing to table "
                + log.tablePath()
                + " after "
                + attempts
                + " attempts: other writers keep winning the next version (last tried "
                + attemptVersion
                + "). Retry later.");
      }
      List<SnapshotImpl.Delta> newWinners = readWinners(attemptVersion);
      for (SnapshotImpl.Delta w : newWinners) {
        ConflictChecker.check(ours, w);
        previousTimestamp = Math.max(previousTimestamp, w.timestamp());
        CommitInfo wi = SnapshotImpl.findCommitInfo(w.actions());
        if (wi != null && wi.timestamp() != null) {
          previousTimestamp = Math.max(previousTimestamp, wi.timestamp());
        }
      }
      winners.addAll(newWinners);
      attemptVersion =
          newWinners.isEmpty()
              ? attemptVersion
              : newWinners.get(newWinners.size() - 1).version() + 1;
    }
  }

  private enum Outcome {
    OURS,
    OTHERS,
    ABSENT
  }

  private Outcome resolveUnknown(long version, String path, String txnId, StorageException cause) {
    try {
      Optional<FileStatus> status = log.storage().status(path);
      if (status.isEmpty()) {
        return Outcome.ABSENT;
      }
      CommitInfo info = SnapshotImpl.findCommitInfo(log.readDelta(version, status.get()));
      return info != null && txnId.equals(info.txnId()) ? Outcome.OURS : Outcome.OTHERS;
    } catch (RuntimeException e) {
      e.addSuppressed(cause);
      throw LogErrors.commitStateUnknown(log.tablePath(), version, e);
    }
  }

  /** The commits from {@code from} on, until the first version that does not exist. */
  private List<SnapshotImpl.Delta> readWinners(long from) {
    List<SnapshotImpl.Delta> result = new ArrayList<>();
    for (long v = from; ; v++) {
      Optional<FileStatus> status = log.storage().status(FileNames.deltaFile(log.logPath(), v));
      if (status.isEmpty()) {
        return result;
      }
      result.add(
          new SnapshotImpl.Delta(
              v, status.get().modificationTime(), log.readDelta(v, status.get())));
    }
  }

  private boolean postCommit(long version, Metadata metadata) {
    int interval = TableProperties.checkpointInterval(metadata.configuration());
    if (version == 0 || version % interval != 0) {
      return false;
    }
    try {
      SnapshotImpl snapshot = log.at(version);
      Checkpoints.write(log, snapshot);
    } catch (RuntimeException e) {
      // The commit stands; a missing checkpoint only makes later loads replay more commits.
      LOG.warn("Checkpoint of {} at version {} failed: {}", log.tablePath(), version, e.toString());
      return false;
    }
    if (!"false"
        .equalsIgnoreCase(
            metadata.configuration().get(TableProperties.ENABLE_EXPIRED_LOG_CLEANUP))) {
      try {
        log.cleanupExpiredLogs();
      } catch (RuntimeException e) {
        LOG.warn("Log cleanup of {} failed: {}", log.tablePath(), e.toString());
      }
    }
    return true;
  }

  /** Table properties that turn on features needing more than reader 1 / writer 2. */
  private static final Map<String, String> FEATURE_PROPERTIES =
      Map.of(
          "delta.enableRowTracking", "true",
          "delta.enableInCommitTimestamps", "true",
          "delta.checkpoint.writeStatsAsStruct", "true");

  private void validateMetadata(Metadata metadata) {
    for (Map.Entry<String, String> e : FEATURE_PROPERTIES.entrySet()) {
      String value = metadata.configuration().get(e.getKey());
      if (value != null && value.trim().equalsIgnoreCase(e.getValue())) {
        throw LogErrors.unsupportedWrite(
            log.tablePath(),
            "the table property " + e.getKey() + "=" + value + " needs a newer protocol");
      }
    }
    String mapping = metadata.configuration().get(TableProperties.COLUMN_MAPPING_MODE);
    if (mapping != null && !mapping.trim().equalsIgnoreCase("none")) {
      throw LogErrors.unsupportedWrite(
          log.tablePath(),
          "the table property "
              + TableProperties.COLUMN_MAPPING_MODE
              + "="
              + mapping
              + " needs a newer protocol");
    }
    StructType schema;
    try {
      schema = metadata.schema();
    } catch (RuntimeException e) {
      throw new SchemaMismatchException(
          "The schema of table "
              + log.tablePath()
              + " is not valid Delta schema JSON: "
              + e.getMessage());
    }
    Set<String> seen = new HashSet<>();
    for (String name : schema.fieldNames()) {
      if (!seen.add(name.toLowerCase(Locale.ROOT))) {
        throw new SchemaMismatchException(
            "Column '"
                + name
                + "' appears twice (case-insensitively) in the schema of table "
                + log.tablePath());
      }
    }
    for (String column : metadata.partitionColumns()) {
      if (!schema.contains(column)) {
        throw new SchemaMismatchException(
            "Partition column '"
                + column
                + "' of table "
                + log.tablePath()
                + " is not in the schema "
                + schema.fieldNames());
      }
    }
  }

  private void validateFileActions(List<Action> actions, Metadata metadata) {
    boolean appendOnly = TableProperties.appendOnly(metadata.configuration());
    Set<String> adds = new HashSet<>();
    Set<String> removes = new HashSet<>();
    for (Action a : actions) {
      if (a instanceof AddFile add) {
        if (!adds.add(FileState.key(add.path(), add.deletionVector()))) {
          throw new IllegalArgumentException(
              "File " + add.path() + " is added twice in one commit");
        }
      } else if (a instanceof RemoveFile remove) {
        if (!removes.add(FileState.key(remove.path(), remove.deletionVector()))) {
          throw new IllegalArgumentException(
              "File " + remove.path() + " is removed twice in one commit");
        }
        if (appendOnly && remove.dataChange()) {
          throw new StrataException(
              "Table "
                  + log.tablePath()
                  + " is append-only (delta.appendOnly=true): this commit would delete data (remove "
                  + remove.path()
                  + "). Only appends are allowed; unset the property to allow deletes and updates.");
        }
      }
    }
  }

  private static Set<String> keysOf(List<Action> actions) {
    Set<String> keys = new HashSet<>();
    for (Action a : actions) {
      if (a instanceof RemoveFile r) {
        keys.add(FileState.key(r.path(), r.deletionVector()));
      }
    }
    return keys;
  }

  private static Set<String> domainsOf(List<Action> actions) {
    Set<String> domains = new HashSet<>();
    for (Action a : actions) {
      if (a instanceof DomainMetadata d) {
        domains.add(d.domain());
      }
    }
    return domains;
  }
}
