package dev.strata.report;

import java.util.Locale;

/** Status of an engine job, stage or task as the event log reports it. */
public enum EngineStatus {
  SUCCESS,
  FAILED,
  /**
   * A task killed because its stage or job was cancelled; a stage that never finished because its
   * job ended first (another stage failed).
   */
  KILLED,
  /** A stage whose output came from the cache, so none of its tasks ran. */
  SKIPPED,
  /** Started but no end event was logged (the process died or the log was cut). */
  RUNNING,
  /** A status string this reader does not know (written by a newer engine). */
  UNKNOWN;

  static EngineStatus parse(String s) {
    if (s == null || s.isEmpty()) {
      return RUNNING;
    }
    try {
      return valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return UNKNOWN;
    }
  }
}
