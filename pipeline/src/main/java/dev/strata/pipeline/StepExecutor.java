package dev.strata.pipeline;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Executes one attempt of a (step, partition): an engine transformation or a spark-submit. */
final class StepExecutor implements Scheduler.Work {
  private static final Logger LOG = LoggerFactory.getLogger(StepExecutor.class);

  private final Pipeline pipeline;
  private final String runId;
  private final Map<String, String> config;
  private final RunListener listener;
  private final Set<String> failAt;
  private final TransformRunner transforms;

  StepExecutor(
      Pipeline pipeline,
      String runId,
      Map<String, String> config,
      RunListener listener,
      Set<String> failAt,
      TransformRunner transforms) {
    this.pipeline = pipeline;
    this.runId = runId;
    this.config = config;
    this.listener = listener;
    this.failAt = failAt;
    this.transforms = transforms;
  }

  /** Runs in-JVM steps; provided by the engine-facing part of the run. */
  interface TransformRunner {
    Scheduler.NodeResult run(Step step, PlanNode node, long version) throws Exception;
  }

  @Override
  public Scheduler.NodeResult execute(PlanNode node, long version, int attempt) throws Exception {
    if (failAt.contains(node.jobTag())) {
      throw new PipelineException(
          "Injected failure of "
              + node.jobTag()
              + " (attempt "
              + attempt
              + ", --fail-at "
              + node.step
              + ":"
              + node.key.label()
              + ")");
    }
    Step step = pipeline.step(node.step);
    if (step instanceof SparkSubmitStep s) {
      return sparkSubmit(s, node, version);
    }
    return transforms.run(step, node, version);
  }

  private Scheduler.NodeResult sparkSubmit(SparkSubmitStep step, PlanNode node, long version)
      throws Exception {
    Map<String, String> ph = new LinkedHashMap<>();
    ph.put("partition", node.key.value());
    ph.put("appId", node.appId);
    ph.put("version", Long.toString(version));
    ph.put("target", node.target);
    ph.put("step", node.step);
    ph.put("runId", runId);
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(step.environment(ph));
    var cmd = step.command(ph, env, config);
    LOG.info("{}: {}", node.jobTag(), String.join(" ", cmd));
    SparkSubmitProcess.Outcome o =
        SparkSubmitProcess.run(
            cmd,
            step.environment(ph),
            line -> {
              LOG.info("{} | {}", node.jobTag(), line);
              listener.output(node.step, node.key, line);
            });
    if (o.exitCode() != 0) {
      throw new PipelineException(
          "spark-submit of step '"
              + node.step
              + "' for partition "
              + node.key.label()
              + " exited with code "
              + o.exitCode()
              + (o.trackingUrl() == null ? "" : " (tracking URL " + o.trackingUrl() + ")")
              + ". Last lines of its standard error:\n"
              + o.stderrTail()
              + (o.stdoutTail().isEmpty()
                  ? ""
                  : "\nLast lines of its standard output:\n" + o.stdoutTail()));
    }
    OptionalLong committed = Commits.txnVersion(node.target, node.appId);
    if (committed.isEmpty() || committed.getAsLong() < version) {
      throw new PipelineException(
          "spark-submit of step '"
              + node.step
              + "' for partition "
              + node.key.label()
              + " exited with code 0, but table "
              + node.target
              + " holds "
              + (committed.isEmpty() ? "no txn" : "txn version " + committed.getAsLong())
              + " for app id '"
              + node.appId
              + "' (expected version "
              + version
              + "). The application"
              + " must write its output with the idempotency marker it is given"
              + " (spark.strata.txn.appId / spark.strata.txn.version).");
    }
    var details = Commits.findTxnCommit(node.target, node.appId, version);
    return new Scheduler.NodeResult(
        details.map(Commits.Details::rowsWritten).orElse(0L),
        details.map(d -> OptionalLong.of(d.version())).orElse(OptionalLong.empty()),
        details.map(Commits.Details::commitInfo).orElse(Map.of()),
        false,
        o.trackingUrl());
  }
}
