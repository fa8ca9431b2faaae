package dev.strata.log;

import dev.strata.format.types.StructType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The state of a table at one version: protocol, metadata, live files, txn versions. Immutable. */
public interface Snapshot {

  /** The normalised table location. */
  String tablePath();

  /** The version of this snapshot. */
  long version();

  /**
   * The commit timestamp of this version in epoch milliseconds (the commit file's modification
   * time, made strictly increasing over the versions as Delta does).
   */
  long timestamp();

  /** The protocol in force at this version. */
  Protocol protocol();

  /** The metadata in force at this version. */
  Metadata metadata();

  /** The table schema (logical names). */
  StructType schema();

  /** The partition columns, in partition order. */
  default List<String> partitionColumns() {
    return metadata().partitionColumns();
  }

  /** The table properties. */
  default Map<String, String> configuration() {
    return metadata().configuration();
  }

  /** The live data files, in log order. Computed on first use for incrementally built snapshots. */
  List<AddFile> allFiles();

  /** The files removed and not yet re-added (for VACUUM), expired or not. */
  List<RemoveFile> tombstones();

  /** The latest version an application committed with {@code txn}, or empty. */
  OptionalLong txnVersion(String appId);

  /** All {@code txn} entries by application id. */
  Map<String, SetTransaction> transactions();

  /** The live (not removed) domain metadata by domain. */
  Map<String, DomainMetadata> domainMetadata();

  /** The version of the newest checkpoint at or before this version, or empty. */
  OptionalLong lastCheckpointVersion();

  /** The {@code commitInfo} of this version's commit, empty when it has none. */
  Optional<CommitInfo> commitInfo();

  /** A scan of this snapshot's data files. */
  ScanBuilder scan();

  /** The number of live files. */
  default long numFiles() {
    return allFiles().size();
  }

  /** The total size of the live files in bytes. */
  default long sizeInBytes() {
    long total = 0;
    for (AddFile f : allFiles()) {
      total += f.size();
    }
    return total;
  }
}
