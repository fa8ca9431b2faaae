package dev.strata.log;

/**
 * The {@code txn} action: the latest version an application (a pipeline step, a stream) has
 * committed to this table, for idempotent retries.
 *
 * @param lastUpdated epoch milliseconds, null when absent
 */
public record SetTransaction(String appId, long version, Long lastUpdated) implements Action {}
