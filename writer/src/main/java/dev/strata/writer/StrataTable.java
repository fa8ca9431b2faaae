package dev.strata.writer;

import dev.strata.engine.Column;
import dev.strata.engine.Dataset;
import dev.strata.engine.Strata;
import dev.strata.format.StoragePaths;
import dev.strata.format.Storages;
import dev.strata.log.CommitEntry;
import dev.strata.log.DeltaLog;
import dev.strata.writer.internal.DmlJob;
import dev.strata.writer.internal.EngineBridgeImpl;
import dev.strata.writer.internal.PropertiesJob;
import dev.strata.writer.internal.StagedWrite;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Strata (Delta) table addressed by its location, for reading and for row-level changes: DELETE,
 * UPDATE and MERGE. Writes of whole Datasets go through {@code dataset.write()}.
 *
 * <pre>{@code
 * StrataTable orders = StrataTable.forPath(strata, "lakehouse/silver/orders");
 * orders.delete("status = 'CANCELLED'");
 * orders.as("t")
 *     .merge(updates.as("s"), "t.order_id = s.order_id")
 *     .whenMatched().updateAll()
 *     .whenNotMatched().insertAll()
 *     .idempotent("silver/orders/2024-01-05", 3)
 *     .execute();
 * }</pre>
 *
 * Instances are immutable; {@link #as}, {@link #idempotent} and {@link #userMetadata} return
 * configured copies.
 */
public final class StrataTable {
  private final Strata strata;
  private final String path;
  private final String alias;
  private final String appId;
  private final long appVersion;
  private final String userMetadata;

  private StrataTable(
      Strata strata,
      String path,
      String alias,
      String appId,
      long appVersion,
      String userMetadata) {
    this.strata = strata;
    this.path = path;
    this.alias = alias;
    this.appId = appId;
    this.appVersion = appVersion;
    this.userMetadata = userMetadata;
  }

  /**
   * The table at {@code uri} (a local path or a {@code file:}/{@code s3:} URI).
   *
   * @throws dev.strata.log.TableNotFoundException on first use when there is no table there
   */
  public static StrataTable forPath(Strata strata, String uri) {
    return new StrataTable(strata, StoragePaths.normalize(uri), "t", null, -1, null);
  }

  /** The normalised location of the table. */
  public String path() {
    return path;
  }

  /** This table under an alias, for MERGE conditions ({@code t.order_id = s.order_id}). */
  public StrataTable as(String newAlias) {
    return new StrataTable(strata, path, newAlias, appId, appVersion, userMetadata);
  }

  /**
   * Makes the next DELETE, UPDATE or MERGE idempotent: it commits {@code txn(appId, version)} with
   * its changes, and does nothing (reporting {@code skipped}) when the table already holds a
   * version of {@code appId} at or above {@code version}.
   */
  public StrataTable idempotent(String newAppId, long version) {
    if (newAppId == null || newAppId.isBlank() || version < 0) {
      throw new IllegalArgumentException("idempotent needs an appId and a version >= 0");
    }
    return new StrataTable(strata, path, alias, newAppId, version, userMetadata);
  }

  /** Free text recorded in the {@code commitInfo} of the next operation. */
  public StrataTable userMetadata(String text) {
    return new StrataTable(strata, path, alias, appId, appVersion, text);
  }

  /** The current contents of the table as a Dataset. */
  public Dataset toDataset() {
    return strata.read().table(path);
  }

  /** The version of the latest commit. */
  public long version() {
    return log().latestSnapshot().version();
  }

  /** All commits, newest first. */
  public List<CommitEntry> history() {
    return log().history(0);
  }

  /** Up to {@code limit} commits, newest first. */
  public List<CommitEntry> history(int limit) {
    return log().history(limit);
  }

  /** Deletes every row. */
  public DmlMetrics delete() {
    return new DmlJob(log(), bridge()).delete(null, appId, appVersion, userMetadata);
  }

  /**
   * Deletes the rows for which the SQL predicate is true. Files wholly inside the predicate's
   * partitions are dropped without being read; other files that hold a matching row are rewritten
   * without it.
   *
   * @throws dev.strata.engine.InvalidPredicateException when the predicate does not parse or names
   *     an unknown column
   */
  public DmlMetrics delete(String predicate) {
    return new DmlJob(log(), bridge()).delete(predicate, appId, appVersion, userMetadata);
  }

  /** Deletes the rows for which {@code predicate} is true. */
  public DmlMetrics delete(Column predicate) {
    return new DmlJob(log(), bridge()).delete(predicate, appId, appVersion, userMetadata);
  }

  /**
   * Updates the rows for which the SQL predicate is true (every row when null).
   *
   * @param assignments column name to new value: a {@link Column} or a SQL expression string
   */
  public DmlMetrics update(String predicate, Map<String, ?> assignments) {
    return new DmlJob(log(), bridge())
        .update(predicate, expressions(assignments), appId, appVersion, userMetadata);
  }

  /** Updates the rows for which {@code predicate} is true. */
  public DmlMetrics update(Column predicate, Map<String, ?> assignments) {
    return new DmlJob(log(), bridge())
        .update(predicate, expressions(assignments), appId, appVersion, userMetadata);
  }

  /** Updates every row. */
  public DmlMetrics update(Map<String, ?> assignments) {
    return update((String) null, assignments);
  }

  /**
   * Starts a MERGE of {@code source} into this table. The condition qualifies target columns with
   * this table's alias (set with {@link #as}, default {@code t}) and source columns with the
   * source's alias ({@code source.as("s")}); the source alias is the other qualifier the condition
   * uses.
   */
  public MergeBuilder merge(Dataset source, String condition) {
    return new MergeBuilder(
        log(),
        bridge(),
        source,
        alias,
        MergeBuilder.sourceAlias(condition, alias),
        condition,
        appId,
        appVersion,
        userMetadata);
  }

  /**
   * Sets table properties in one metadata-only commit ({@code SET TBLPROPERTIES}), as Spark's
   * {@code ALTER TABLE ... SET TBLPROPERTIES}. Setting {@code delta.enableDeletionVectors=true}
   * upgrades the protocol to reader 3 / writer 7 with the {@code deletionVectors} feature in the
   * same commit; from then on DELETE, UPDATE and MERGE write deletion vectors.
   *
   * @return the committed version, or -1 when every property already had its value
   * @throws dev.strata.log.ProtocolNotSupportedException when a property needs a table feature
   *     Strata cannot write (e.g. {@code delta.enableChangeDataFeed}); nothing is committed
   */
  public long setProperties(Map<String, String> properties) {
    return setProperties(log(), properties, userMetadata);
  }

  /**
   * As {@link #setProperties(Map)} for the table behind {@code log}; needs no engine.
   *
   * @param userMetadata free text for the commit, or null
   */
  public static long setProperties(
      DeltaLog log, Map<String, String> properties, String userMetadata) {
    return new PropertiesJob(log).set(properties, userMetadata).version();
  }

  /**
   * Removes what crashed or abandoned writes left under {@code _temporary} of this table when
   * nothing there changed for {@code olderThan}: staged files, and promoted files of writes that
   * never committed. Files of writes that did commit are kept.
   *
   * @return the number of abandoned writes cleaned up
   */
  public int abortStaleWrites(Duration olderThan) {
    return abortStaleWrites(path, olderThan);
  }

  /** As {@link #abortStaleWrites(Duration)} for the table at {@code uri}; needs no engine. */
  public static int abortStaleWrites(String uri, Duration olderThan) {
    String table = StoragePaths.normalize(uri);
    DeltaLog log = DeltaLog.forTable(Storages.forPath(table), table);
    long cutoff = System.currentTimeMillis() - olderThan.toMillis();
    return StagedWrite.abortStale(
        log.storage(), table, cutoff, names -> StagedWrite.committedInLog(log, names));
  }

  static Map<String, Object> expressions(Map<String, ?> assignments) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : assignments.entrySet()) {
      Object v = e.getValue();
      if (v instanceof Column || v instanceof String) {
        out.put(e.getKey(), v);
      } else {
        throw new IllegalArgumentException(
            "Assignment to " + e.getKey() + " must be a Column or a SQL string, got " + v);
      }
    }
    return out;
  }

  private DeltaLog log() {
    return DeltaLog.forTable(Storages.forPath(path), path);
  }

  private EngineBridgeImpl bridge() {
    return new EngineBridgeImpl(strata);
  }

  @Override
  public String toString() {
    return "StrataTable(" + path + ")";
  }
}
