package dev.strata.engine.internal.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Tree rewrites of logical plans for code outside this package (caching, checkpoints). */
public final class PlanRewrite {
  private PlanRewrite() {}

  /**
   * Replaces nodes top-down: {@code f} returns a replacement (whose subtree is not visited) or null
   * to keep the node and visit its children.
   */
  public static LogicalPlan transformDown(LogicalPlan p, Function<LogicalPlan, LogicalPlan> f) {
    LogicalPlan r = f.apply(p);
    if (r != null) {
      return r;
    }
    List<LogicalPlan> kids = new ArrayList<>();
    for (LogicalPlan c : p.children()) {
      kids.add(transformDown(c, f));
    }
    return Planner.withChildren(p, kids);
  }

  /** The longest path from this node to a leaf (1 for a leaf). */
  public static int depth(LogicalPlan p) {
    int d = 0;
    for (LogicalPlan c : p.children()) {
      d = Math.max(d, depth(c));
    }
    return d + 1;
  }
}
