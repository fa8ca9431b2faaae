package dev.strata.log.internal;

import dev.strata.format.types.StructType;
import dev.strata.log.Action;
import dev.strata.log.AddFile;
import dev.strata.log.CommitInfo;
import dev.strata.log.CorruptLogException;
import dev.strata.log.DomainMetadata;
import dev.strata.log.Metadata;
import dev.strata.log.Protocol;
import dev.strata.log.RemoveFile;
import dev.strata.log.SetTransaction;
import dev.strata.log.Snapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A snapshot. Protocol, metadata, txns and domains are reconciled eagerly (they are small); the
 * file state is either computed at load or, for snapshots advanced incrementally from an earlier
 * one, computed on first use from the earlier state plus the new commits.
 */
public final class SnapshotImpl implements Snapshot {
  /** One parsed commit. */
  record Delta(long version, long timestamp, List<Action> actions) {}

  private final DeltaLogImpl log;
  private final long version;
  private final long timestamp;
  private final Protocol protocol;
  private final Metadata metadata;
  private final Map<String, SetTransaction> txns;
  private final Map<String, DomainMetadata> domains;
  private final OptionalLong checkpointVersion;
  private volatile StructType schema;

  // Either files != null, or loader gives it, or base + pending give it.
  private volatile FileState files;
  private java.util.function.Supplier<FileState> loader;
  private SnapshotImpl base;
  private List<Delta> pending;
  private volatile Optional<CommitInfo> commitInfo;

  private SnapshotImpl(
      DeltaLogImpl log,
      long version,
      long timestamp,
      Protocol protocol,
      Metadata metadata,
      Map<String, SetTransaction> txns,
      Map<String, DomainMetadata> domains,
      OptionalLong checkpointVersion) {
    this.log = log;
    this.version = version;
    this.timestamp = timestamp;
    this.protocol = protocol;
    this.metadata = metadata;
    this.txns = Collections.unmodifiableMap(txns);
    this.domains = Collections.unmodifiableMap(domains);
    this.checkpointVersion = checkpointVersion;
  }

  /** Replays checkpoint actions and then commits into a snapshot (the full load). */
  static SnapshotImpl replay(
      DeltaLogImpl log,
      long version,
      long timestamp,
      OptionalLong checkpointVersion,
      List<? extends Object> checkpointActions,
      List<Delta> deltas) {
    Reconciler r = new Reconciler(null, null, new HashMap<>(), new LinkedHashMap<>());
    FileState files = new FileState();
    r.applyAll(checkpointActions);
    files.applyAll(checkpointActions);
    for (Delta d : deltas) {
      r.applyAll(d.actions());
      files.applyAll(d.actions());
    }
    SnapshotImpl s = r.build(log, version, timestamp, checkpointVersion);
    s.files = files;
    if (!deltas.isEmpty() && deltas.get(deltas.size() - 1).version() == version) {
      s.commitInfo = Optional.ofNullable(findCommitInfo(deltas.get(deltas.size() - 1).actions()));
    }
    return s;
  }

  /**
   * Like {@link #replay} for a checkpoint whose adds are still being read: everything but the file
   * state is reconciled now, the file state when first needed.
   */
  static SnapshotImpl replaySplit(
      DeltaLogImpl log,
      long version,
      long timestamp,
      long checkpointVersion,
      Checkpoints.Split split,
      List<Delta> deltas) {
    Reconciler r = new Reconciler(null, null, new HashMap<>(), new LinkedHashMap<>());
    r.applyAll(split.others());
    for (Delta d : deltas) {
      r.applyAll(d.actions());
    }
    SnapshotImpl s = r.build(log, version, timestamp, OptionalLong.of(checkpointVersion));
    s.loader =
        () -> {
          FileState files = new FileState();
          List<Object> adds;
          try {
            adds = split.joinAdds();
          } catch (CorruptLogException e) {
            // The file actions of the checkpoint are unreadable although its table state was:
            // rebuild the file state from another path to this version.
            return log.checkpointFailed(version, checkpointVersion, e).fileState();
          }
          files.applyAll(adds);
          for (Delta d : deltas) {
            files.applyAll(d.actions());
          }
          return files;
        };
    if (!deltas.isEmpty() && deltas.get(deltas.size() - 1).version() == version) {
      s.commitInfo = Optional.ofNullable(findCommitInfo(deltas.get(deltas.size() - 1).actions()));
    }
    return s;
  }

  /** This snapshot advanced by contiguous new commits (the incremental update). */
  SnapshotImpl advance(List<Delta> newDeltas, OptionalLong newCheckpointVersion) {
    if (newDeltas.isEmpty()) {
      return this;
    }
    Reconciler r =
        new Reconciler(protocol, metadata, new HashMap<>(txns), new LinkedHashMap<>(domains));
    for (Delta d : newDeltas) {
      r.applyAll(d.actions());
    }
    Delta last = newDeltas.get(newDeltas.size() - 1);
    SnapshotImpl s =
        r.build(
            log,
            last.version(),
            last.timestamp(),
            newCheckpointVersion.isPresent() ? newCheckpointVersion : checkpointVersion);
    synchronized (this) {
      if (files != null || loader != null) {
        s.base = this;
        s.pending = List.copyOf(newDeltas);
      } else {
        // Chain to our own base so that materialising never recurses deeply.
        s.base = base;
        List<Delta> all = new ArrayList<>(pending);
        all.addAll(newDeltas);
        s.pending = all;
      }
    }
    s.commitInfo = Optional.ofNullable(findCommitInfo(last.actions()));
    return s;
  }

  FileState fileState() {
    FileState f = files;
    if (f != null) {
      return f;
    }
    synchronized (this) {
      if (files == null && loader != null) {
        files = loader.get();
        loader = null;
      } else if (files == null) {
        FileState computed = base.fileState().copy();
        for (Delta d : pending) {
          computed.applyAll(d.actions());
        }
        files = computed;
        base = null;
        pending = null;
      }
      return files;
    }
  }

  static CommitInfo findCommitInfo(List<Action> actions) {
    for (Action a : actions) {
      if (a instanceof CommitInfo c) {
        return c;
      }
    }
    return null;
  }

  /** Live files keyed by (decoded path, dv id), for conflict checks. */
  Map<String, AddFile> liveFilesByKey() {
    return Collections.unmodifiableMap(fileState().live);
  }

  DeltaLogImpl log() {
    return log;
  }

  @Override
  public String tablePath() {
    return log.tablePath();
  }

  @Override
  public long version() {
    return version;
  }

  @Override
  public long timestamp() {
    return timestamp;
  }

  @Override
  public Protocol protocol() {
    return protocol;
  }

  @Override
  public Metadata metadata() {
    return metadata;
  }

  @Override
  public StructType schema() {
    StructType s = schema;
    if (s == null) {
      s = metadata.schema();
      schema = s;
    }
    return s;
  }

  @Override
  public List<AddFile> allFiles() {
    return fileState().liveList();
  }

  @Override
  public List<RemoveFile> tombstones() {
    return fileState().tombstoneList();
  }

  @Override
  public dev.strata.log.ScanBuilder scan() {
    return new ScanImpl.Builder(this);
  }

  @Override
  public long numFiles() {
    return fileState().live.size();
  }

  @Override
  public long sizeInBytes() {
    long total = 0;
    for (AddFile f : fileState().live.values()) {
      total += f.size();
    }
    return total;
  }

  @Override
  public OptionalLong txnVersion(String appId) {
    SetTransaction t = txns.get(appId);
    return t == null ? OptionalLong.empty() : OptionalLong.of(t.version());
  }

  @Override
  public Map<String, SetTransaction> transactions() {
    return txns;
  }

  @Override
  public Map<String, DomainMetadata> domainMetadata() {
    return domains;
  }

  @Override
  public OptionalLong lastCheckpointVersion() {
    return checkpointVersion;
  }

  @Override
  public Optional<CommitInfo> commitInfo() {
    Optional<CommitInfo> c = commitInfo;
    if (c == null) {
      c = log.readCommitInfo(version);
      commitInfo = c;
    }
    return c;
  }

  @Override
  public String toString() {
    return "Snapshot(" + tablePath() + "@" + version + ")";
  }

  /** Reconciles the non-file actions. */
  private static final class Reconciler {
    Protocol protocol;
    Metadata metadata;
    final Map<String, SetTransaction> txns;
    final Map<String, DomainMetadata> domains;

    Reconciler(
        Protocol protocol,
        Metadata metadata,
        Map<String, SetTransaction> txns,
        Map<String, DomainMetadata> domains) {
      this.protocol = protocol;
      this.metadata = metadata;
      this.txns = txns;
      this.domains = domains;
    }

    void applyAll(List<? extends Object> actions) {
      for (Object a : actions) {
        if (a instanceof Protocol p) {
          protocol = p;
        } else if (a instanceof Metadata m) {
          metadata = m;
        } else if (a instanceof SetTransaction t) {
          txns.put(t.appId(), t);
        } else if (a instanceof DomainMetadata d) {
          if (d.removed()) {
            domains.remove(d.domain());
          } else {
            domains.put(d.domain(), d);
          }
        }
      }
    }

    SnapshotImpl build(
        DeltaLogImpl log, long version, long timestamp, OptionalLong checkpointVersion) {
      if (protocol == null) {
        throw LogErrors.missingProtocolOrMetadata(log.tablePath(), version, "protocol");
      }
      if (metadata == null) {
        throw LogErrors.missingProtocolOrMetadata(log.tablePath(), version, "metaData");
      }
      ProtocolSupport.checkRead(log.tablePath(), protocol);
      return new SnapshotImpl(
          log, version, timestamp, protocol, metadata, txns, domains, checkpointVersion);
    }
  }
}
