package dev.strata.engine;

import dev.strata.format.StoragePaths;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.log.ChangeDataFeed;
import dev.strata.log.DeltaLog;
import java.time.Instant;
import java.util.List;

/**
 * Reads the change data feed of a table ({@code delta.enableChangeDataFeed=true}) as a Dataset: the
 * table's columns plus {@code _change_type} ({@code insert}, {@code delete}, {@code
 * update_preimage}, {@code update_postimage}), {@code _commit_version} and {@code
 * _commit_timestamp}, as Spark's {@code table_changes} returns them.
 *
 * <pre>{@code
 * Dataset changes = strata.read().changes("lakehouse/silver/orders").startingVersion(12).load();
 * }</pre>
 *
 * The changes of the range are read when {@link #load} is called and held in memory.
 */
public final class ChangesReader {
  private final Strata strata;
  private final String uri;
  private final ChangeDataFeed feed;

  ChangesReader(Strata strata, String uri) {
    this.strata = strata;
    this.uri = StoragePaths.normalize(uri);
    this.feed = ChangeDataFeed.forTable(DeltaLog.forTable(this.uri));
  }

  /** The first version whose changes are returned (default 0). */
  public ChangesReader startingVersion(long version) {
    feed.startingVersion(version);
    return this;
  }

  /** The last version whose changes are returned (default: the latest). */
  public ChangesReader endingVersion(long version) {
    feed.endingVersion(version);
    return this;
  }

  /** Starts at the first version committed at or after {@code time}. */
  public ChangesReader startingTimestamp(Instant time) {
    feed.startingTimestamp(time);
    return this;
  }

  /** Ends at the last version committed at or before {@code time}. */
  public ChangesReader endingTimestamp(Instant time) {
    feed.endingTimestamp(time);
    return this;
  }

  /**
   * The change rows.
   *
   * @throws dev.strata.format.StrataException naming the version whose changes cannot be
   *     reconstructed (the feed was off then, or its files were vacuumed)
   */
  public Dataset load() {
    List<ColumnBatch> batches = feed.read();
    if (batches.isEmpty()) {
      return strata.emptyDataset(
          ChangeDataFeed.schema(DeltaLog.forTable(uri).latestSnapshot().schema()));
    }
    return strata.createDataset(batches.get(0).schema(), batches);
  }
}
