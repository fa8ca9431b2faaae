package dev.strata.pipeline.run;

/**
 * Writes the report of a finished pipeline run. The pipeline runner builds the {@link RunReport}
 * but does not render it: renderers live in modules above the pipeline (the report module writes
 * {@code _strata/reports/<runId>.html}), register an implementation in {@code
 * META-INF/services/dev.strata.pipeline.run.RunReportWriter}, and the runner finds every one on the
 * classpath with {@link java.util.ServiceLoader}. With none on the classpath a run writes no
 * report.
 *
 * <p>An implementation must have a public no-argument constructor and be safe to call from several
 * runs at once.
 */
public interface RunReportWriter {
  /**
   * Writes the report of {@code run}, whose engine event log is at {@link
   * ReportPaths#eventLog(String, String)} (it may be missing: a run without in-JVM steps, or one
   * run with the event log off).
   *
   * @param lakehouse the pipeline's lakehouse root, under which {@link ReportPaths} places files
   * @param run what the runner saw
   * @return the storage path of the page a user opens, or null when this writer produces none
   * @throws RuntimeException when the report cannot be written; the runner logs it and the run's
   *     outcome does not change
   */
  String write(String lakehouse, RunReport run);
}
