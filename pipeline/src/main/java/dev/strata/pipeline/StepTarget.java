package dev.strata.pipeline;

import dev.strata.engine.DataWriter;
import dev.strata.engine.Dataset;
import dev.strata.engine.Strata;
import dev.strata.log.DeltaLog;
import dev.strata.writer.StrataTable;
import java.util.List;

/**
 * The target of one (step, partition) as a {@link StepAction} sees it: the table, the session and
 * the idempotency marker {@code txn(appId, version)} its one commit must carry.
 */
public final class StepTarget {
  private final Strata strata;
  private final String path;
  private final String appId;
  private final long version;
  private final PartitionKey partition;
  private final String partitionColumn;
  private final List<String> partitionBy;

  StepTarget(
      Strata strata,
      String path,
      String appId,
      long version,
      PartitionKey partition,
      String partitionColumn,
      List<String> partitionBy) {
    this.strata = strata;
    this.path = path;
    this.appId = appId;
    this.version = version;
    this.partition = partition;
    this.partitionColumn = partitionColumn;
    this.partitionBy = List.copyOf(partitionBy);
  }

  /** The engine session the step runs on. */
  public Strata strata() {
    return strata;
  }

  /** The target table's URI. */
  public String path() {
    return path;
  }

  /** The marker's app id ({@code pipeline/step/partition}). */
  public String appId() {
    return appId;
  }

  /** The marker's version (the generation). */
  public long version() {
    return version;
  }

  /** The partition being written (unpartitioned: the empty key). */
  public PartitionKey partition() {
    return partition;
  }

  /** The pipeline's partition column, or null for an unpartitioned step. */
  public String partitionColumn() {
    return partitionColumn;
  }

  /** The target's partition columns. */
  public List<String> partitionBy() {
    return partitionBy;
  }

  /** Whether the target table exists yet. */
  public boolean exists() {
    return DeltaLog.forTable(path).tableExists();
  }

  /**
   * The target table whose DML (merge, update, delete) commits with the marker.
   *
   * @throws dev.strata.log.TableNotFoundException when it does not exist yet; see {@link #exists()}
   *     and {@link #write(Dataset)}
   */
  public StrataTable table() {
    return StrataTable.forPath(strata, path).idempotent(appId, version);
  }

  /** A writer of {@code data} to the target, partitioned like it, that commits with the marker. */
  public DataWriter write(Dataset data) {
    return data.write().partitionBy(partitionBy).idempotent(appId, version);
  }
}
