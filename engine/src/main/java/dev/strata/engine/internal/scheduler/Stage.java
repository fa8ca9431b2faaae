package dev.strata.engine.internal.scheduler;

import dev.strata.engine.internal.exec.BroadcastExchangeExec;
import dev.strata.engine.internal.exec.PhysicalNode;
import dev.strata.engine.internal.exec.ShuffleExchangeExec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A set of fused operators run as one task per partition, ending at an exchange or the result. */
final class Stage {
  final int id;
  final PhysicalNode root;

  /** The exchange this stage feeds (null for the result stage). */
  final PhysicalNode exchange;

  final List<Stage> parents = new ArrayList<>();
  final int numTasks;
  final List<String> operators = new ArrayList<>();

  // progress, owned by the driver thread
  int finished;
  boolean submitted;
  boolean done;

  /** Its output is cached: no task runs (set before the job starts). */
  boolean skipped;

  long start;
  long end;
  int failedAttempts;
  long broadcastBytes;
  final Object[] results;
  long inputRows, inputBytes, outputRows, shuffleRead, shuffleWrite, spill;
  final Map<String, Long> custom = new TreeMap<>();

  Stage(int id, PhysicalNode root, PhysicalNode exchange) {
    this.id = id;
    this.root = root;
    this.exchange = exchange;
    this.numTasks = root.numPartitions();
    this.results = new Object[numTasks];
  }

  String exchangeName() {
    if (exchange instanceof ShuffleExchangeExec s) {
      return s.exchangeName();
    }
    if (exchange instanceof BroadcastExchangeExec) {
      return "broadcast";
    }
    return "none";
  }

  String name() {
    List<String> reversed = new ArrayList<>(operators);
    java.util.Collections.reverse(reversed);
    String n =
        String.join(
            " <- ",
            reversed.stream().map(s -> s.length() > 60 ? s.substring(0, 57) + "..." : s).toList());
    return n;
  }
}
