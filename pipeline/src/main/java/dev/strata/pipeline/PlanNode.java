package dev.strata.pipeline;

import dev.strata.engine.events.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** One (step, partition) of a run: its place in the DAG, its idempotency version and its state. */
final class PlanNode {
  final int index;
  final String step;
  final PartitionKey key;
  final String appId;
  final String target;
  final RetryPolicy retry;

  /** Order among steps, for scheduling preference. */
  final int stepOrder;

  /** Order among partitions, for scheduling preference. */
  final int keyOrder;

  final List<PlanNode> deps = new ArrayList<>();
  final List<PlanNode> dependents = new ArrayList<>();

  /** The version this node's write carries. */
  long version = 1;

  /** The txn version the target already holds for {@link #appId}, if any. */
  OptionalLong committedVersion = OptionalLong.empty();

  /** Already committed at {@link #version}: skip unless upstream changed (see below). */
  boolean committed;

  /**
   * For unpartitioned steps: when anything they read was rewritten in this run, redo them with the
   * next version, because their one write covers every partition.
   */
  boolean redoWhenUpstreamChanged;

  // run state, touched only by the scheduler's coordinator thread
  Status status;
  final List<Attempt> attempts = new ArrayList<>();
  Instant start;
  Instant end;
  int pendingDeps;
  long rowsWritten;
  OptionalLong tableVersion = OptionalLong.empty();
  Map<String, Object> commitInfo = Map.of();
  String trackingUrl;
  String error;

  PlanNode(
      int index,
      String step,
      int stepOrder,
      PartitionKey key,
      int keyOrder,
      String appId,
      String target,
      RetryPolicy retry) {
    this.index = index;
    this.step = step;
    this.stepOrder = stepOrder;
    this.key = key;
    this.keyOrder = keyOrder;
    this.appId = appId;
    this.target = target;
    this.retry = retry;
  }

  /** The engine job tag, as run reports match it: {@code step/partition}, or the step alone. */
  String jobTag() {
    return key.isUnpartitioned() ? step : step + "/" + key.value();
  }

  NodeOutcome outcome() {
    return new NodeOutcome(
        step,
        key,
        status,
        version,
        appId,
        target,
        attempts,
        start,
        end,
        rowsWritten,
        tableVersion,
        commitInfo,
        jobTag(),
        trackingUrl,
        error);
  }

  @Override
  public String toString() {
    return jobTag();
  }
}
