/**
 * Run reports: a pipeline run and the engine jobs it ran, rendered as one self-contained HTML page.
 *
 * <p>Two inputs feed a report:
 *
 * <ul>
 *   <li>{@link dev.strata.report.RunReport}, the pipeline's own account of a run (steps &times;
 *       partitions, outcomes, attempts, table changes), built by the pipeline runner and persisted
 *       with {@link dev.strata.report.RunReportJson} under {@code _strata/runs/<runId>.json};
 *   <li>{@link dev.strata.report.EngineEventLog}, the engine's JSON-lines event log (jobs, stages,
 *       tasks), found under {@code _strata/events/<runId>.jsonl}.
 * </ul>
 *
 * <p>{@link dev.strata.report.HtmlReportWriter} joins them: a job belongs to the (step, partition)
 * whose {@link dev.strata.report.StepRun#tag()} equals the job's tag, or whose {@link
 * dev.strata.report.StepRun#jobIds()} lists it.
 */
package dev.strata.report;
