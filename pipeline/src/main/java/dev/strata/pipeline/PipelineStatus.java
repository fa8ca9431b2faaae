package dev.strata.pipeline;

import dev.strata.engine.Strata;
import dev.strata.engine.events.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The grid of a pipeline's (step, partition)s over a range of keys: what committed (the target
 * holds the step's txn for the key), what failed or was blocked in the latest run that tried it,
 * and what is missing. Read from the targets' logs and the run log; changes nothing.
 *
 * @param pipeline the pipeline's name
 * @param keys the partition keys, in order (empty for an unpartitioned pipeline)
 * @param steps the step names, in dependency order
 * @param cells one per step and key (one per unpartitioned step), in step then key order
 */
public record PipelineStatus(
    String pipeline, List<PartitionKey> keys, List<String> steps, List<Cell> cells) {

  /** The state of one (step, partition). */
  public enum State {
    /** The target holds the step's txn marker for the partition. */
    COMMITTED,
    /** Not committed; the latest run that tried it failed there. */
    FAILED,
    /** Not committed; the latest run that planned it did not run it because its input failed. */
    BLOCKED,
    /** Never committed and not failed in a recorded run. */
    MISSING
  }

  /**
   * One (step, partition).
   *
   * @param step the step
   * @param partition the key ({@link PartitionKey#UNPARTITIONED} for unpartitioned steps)
   * @param state its state
   * @param generation the committed generation (0 when none)
   * @param runId the latest recorded run that ran or blocked it, or null
   * @param error the first line of its last error when failed or blocked, or null
   */
  public record Cell(
      String step,
      PartitionKey partition,
      State state,
      long generation,
      String runId,
      String error) {}

  /** Validates. */
  public PipelineStatus {
    keys = List.copyOf(keys);
    steps = List.copyOf(steps);
    cells = List.copyOf(cells);
  }

  /** The grid of {@code pipeline} over {@code keys}, reading its run log through {@code strata}. */
  public static PipelineStatus of(Pipeline pipeline, Strata strata, List<PartitionKey> keys) {
    Map<String, String> targets = new LinkedHashMap<>();
    pipeline.steps().forEach(s -> targets.put(s.name(), pipeline.table(s.target())));
    Planner.TxnSource txns = Commits.txnSource(targets);
    // Newest first: the first outcome met per node that was not a skip is its latest attempt.
    Map<String, NodeOutcome> latest = new HashMap<>();
    Map<String, String> latestRun = new HashMap<>();
    for (RunResult r : new TableRunLog(strata, pipeline.runLogTable()).runs(pipeline.name(), 0)) {
      for (NodeOutcome o : r.outcomes()) {
        if (o.status() == Status.SKIPPED) {
          continue;
        }
        String tag = o.jobTag();
        if (latest.putIfAbsent(tag, o) == null) {
          latestRun.put(tag, r.runId());
        }
      }
    }
    List<String> steps = new ArrayList<>();
    List<Cell> cells = new ArrayList<>();
    for (StepGraph.StepNode s : pipeline.graph().topological()) {
      steps.add(s.name());
      List<PartitionKey> stepKeys = s.partitioned() ? keys : List.of(PartitionKey.UNPARTITIONED);
      for (PartitionKey k : stepKeys) {
        String tag = k.isUnpartitioned() ? s.name() : s.name() + "/" + k.value();
        OptionalLong committed =
            txns.txnVersion(s.name(), Planner.appId(pipeline.name(), s.name(), k));
        NodeOutcome last = latest.get(tag);
        State state;
        if (committed.isPresent()) {
          state = State.COMMITTED;
        } else if (last != null && last.status() == Status.FAILED) {
          state = State.FAILED;
        } else if (last != null && last.status() == Status.UPSTREAM_FAILED) {
          state = State.BLOCKED;
        } else {
          state = State.MISSING;
        }
        String error =
            state == State.FAILED || state == State.BLOCKED ? firstLine(last.error()) : null;
        cells.add(
            new Cell(
                s.name(),
                k,
                state,
                committed.orElse(0),
                last == null ? null : latestRun.get(tag),
                error));
      }
    }
    return new PipelineStatus(pipeline.name(), keys, steps, cells);
  }

  /** The cell of a step and key. */
  public Cell cell(String step, PartitionKey key) {
    for (Cell c : cells) {
      if (c.step().equals(step) && c.partition().equals(key)) {
        return c;
      }
    }
    throw new IllegalArgumentException("No cell " + step + "/" + key.value() + " in " + pipeline);
  }

  /** How many cells are in {@code state}. */
  public long count(State state) {
    return cells.stream().filter(c -> c.state() == state).count();
  }

  /**
   * The grid as text: a row per key, a column per step, {@code ok}, {@code FAILED}, {@code blocked}
   * or {@code -} (missing); unpartitioned steps in a last row.
   */
  public String text() {
    List<String[]> rows = new ArrayList<>();
    List<String> header = new ArrayList<>();
    header.add("partition");
    header.addAll(steps);
    rows.add(header.toArray(String[]::new));
    List<PartitionKey> rowKeys = new ArrayList<>(keys);
    boolean anyUnpartitioned = cells.stream().anyMatch(c -> c.partition().isUnpartitioned());
    if (anyUnpartitioned) {
      rowKeys.add(PartitionKey.UNPARTITIONED);
    }
    for (PartitionKey k : rowKeys) {
      List<String> row = new ArrayList<>();
      row.add(k.isUnpartitioned() ? "(all)" : k.value());
      for (String s : steps) {
        row.add(
            cells.stream()
                .filter(c -> c.step().equals(s) && c.partition().equals(k))
                .findFirst()
                .map(PipelineStatus::symbol)
                .orElse(""));
      }
      rows.add(row.toArray(String[]::new));
    }
    StringBuilder out = new StringBuilder(RunText.table(rows));
    out.append(
        String.format(
            "%d committed, %d failed, %d blocked, %d missing%n",
            count(State.COMMITTED),
            count(State.FAILED),
            count(State.BLOCKED),
            count(State.MISSING)));
    return out.toString();
  }

  private static String symbol(Cell c) {
    return switch (c.state()) {
      case COMMITTED -> "ok (g" + c.generation() + ")";
      case FAILED -> "FAILED";
      case BLOCKED -> "blocked";
      case MISSING -> "-";
    };
  }

  private static String firstLine(String s) {
    if (s == null) {
      return null;
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
