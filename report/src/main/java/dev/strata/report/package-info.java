/**
 * Run reports: a pipeline run and the engine jobs it ran, rendered as one self-contained HTML page.
 *
 * <p>Two inputs feed a report:
 *
 * <ul>
 *   <li>{@link dev.strata.pipeline.run.RunReport}, the pipeline's own account of a run (steps
 *       &times; partitions, outcomes, attempts, dependencies, table changes), built by the pipeline
 *       runner and persisted with {@link dev.strata.report.RunReportJson} under {@code
 *       _strata/reports/<runId>.json};
 *   <li>{@link dev.strata.report.EngineEventLog}, the engine's JSON-lines event log (jobs, stages,
 *       tasks), found under {@code _strata/events/<runId>.jsonl}.
 * </ul>
 *
 * <p>{@link dev.strata.report.HtmlReportWriter} joins them: a job belongs to the (step, partition)
 * whose {@link dev.strata.pipeline.run.StepRun#tag()} ({@code step/partition}) equals the job's
 * tag, or whose {@link dev.strata.pipeline.run.StepRun#jobIds()} lists it.
 *
 * <h2>What the pipeline runner does</h2>
 *
 * <ol>
 *   <li>Open the engine session with its event log at {@link
 *       dev.strata.pipeline.run.ReportPaths#eventLog(String, String)} and set each (step,
 *       partition)'s job tag to {@link dev.strata.pipeline.run.StepKey#tag()} while it runs.
 *   <li>After the run, build a {@code RunReport}: one {@link dev.strata.pipeline.run.StepRun} per
 *       (step, partition) with its {@link dev.strata.engine.events.Status} (the page draws a
 *       success after failed attempts as retried, and a node that never started, upstream failure
 *       or cancellation, as blocked), its {@link dev.strata.pipeline.run.StepAttempt}s, and its
 *       {@link dev.strata.pipeline.run.TableChange} ({@link
 *       dev.strata.pipeline.run.TableChange#fromCommitInfo(String, long, java.util.Map)} reads the
 *       counts from the commit's operation metrics); one {@link dev.strata.pipeline.run.StepEdge}
 *       per dependency.
 *   <li>Hand it to every {@link dev.strata.pipeline.run.RunReportWriter} on the classpath. This
 *       module registers {@link dev.strata.report.HtmlRunReportWriter}, which saves the model with
 *       {@code RunReportJson.toJson} to {@link dev.strata.pipeline.run.ReportPaths#runModel(String,
 *       String)} and writes the page to {@link
 *       dev.strata.pipeline.run.ReportPaths#htmlReport(String, String)}. {@code strata report
 *       RUN_ID} renders the same page again from the two files.
 * </ol>
 */
package dev.strata.report;
