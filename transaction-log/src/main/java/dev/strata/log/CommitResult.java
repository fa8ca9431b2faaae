package dev.strata.log;

/**
 * The outcome of a successful commit.
 *
 * @param version the committed version
 * @param timestamp the commit timestamp recorded in its {@code commitInfo} (epoch millis)
 * @param attempts how many versions were tried (1 when nothing raced)
 * @param checkpointWritten whether a checkpoint was written after the commit
 */
public record CommitResult(long version, long timestamp, int attempts, boolean checkpointWritten) {}
