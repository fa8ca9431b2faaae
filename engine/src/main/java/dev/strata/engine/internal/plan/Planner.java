package dev.strata.engine.internal.plan;

import dev.strata.engine.internal.exec.BroadcastExchangeExec;
import dev.strata.engine.internal.exec.CoalesceExec;
import dev.strata.engine.internal.exec.DedupeExec;
import dev.strata.engine.internal.exec.FilterExec;
import dev.strata.engine.internal.exec.HashAggregateExec;
import dev.strata.engine.internal.exec.HashJoinExec;
import dev.strata.engine.internal.exec.LimitExec;
import dev.strata.engine.internal.exec.PhysicalNode;
import dev.strata.engine.internal.exec.ProjectExec;
import dev.strata.engine.internal.exec.ScanExec;
import dev.strata.engine.internal.exec.ShuffleExchangeExec;
import dev.strata.engine.internal.exec.SortExec;
import dev.strata.engine.internal.exec.UnionExec;
import dev.strata.engine.internal.expr.AggFunctions;
import dev.strata.engine.internal.expr.Attribute;
import dev.strata.engine.internal.expr.Expr;
import dev.strata.engine.internal.expr.Types;
import dev.strata.engine.internal.plan.LogicalPlan.*;
import dev.strata.format.StrataException;
import dev.strata.format.types.DataType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Optimizes a logical plan (filter pushdown, column pruning, dedupe rewrite) and plans operators.
 */
public final class Planner {
  private final int shufflePartitions;
  private final long broadcastThreshold;

  public Planner(int shufflePartitions, long broadcastThreshold) {
    this.shufflePartitions = shufflePartitions;
    this.broadcastThreshold = broadcastThreshold;
  }

  public PhysicalNode plan(LogicalPlan logical) {
    LogicalPlan p = optimize(logical);
    // a root exchange is fine: the scheduler runs its map side as a stage of its own
    return toPhysical(p);
  }

  // ---------------------------------------------------------------- optimization

  public static LogicalPlan optimize(LogicalPlan plan) {
    LogicalPlan p = rewrite(plan);
    Set<Long> required = new HashSet<>();
    for (Attribute a : p.output()) {
      required.add(a.id());
    }
    return prune(p, required);
  }

  private static LogicalPlan rewrite(LogicalPlan plan) {
    List<LogicalPlan> kids = plan.children();
    List<LogicalPlan> newKids = new ArrayList<>();
    for (LogicalPlan k : kids) {
      newKids.add(rewrite(k));
    }
    plan = withChildren(plan, newKids);
    if (plan instanceof Filter f) {
      // row_number() = 1 over a window: keep the first row per key without sorting
      if (f.child() instanceof Window w && isFirstRowFilter(f.condition(), w.rowNumber())) {
        return new Dedupe(w.spec().partitionBy(), w.spec().orderBy(), w.rowNumber(), w.child());
      }
      if (f.child() instanceof Project pr
          && pr.exprs().stream().allMatch(e -> e instanceof Expr.Ref)) {
        // a pure column selection: filter below it (reaches scans and window patterns)
        return new Project(pr.exprs(), pr.output(), rewrite(new Filter(f.condition(), pr.child())));
      }
      if (f.child() instanceof SubqueryAlias sa) {
        return new SubqueryAlias(sa.alias(), rewrite(new Filter(f.condition(), sa.child())));
      }
      List<Expr> pushed = new ArrayList<>();
      LogicalPlan target = f.child();
      if (target instanceof Scan s) {
        pushed.addAll(Expr.conjuncts(f.condition()));
        List<Expr> all = new ArrayList<>(s.filters());
        all.addAll(pushed);
        return new Filter(f.condition(), new Scan(s.source(), s.output(), all));
      }
    }
    return plan;
  }

  private static boolean isFirstRowFilter(Expr cond, Attribute rn) {
    if (cond instanceof Expr.Binary b
        && (b.op() == Expr.BinOp.EQ || b.op() == Expr.BinOp.LE || b.op() == Expr.BinOp.LT)) {
      Expr l = b.left() instanceof Expr.Cast c ? c.child() : b.left();
      if (l instanceof Expr.Ref r
          && r.attr().id() == rn.id()
          && b.right() instanceof Expr.Lit lit
          && lit.value() instanceof Number n) {
        long v = n.longValue();
        return (b.op() == Expr.BinOp.LT) ? v == 2 : v == 1;
      }
    }
    return false;
  }

  static LogicalPlan withChildren(LogicalPlan p, List<LogicalPlan> c) {
    if (c.equals(p.children())) {
      return p;
    }
    if (p instanceof Project x) {
      return new Project(x.exprs(), x.output(), c.get(0));
    }
    if (p instanceof Filter x) {
      return new Filter(x.condition(), c.get(0));
    }
    if (p instanceof Join x) {
      return new Join(c.get(0), c.get(1), x.type(), x.condition());
    }
    if (p instanceof Aggregate x) {
      return new Aggregate(x.groupBy(), x.results(), x.output(), c.get(0));
    }
    if (p instanceof Dedupe x) {
      return new Dedupe(x.keys(), x.orders(), x.rowNumber(), c.get(0));
    }
    if (p instanceof Window x) {
      return new Window(x.spec(), x.rowNumber(), c.get(0));
    }
    if (p instanceof Union x) {
      return new Union(c, x.output());
    }
    if (p instanceof Repartition x) {
      return new Repartition(x.numPartitions(), x.keys(), c.get(0));
    }
    if (p instanceof Sort x) {
      return new Sort(x.orders(), c.get(0));
    }
    if (p instanceof Limit x) {
      return new Limit(x.n(), c.get(0));
    }
    if (p instanceof Coalesce x) {
      return new Coalesce(x.numPartitions(), c.get(0));
    }
    if (p instanceof SubqueryAlias x) {
      return new SubqueryAlias(x.alias(), c.get(0));
    }
    if (p instanceof BroadcastHint) {
      return new BroadcastHint(c.get(0));
    }
    if (p instanceof Persisted x) {
      return new Persisted(x.key(), c.get(0));
    }
    return p;
  }

  private static Set<Long> with(Set<Long> base, List<? extends Expr> exprs) {
    Set<Long> out = new HashSet<>(base);
    List<Attribute> refs = new ArrayList<>();
    for (Expr e : exprs) {
      Expr.collectRefs(e, refs);
    }
    for (Attribute a : refs) {
      out.add(a.id());
    }
    return out;
  }

  private static Set<Long> all(LogicalPlan p) {
    Set<Long> out = new HashSet<>();
    for (Attribute a : p.output()) {
      out.add(a.id());
    }
    return out;
  }

  /** Drops columns nobody above needs: unused projections and unread scan columns. */
  private static LogicalPlan prune(LogicalPlan p, Set<Long> req) {
    if (p instanceof Scan s) {
      Set<Long> need = with(req, s.filters());
      List<Attribute> keep = s.output().stream().filter(a -> need.contains(a.id())).toList();
      if (keep.isEmpty() && !s.output().isEmpty()) {
        keep = List.of(s.output().get(0));
      }
      return keep.size() == s.output().size() ? s : new Scan(s.source(), keep, s.filters());
    }
    if (p instanceof Project x) {
      List<Expr> exprs = new ArrayList<>();
      List<Attribute> out = new ArrayList<>();
      for (int i = 0; i < x.exprs().size(); i++) {
        if (req.contains(x.output().get(i).id())) {
          exprs.add(x.exprs().get(i));
          out.add(x.output().get(i));
        }
      }
      if (exprs.isEmpty() && !x.exprs().isEmpty()) {
        exprs.add(x.exprs().get(0));
        out.add(x.output().get(0));
      }
      LogicalPlan child = prune(x.child(), with(Set.of(), exprs));
      return new Project(exprs, out, child);
    }
    if (p instanceof Filter x) {
      return new Filter(x.condition(), prune(x.child(), with(req, List.of(x.condition()))));
    }
    if (p instanceof Join x) {
      Set<Long> need = x.condition() == null ? req : with(req, List.of(x.condition()));
      return new Join(prune(x.left(), need), prune(x.right(), need), x.type(), x.condition());
    }
    if (p instanceof Aggregate x) {
      List<Expr> refs = new ArrayList<>(x.groupBy());
      refs.addAll(x.results());
      return new Aggregate(
          x.groupBy(), x.results(), x.output(), prune(x.child(), with(Set.of(), refs)));
    }
    if (p instanceof Dedupe x) {
      List<Expr> refs = new ArrayList<>(x.keys());
      refs.addAll(x.orders());
      return new Dedupe(x.keys(), x.orders(), x.rowNumber(), prune(x.child(), with(req, refs)));
    }
    if (p instanceof Window x) {
      return new Window(x.spec(), x.rowNumber(), prune(x.child(), with(req, List.of(x.spec()))));
    }
    if (p instanceof Repartition x) {
      return new Repartition(x.numPartitions(), x.keys(), prune(x.child(), with(req, x.keys())));
    }
    if (p instanceof Sort x) {
      return new Sort(x.orders(), prune(x.child(), with(req, x.orders())));
    }
    if (p instanceof Limit x) {
      return new Limit(x.n(), prune(x.child(), req));
    }
    if (p instanceof Coalesce x) {
      return new Coalesce(x.numPartitions(), prune(x.child(), req));
    }
    if (p instanceof SubqueryAlias x) {
      return new SubqueryAlias(x.alias(), prune(x.child(), req));
    }
    if (p instanceof BroadcastHint x) {
      return new BroadcastHint(prune(x.child(), req));
    }
    // Union (by position) and Persisted (cached whole) need every column of their inputs
    List<LogicalPlan> kids = new ArrayList<>();
    for (LogicalPlan c : p.children()) {
      kids.add(prune(c, all(c)));
    }
    return withChildren(p, kids);
  }

  // ---------------------------------------------------------------- physical planning

  private PhysicalNode toPhysical(LogicalPlan p) {
    if (p instanceof Scan s) {
      return new ScanExec(s.source(), s.output(), s.filters());
    }
    if (p instanceof Project x) {
      return new ProjectExec(x.exprs(), x.output(), toPhysical(x.child()));
    }
    if (p instanceof Filter x) {
      return new FilterExec(x.condition(), toPhysical(x.child()));
    }
    if (p instanceof SubqueryAlias x) {
      return toPhysical(x.child());
    }
    if (p instanceof BroadcastHint x) {
      return toPhysical(x.child());
    }
    if (p instanceof Persisted x) {
      PhysicalNode n = toPhysical(x.child());
      n.cacheKey = x.key();
      return n;
    }
    if (p instanceof Union x) {
      List<PhysicalNode> kids = new ArrayList<>();
      for (LogicalPlan c : x.inputs()) {
        kids.add(toPhysical(c));
      }
      return new UnionExec(kids, x.output());
    }
    if (p instanceof Limit x) {
      PhysicalNode child = toPhysical(x.child());
      PhysicalNode local = new LimitExec(x.n(), child);
      if (child.numPartitions() == 1) {
        return local;
      }
      return new LimitExec(
          x.n(),
          new ShuffleExchangeExec(local, ShuffleExchangeExec.Kind.SINGLE, List.of(), List.of(), 1));
    }
    if (p instanceof Coalesce x) {
      return new CoalesceExec(x.numPartitions(), toPhysical(x.child()));
    }
    if (p instanceof Repartition x) {
      PhysicalNode child = toPhysical(x.child());
      return new ShuffleExchangeExec(
          child,
          x.keys().isEmpty() ? ShuffleExchangeExec.Kind.ROUND_ROBIN : ShuffleExchangeExec.Kind.HASH,
          x.keys(),
          List.of(),
          x.numPartitions());
    }
    if (p instanceof Sort x) {
      PhysicalNode child = toPhysical(x.child());
      return new SortExec(
          x.orders(),
          new ShuffleExchangeExec(
              child, ShuffleExchangeExec.Kind.RANGE, List.of(), x.orders(), shufflePartitions));
    }
    if (p instanceof Dedupe x) {
      PhysicalNode child = toPhysical(x.child());
      return new DedupeExec(x.keys(), x.orders(), exchange(child, x.keys()), x.rowNumber());
    }
    if (p instanceof Window x) {
      PhysicalNode child = toPhysical(x.child());
      List<Expr.Order> orders = new ArrayList<>();
      for (Expr k : x.spec().partitionBy()) {
        orders.add(new Expr.Order(k, true, true));
      }
      orders.addAll(x.spec().orderBy());
      return new SortExec(
          orders,
          exchange(child, x.spec().partitionBy()),
          x.rowNumber(),
          x.spec().partitionBy().size());
    }
    if (p instanceof Aggregate x) {
      return planAggregate(x);
    }
    if (p instanceof Join x) {
      return planJoin(x);
    }
    throw new StrataException("Cannot plan " + p.getClass().getSimpleName());
  }

  private PhysicalNode exchange(PhysicalNode child, List<Expr> keys) {
    if (keys.isEmpty()) {
      return new ShuffleExchangeExec(
          child, ShuffleExchangeExec.Kind.SINGLE, List.of(), List.of(), 1);
    }
    return new ShuffleExchangeExec(
        child, ShuffleExchangeExec.Kind.HASH, keys, List.of(), shufflePartitions);
  }

  private PhysicalNode planAggregate(Aggregate a) {
    PhysicalNode child = toPhysical(a.child());
    List<Expr> groups = a.groupBy();
    List<Attribute> keyAttrs = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      Expr g = Expr.strip(groups.get(i));
      keyAttrs.add(
          g instanceof Expr.Ref r
              ? r.attr()
              : Attribute.create(Expr.nameOf(groups.get(i)), Types.typeOf(g), true));
    }
    Map<Expr.Agg, Attribute> aggAttrs = new LinkedHashMap<>();
    List<Expr> rewritten = new ArrayList<>();
    for (Expr r : a.results()) {
      rewritten.add(rewriteResult(r, groups, keyAttrs, aggAttrs));
    }
    List<Expr.Agg> aggs = new ArrayList<>(aggAttrs.keySet());
    List<Attribute> finalOut = new ArrayList<>(keyAttrs);
    finalOut.addAll(aggAttrs.values());
    List<Expr> groupExprs = groups.stream().map(Expr::strip).toList();
    boolean distinct = aggs.stream().anyMatch(Expr.Agg::distinct);
    PhysicalNode agg;
    if (distinct) {
      agg =
          new HashAggregateExec(
              HashAggregateExec.Mode.COMPLETE,
              exchange(child, groupExprs),
              groupExprs,
              aggs,
              finalOut);
    } else {
      List<Attribute> partialOut = new ArrayList<>(keyAttrs);
      for (Expr.Agg g : aggs) {
        AggFunctions.Spec spec = AggFunctions.Spec.of(g);
        int i = 0;
        for (DataType t : spec.stateTypes()) {
          partialOut.add(Attribute.create(g + "_state" + (i++), t, true));
        }
      }
      PhysicalNode partial =
          new HashAggregateExec(
              HashAggregateExec.Mode.PARTIAL, child, groupExprs, aggs, partialOut);
      List<Expr> keyRefs = keyAttrs.stream().map(k -> (Expr) new Expr.Ref(k)).toList();
      agg =
          new HashAggregateExec(
              HashAggregateExec.Mode.FINAL, exchange(partial, keyRefs), keyRefs, aggs, finalOut);
    }
    return new ProjectExec(rewritten, a.output(), agg);
  }

  private static Expr rewriteResult(
      Expr e, List<Expr> groups, List<Attribute> keyAttrs, Map<Expr.Agg, Attribute> aggAttrs) {
    for (int i = 0; i < groups.size(); i++) {
      if (Expr.strip(groups.get(i)).equals(e)) {
        return new Expr.Ref(keyAttrs.get(i));
      }
    }
    if (e instanceof Expr.Agg g) {
      return new Expr.Ref(
          aggAttrs.computeIfAbsent(
              g, k -> Attribute.create(k.toString(), Types.typeOf(k), Types.nullable(k))));
    }
    if (e instanceof Expr.Ref r) {
      throw new StrataException(
          "Column '"
              + r.attr().name()
              + "' is neither grouped nor aggregated; add it to groupBy or wrap it in an aggregate such as first()");
    }
    List<Expr> kids = e.children();
    if (kids.isEmpty()) {
      return e;
    }
    List<Expr> out = new ArrayList<>();
    for (Expr k : kids) {
      out.add(rewriteResult(k, groups, keyAttrs, aggAttrs));
    }
    return e.withChildren(out);
  }

  private static boolean hinted(LogicalPlan p) {
    while (true) {
      if (p instanceof BroadcastHint) {
        return true;
      }
      if (p instanceof SubqueryAlias || p instanceof Project || p instanceof Filter) {
        p = p.children().get(0);
      } else {
        return false;
      }
    }
  }

  private PhysicalNode planJoin(Join j) {
    PhysicalNode left = toPhysical(j.left()), right = toPhysical(j.right());
    Set<Long> leftIds = new HashSet<>(), rightIds = new HashSet<>();
    j.left().output().forEach(a -> leftIds.add(a.id()));
    j.right().output().forEach(a -> rightIds.add(a.id()));
    List<Expr> lk = new ArrayList<>(), rk = new ArrayList<>(), residual = new ArrayList<>();
    if (j.condition() != null) {
      for (Expr c : Expr.conjuncts(j.condition())) {
        if (c instanceof Expr.Binary b && b.op() == Expr.BinOp.EQ) {
          if (within(b.left(), leftIds) && within(b.right(), rightIds)) {
            lk.add(b.left());
            rk.add(b.right());
            continue;
          }
          if (within(b.left(), rightIds) && within(b.right(), leftIds)) {
            lk.add(b.right());
            rk.add(b.left());
            continue;
          }
        }
        residual.add(c);
      }
    }
    Expr res = residual.isEmpty() ? null : Expr.and(residual);
    LogicalPlan.JoinType t = j.type();
    List<Attribute> out = j.output();
    boolean canRight = t != LogicalPlan.JoinType.RIGHT && t != LogicalPlan.JoinType.FULL;
    boolean canLeft =
        t == LogicalPlan.JoinType.INNER
            || t == LogicalPlan.JoinType.RIGHT
            || t == LogicalPlan.JoinType.CROSS;
    boolean hintL = hinted(j.left()), hintR = hinted(j.right());
    long ls = left.estimatedBytes(), rs = right.estimatedBytes();
    boolean smallR = broadcastThreshold >= 0 && rs <= broadcastThreshold;
    boolean smallL = broadcastThreshold >= 0 && ls <= broadcastThreshold;
    HashJoinExec.Mode mode =
        switch (t) {
          case INNER, CROSS -> HashJoinExec.Mode.INNER;
          case LEFT, RIGHT -> HashJoinExec.Mode.PROBE_OUTER;
          case FULL -> HashJoinExec.Mode.FULL;
          case LEFT_SEMI -> HashJoinExec.Mode.SEMI;
          case LEFT_ANTI -> HashJoinExec.Mode.ANTI;
        };
    if (canRight && (hintR || (smallR && !(hintL && canLeft)) || (lk.isEmpty() && !canLeft))) {
      return new HashJoinExec(
          left, new BroadcastExchangeExec(right), lk, rk, mode, false, res, out, t.display);
    }
    if (canLeft && (hintL || smallL || lk.isEmpty())) {
      if (t == LogicalPlan.JoinType.INNER || t == LogicalPlan.JoinType.CROSS) {
        return new HashJoinExec(
            right, new BroadcastExchangeExec(left), rk, lk, mode, true, res, out, t.display);
      }
      return new HashJoinExec(
          right, new BroadcastExchangeExec(left), rk, lk, mode, true, res, out, t.display);
    }
    if (canRight && lk.isEmpty()) {
      return new HashJoinExec(
          left, new BroadcastExchangeExec(right), lk, rk, mode, false, res, out, t.display);
    }
    PhysicalNode le = exchange(left, lk), re = exchange(right, rk);
    if (t == LogicalPlan.JoinType.RIGHT) {
      return new HashJoinExec(re, le, rk, lk, mode, true, res, out, t.display);
    }
    return new HashJoinExec(le, re, lk, rk, mode, false, res, out, t.display);
  }

  private static boolean within(Expr e, Set<Long> ids) {
    List<Attribute> refs = new ArrayList<>();
    Expr.collectRefs(e, refs);
    if (refs.isEmpty()) {
      return false;
    }
    for (Attribute a : refs) {
      if (!ids.contains(a.id())) {
        return false;
      }
    }
    return true;
  }
}
