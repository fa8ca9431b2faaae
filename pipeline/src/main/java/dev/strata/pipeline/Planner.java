package dev.strata.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

/** Expands the step graph over the requested partitions and decides each node's version. */
final class Planner {

  /** What the targets already hold: the txn version of an app id in a step's target table. */
  interface TxnSource {
    OptionalLong txnVersion(String step, String appId);
  }

  private Planner() {}

  static String appId(String pipeline, String step, PartitionKey key) {
    return pipeline + "/" + step + "/" + key.label();
  }

  /**
   * One node per (partitioned step, key) and one per unpartitioned step. A partitioned step's node
   * reads the same key of partitioned steps and the single node of unpartitioned ones; an
   * unpartitioned step's node reads every node of the steps it depends on.
   */
  static List<PlanNode> expand(
      String pipeline,
      StepGraph graph,
      List<PartitionKey> keys,
      Function<String, String> targetOf,
      RetryPolicy defaultRetry) {
    List<PlanNode> nodes = new ArrayList<>();
    Map<String, Map<PartitionKey, PlanNode>> byStep = new HashMap<>();
    List<StepGraph.StepNode> steps = graph.topological();
    for (int s = 0; s < steps.size(); s++) {
      StepGraph.StepNode step = steps.get(s);
      RetryPolicy retry = step.retry() != null ? step.retry() : defaultRetry;
      Map<PartitionKey, PlanNode> mine = new LinkedHashMap<>();
      List<PartitionKey> stepKeys = step.partitioned() ? keys : List.of(PartitionKey.UNPARTITIONED);
      for (int k = 0; k < stepKeys.size(); k++) {
        PartitionKey key = stepKeys.get(k);
        PlanNode n =
            new PlanNode(
                nodes.size(),
                step.name(),
                s,
                key,
                step.partitioned() ? k : Integer.MAX_VALUE,
                appId(pipeline, step.name(), key),
                targetOf.apply(step.name()),
                retry);
        for (String d : step.dependsOn()) {
          Map<PartitionKey, PlanNode> up = byStep.get(d);
          if (!step.partitioned()) {
            n.deps.addAll(up.values());
          } else if (up.containsKey(key)) {
            n.deps.add(up.get(key));
          } else {
            n.deps.add(up.get(PartitionKey.UNPARTITIONED));
          }
        }
        for (PlanNode d : n.deps) {
          d.dependents.add(n);
        }
        mine.put(key, n);
        nodes.add(n);
      }
      byStep.put(step.name(), mine);
    }
    return nodes;
  }

  /**
   * The generation of a partition is the highest version any of its (step, partition)s has
   * committed (1 for a fresh partition); a forced run uses the next one. Nodes that already hold
   * the partition's generation are skipped, so a rerun redoes exactly what did not commit. Keeping
   * one generation per partition (not per pipeline) lets {@code --force} on one day leave the other
   * days' generations, and so their skips, alone.
   */
  static void assignVersions(List<PlanNode> nodes, TxnSource txns, boolean force) {
    Map<PartitionKey, Long> generation = new HashMap<>();
    for (PlanNode n : nodes) {
      n.committedVersion = txns.txnVersion(n.step, n.appId);
      if (!n.key.isUnpartitioned()) {
        long c = n.committedVersion.orElse(0);
        generation.merge(n.key, c, Math::max);
      }
    }
    for (PlanNode n : nodes) {
      long c = n.committedVersion.orElse(0);
      if (n.key.isUnpartitioned()) {
        n.version = force ? c + 1 : Math.max(c, 1);
        n.redoWhenUpstreamChanged = true;
      } else {
        long g = generation.get(n.key);
        n.version = force ? g + 1 : Math.max(g, 1);
      }
      n.committed = n.committedVersion.isPresent() && c >= n.version;
    }
  }

  /** Marks every node that holds any generation as committed, so that only the others run. */
  static void keepOnlyMissing(List<PlanNode> nodes) {
    for (PlanNode n : nodes) {
      if (n.committedVersion.isPresent()) {
        n.committed = true;
        n.redoWhenUpstreamChanged = false;
      }
    }
  }
}
