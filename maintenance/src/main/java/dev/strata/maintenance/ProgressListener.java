package dev.strata.maintenance;

/**
 * Receives progress of long maintenance work (files read, rewritten or deleted). Called from worker
 * threads; implementations must be thread-safe and fast.
 */
public interface ProgressListener {
  /** Ignores everything. */
  ProgressListener NONE = new ProgressListener() {};

  /** A phase starts with {@code total} units of work ({@code unit} names them: "files"). */
  default void start(String phase, long total, String unit) {}

  /** {@code units} more units are done in the current phase. */
  default void advance(long units) {}

  /** The current phase is done. */
  default void finish() {}
}
