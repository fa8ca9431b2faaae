package dev.strata.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps of a pipeline as a graph, independent of how each step executes: validated (unknown
 * dependencies, cycles) and ordered topologically.
 */
final class StepGraph {

  /** What the scheduler needs to know of a step. */
  record StepNode(String name, boolean partitioned, List<String> dependsOn, RetryPolicy retry) {
    StepNode {
      dependsOn = List.copyOf(dependsOn);
    }
  }

  private final List<StepNode> topological;
  private final Map<String, StepNode> byName;

  private StepGraph(List<StepNode> topological) {
    this.topological = List.copyOf(topological);
    Map<String, StepNode> m = new LinkedHashMap<>();
    topological.forEach(s -> m.put(s.name(), s));
    this.byName = m;
  }

  /**
   * Validates the steps and orders them so that every step comes after the steps it reads.
   *
   * @throws PipelineException on a duplicate name, an unknown dependency or a cycle (named)
   */
  static StepGraph of(String pipeline, List<StepNode> steps) {
    Map<String, StepNode> byName = new LinkedHashMap<>();
    for (StepNode s : steps) {
      if (byName.put(s.name(), s) != null) {
        throw new PipelineException(
            "Pipeline '" + pipeline + "' has two steps named '" + s.name() + "'; rename one.");
      }
    }
    for (StepNode s : steps) {
      for (String d : s.dependsOn()) {
        if (!byName.containsKey(d)) {
          throw new PipelineException(
              "Step '"
                  + s.name()
                  + "' of pipeline '"
                  + pipeline
                  + "' depends on unknown step '"
                  + d
                  + "'.");
        }
      }
    }
    // Iterative depth-first search: 0 = unvisited, 1 = on the current path, 2 = done.
    Map<String, Integer> color = new HashMap<>();
    List<StepNode> order = new ArrayList<>();
    for (StepNode root : steps) {
      if (color.getOrDefault(root.name(), 0) != 0) {
        continue;
      }
      Deque<StepNode> path = new ArrayDeque<>();
      Deque<Integer> nextDep = new ArrayDeque<>();
      path.push(root);
      nextDep.push(0);
      color.put(root.name(), 1);
      while (!path.isEmpty()) {
        StepNode top = path.peek();
        int i = nextDep.pop();
        if (i < top.dependsOn().size()) {
          nextDep.push(i + 1);
          StepNode dep = byName.get(top.dependsOn().get(i));
          int c = color.getOrDefault(dep.name(), 0);
          if (c == 1) {
            throw new PipelineException(
                "Pipeline '"
                    + pipeline
                    + "' has a cycle: "
                    + cycle(path, dep.name())
                    + ". A step must not read, directly or through other steps, the table it writes.");
          }
          if (c == 0) {
            color.put(dep.name(), 1);
            path.push(dep);
            nextDep.push(0);
          }
        } else {
          path.pop();
          color.put(top.name(), 2);
          order.add(top);
        }
      }
    }
    return new StepGraph(order);
  }

  private static String cycle(Deque<StepNode> path, String repeated) {
    List<String> names = new ArrayList<>();
    for (var it = path.descendingIterator(); it.hasNext(); ) {
      names.add(it.next().name());
    }
    List<String> loop = new ArrayList<>(names.subList(names.indexOf(repeated), names.size()));
    loop.add(repeated);
    // Edges point from a step to what it reads; show the data flow instead (reader last).
    java.util.Collections.reverse(loop);
    return String.join(" -> ", loop);
  }

  /** Steps in dependency order. */
  List<StepNode> topological() {
    return topological;
  }

  StepNode step(String name) {
    return byName.get(name);
  }
}
