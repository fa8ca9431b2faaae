package dev.strata.engine.internal.exec;

import java.util.HashMap;
import java.util.Map;

/** Counters of one task attempt; written by its thread only. */
public final class TaskMetrics {
  public long inputRows;
  public long inputBytes;
  public long outputRows;
  public long shuffleReadBytes;
  public long shuffleWriteBytes;
  public long spillBytes;
  public boolean cacheHit;
  public final Map<String, Long> custom = new HashMap<>();
}
