/**
 * The run model: a finished pipeline run as its runner saw it ({@link
 * dev.strata.pipeline.run.RunReport}: steps &times; partitions, outcomes, attempts, dependencies,
 * table changes), where a lakehouse keeps a run's files ({@link
 * dev.strata.pipeline.run.ReportPaths}), and the service interface through which renderers in
 * modules above the pipeline receive each run ({@link dev.strata.pipeline.run.RunReportWriter}).
 *
 * <p>The model lives with the pipeline, not with its renderers, so that imports run one way: the
 * report module reads this package; nothing here knows the report module.
 */
package dev.strata.pipeline.run;
