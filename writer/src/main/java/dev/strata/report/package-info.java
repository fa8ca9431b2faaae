/**
 * Run reports: a pipeline run and the engine jobs it ran, rendered as one self-contained HTML page.
 *
 * <p>Two inputs feed a report:
 *
 * <ul>
 *   <li>{@link dev.strata.report.RunReport}, the pipeline's own account of a run (steps &times;
 *       partitions, outcomes, attempts, dependencies, table changes), built by the pipeline runner
 *       and persisted with {@link dev.strata.report.RunReportJson} under {@code
 *       _strata/reports/<runId>.json};
 *   <li>{@link dev.strata.report.EngineEventLog}, the engine's JSON-lines event log (jobs, stages,
 *       tasks), found under {@code _strata/events/<runId>.jsonl}.
 * </ul>
 *
 * <p>{@link dev.strata.report.HtmlReportWriter} joins them: a job belongs to the (step, partition)
 * whose {@link dev.strata.report.StepRun#tag()} ({@code step/partition}) equals the job's tag, or
 * whose {@link dev.strata.report.StepRun#jobIds()} lists it.
 *
 * <h2>What a pipeline runner does</h2>
 *
 * <ol>
 *   <li>Open the engine session with its event log at {@link
 *       dev.strata.report.ReportPaths#eventLog(String, String)} and set each (step, partition)'s
 *       job tag to {@link dev.strata.report.StepKey#tag()} while it runs.
 *   <li>After the run, build a {@code RunReport}: one {@link dev.strata.report.StepRun} per (step,
 *       partition) with its {@link dev.strata.report.StepOutcome} (a success after failed attempts
 *       is {@code RETRIED}; not started because of an upstream failure or cancellation is {@code
 *       BLOCKED}), its {@link dev.strata.report.StepAttempt}s, and its {@link
 *       dev.strata.report.TableChange} ({@link dev.strata.report.TableChange#fromCommitInfo(String,
 *       long, java.util.Map)} reads the counts from the commit's operation metrics); one {@link
 *       dev.strata.report.StepEdge} per dependency.
 *   <li>Save it with {@code RunReportJson.toJson} to {@link
 *       dev.strata.report.ReportPaths#runModel(String, String)} and write the page with {@link
 *       dev.strata.report.HtmlReportWriter#write(RunReport, EngineEventLog,
 *       dev.strata.format.Storage, String)} to {@link
 *       dev.strata.report.ReportPaths#htmlReport(String, String)}. {@code strata report RUN_ID}
 *       renders the same page again from the two files.
 * </ol>
 */
package dev.strata.report;
