package dev.strata.log;

import java.util.List;

/**
 * One commit in a table's history.
 *
 * @param version the commit version
 * @param timestamp the commit timestamp (file modification time, made strictly increasing over the
 *     versions as Delta does), epoch millis
 * @param info the commit's {@code commitInfo}, null when the writer wrote none
 * @param txns the {@code txn} actions of the commit
 */
public record CommitEntry(
    long version, long timestamp, CommitInfo info, List<SetTransaction> txns) {
  public CommitEntry {
    txns = List.copyOf(txns);
  }
}
