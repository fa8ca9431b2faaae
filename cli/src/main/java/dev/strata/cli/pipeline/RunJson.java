package dev.strata.cli.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.cli.Json;
import dev.strata.pipeline.Attempt;
import dev.strata.pipeline.NodeOutcome;
import dev.strata.pipeline.RunResult;

/**
 * A pipeline run as JSON: what {@code runs}, {@code run}, {@code backfill} and {@code demo} print.
 */
final class RunJson {
  private RunJson() {}

  /** The run with its per-step summary and every (step, partition) with its attempts. */
  static ObjectNode of(RunResult r) {
    ObjectNode n = Json.object();
    n.put("runId", r.runId());
    n.put("pipeline", r.pipeline());
    n.put("status", r.status().name());
    n.put("start", r.start().toString());
    n.put("end", r.end().toString());
    n.put("durationMs", r.duration().toMillis());
    ArrayNode parts = n.putArray("partitions");
    r.partitions().forEach(k -> parts.add(k.value()));
    n.put("force", r.force());
    n.put("parallelism", r.parallelism());
    if (r.report() != null) {
      n.put("report", r.report());
    }
    ArrayNode steps = n.putArray("steps");
    for (RunResult.StepSummary s : r.stepSummaries()) {
      ObjectNode sn = steps.addObject();
      sn.put("step", s.step());
      sn.put("succeeded", s.succeeded());
      sn.put("skipped", s.skipped());
      sn.put("failed", s.failed());
      sn.put("notRun", s.notRun());
      sn.put("retried", s.retried());
      sn.put("rowsWritten", s.rowsWritten());
      sn.put("timeMs", s.time().toMillis());
    }
    ArrayNode nodes = n.putArray("nodes");
    for (NodeOutcome o : r.outcomes()) {
      ObjectNode on = nodes.addObject();
      on.put("step", o.step());
      on.put("partition", o.partition().value());
      on.put("status", o.status().name());
      on.put("generation", o.generation());
      on.put("rowsWritten", o.rowsWritten());
      if (o.tableVersion().isPresent()) {
        on.put("tableVersion", o.tableVersion().getAsLong());
      }
      on.put("target", o.target());
      if (o.start() != null) {
        on.put("start", o.start().toString());
      }
      if (o.end() != null) {
        on.put("end", o.end().toString());
      }
      if (o.error() != null) {
        on.put("error", o.error());
      }
      if (o.trackingUrl() != null) {
        on.put("trackingUrl", o.trackingUrl());
      }
      ArrayNode as = on.putArray("attempts");
      for (Attempt a : o.attempts()) {
        ObjectNode an = as.addObject();
        an.put("number", a.number());
        an.put("status", a.status().name());
        an.put("start", a.start().toString());
        an.put("end", a.end().toString());
        if (a.error() != null) {
          an.put("error", a.error());
        }
        if (a.failureClass() != null) {
          an.put("errorClass", a.failureClass().name());
        }
      }
    }
    return n;
  }
}
