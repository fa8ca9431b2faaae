package dev.strata.pipeline.run;

import dev.strata.format.StoragePaths;

/**
 * Where a lakehouse keeps what reports are made of, relative to its root directory. The pipeline
 * runner writes the first two; {@code strata report} and the runner write the third.
 */
public final class ReportPaths {
  private ReportPaths() {}

  /** The engine event log of a run: {@code _strata/events/<runId>.jsonl}. */
  public static String eventLog(String lakehouse, String runId) {
    return StoragePaths.join(lakehouse, "_strata/events/" + safe(runId) + ".jsonl");
  }

  /**
   * The persisted {@link RunReport} of a run: {@code _strata/reports/<runId>.json}, beside its
   * page. Not under {@code _strata/runs/}: that is the pipeline's run-log table, and a file its log
   * does not reference would be removed by VACUUM.
   */
  public static String runModel(String lakehouse, String runId) {
    return StoragePaths.join(lakehouse, "_strata/reports/" + safe(runId) + ".json");
  }

  /** The HTML report of a run: {@code _strata/reports/<runId>.html}. */
  public static String htmlReport(String lakehouse, String runId) {
    return StoragePaths.join(lakehouse, "_strata/reports/" + safe(runId) + ".html");
  }

  // A run id names a file; refusing separators keeps a hostile id from escaping the directory.
  private static String safe(String runId) {
    if (runId.isEmpty()
        || runId.contains("/")
        || runId.contains("\\")
        || runId.equals(".")
        || runId.equals("..")) {
      throw new IllegalArgumentException("Invalid run id '" + runId + "': it names a file");
    }
    return runId;
  }
}
