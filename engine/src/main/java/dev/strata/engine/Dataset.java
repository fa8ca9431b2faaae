package dev.strata.engine;

import dev.strata.engine.internal.SessionState;
import dev.strata.engine.internal.exec.BroadcastExchangeExec;
import dev.strata.engine.internal.exec.PhysicalNode;
import dev.strata.engine.internal.exec.ShuffleExchangeExec;
import dev.strata.engine.internal.expr.Analyzer;
import dev.strata.engine.internal.expr.Attribute;
import dev.strata.engine.internal.expr.Expr;
import dev.strata.engine.internal.expr.Expr.*;
import dev.strata.engine.internal.expr.Types;
import dev.strata.engine.internal.plan.LogicalPlan;
import dev.strata.engine.internal.plan.LogicalPlan.JoinType;
import dev.strata.format.Row;
import dev.strata.format.StrataException;
import dev.strata.format.types.DataType;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An immutable, lazy collection of rows with a schema, as Spark's DataFrame. Transformations return
 * new Datasets and only build a plan; actions ({@link #count}, {@link #collect}, {@link #show},
 * {@link #foreachBatch}, {@link #runTasks}, {@code write().save(...)}) plan it and run one job on
 * the session's worker threads.
 */
public final class Dataset {
  private final Strata strata;
  private final LogicalPlan plan;

  Dataset(Strata strata, LogicalPlan plan) {
    this.strata = strata;
    this.plan = plan;
  }

  /** The session this Dataset belongs to. */
  public Strata strata() {
    return strata;
  }

  LogicalPlan plan() {
    return plan;
  }

  private SessionState state() {
    return strata.state();
  }

  private Dataset with(LogicalPlan p) {
    return new Dataset(strata, p);
  }

  // ------------------------------------------------------------------ schema

  /** The schema (column names, types and nullability). */
  public StructType schema() {
    return PhysicalNode.schemaOf(plan.output());
  }

  /** The column names in order. */
  public List<String> columns() {
    return plan.output().stream().map(Attribute::name).toList();
  }

  /** A column of this Dataset, resolved now (unambiguous in joins with other Datasets). */
  public Column col(String name) {
    Column c = functions.col(name);
    if (c.expr instanceof Star) {
      return c;
    }
    return new Column(new Ref(Analyzer.lookup((Col) c.expr, plan.output())));
  }

  /** Same as {@link #col}. */
  public Column apply(String name) {
    return col(name);
  }

  // ------------------------------------------------------------------ projection

  public Dataset select(Column... cols) {
    return project(Arrays.asList(cols));
  }

  public Dataset select(String... names) {
    return select(Arrays.stream(names).map(functions::col).toArray(Column[]::new));
  }

  /**
   * Select with SQL expressions, e.g. {@code selectExpr("order_id", "quantity * price AS amount")}.
   */
  public Dataset selectExpr(String... exprs) {
    return select(Arrays.stream(exprs).map(functions::expr).toArray(Column[]::new));
  }

  private List<Expr> expand(List<Column> cols) {
    List<Expr> items = new ArrayList<>();
    for (Column c : cols) {
      if (c.expr instanceof Star s) {
        for (Attribute a : plan.output()) {
          if (s.qualifier() == null || s.qualifier().equalsIgnoreCase(a.qualifier())) {
            items.add(new Ref(a));
          }
        }
      } else {
        items.add(c.expr);
      }
    }
    return items;
  }

  private Dataset project(List<Column> cols) {
    List<Expr> items = expand(cols);
    LogicalPlan child = plan;
    // window functions become Window nodes below the projection
    List<Expr> resolved = new ArrayList<>();
    for (Expr e : items) {
      Expr r = Analyzer.resolve(e, child.output());
      if (Expr.exists(r, x -> x instanceof RowNumber)) {
        Expr inner = Expr.strip(r);
        if (!(inner instanceof RowNumber rn)) {
          throw new StrataException("row_number() must be used on its own as a column: " + e);
        }
        Attribute a =
            Attribute.create(Expr.nameOf(r), dev.strata.format.types.PrimitiveType.INTEGER, false);
        child = new LogicalPlan.Window(rn, a, child);
        r = new Ref(a);
      }
      resolved.add(r);
    }
    boolean hasAgg = resolved.stream().anyMatch(r -> Expr.exists(r, x -> x instanceof Agg));
    if (hasAgg) {
      return aggregate(List.of(), resolved, child);
    }
    List<Expr> exprs = new ArrayList<>();
    List<Attribute> out = new ArrayList<>();
    for (Expr r : resolved) {
      if (r instanceof Ref ref) {
        exprs.add(r);
        out.add(ref.attr());
      } else {
        String name = Expr.nameOf(r);
        Expr body = Expr.strip(r);
        exprs.add(new Alias(body, name));
        out.add(Attribute.create(name, Types.typeOf(body), Types.nullable(body)));
      }
    }
    return with(new LogicalPlan.Project(exprs, out, child));
  }

  private Dataset aggregate(List<Expr> groupBy, List<Expr> results, LogicalPlan child) {
    List<Expr> named = new ArrayList<>();
    List<Attribute> out = new ArrayList<>();
    for (Expr r : results) {
      if (r instanceof Ref ref) {
        named.add(r);
        out.add(ref.attr());
      } else {
        String name = Expr.nameOf(r);
        Expr body = Expr.strip(r);
        named.add(new Alias(body, name));
        out.add(Attribute.create(name, Types.typeOf(body), Types.nullable(body)));
      }
    }
    return with(new LogicalPlan.Aggregate(groupBy, named, out, child));
  }

  Dataset groupAgg(List<Column> keys, List<Column> aggs) {
    List<Expr> groups = new ArrayList<>();
    List<Expr> results = new ArrayList<>();
    for (Expr k : expand(keys)) {
      Expr r = Analyzer.resolve(k, plan.output());
      groups.add(Expr.strip(r));
      results.add(r);
    }
    for (Column a : aggs) {
      results.add(Analyzer.resolve(a.expr, plan.output()));
    }
    return aggregate(groups, results, plan);
  }

  /** Adds or replaces a column. {@code row_number().over(w)} is allowed here. */
  public Dataset withColumn(String name, Column value) {
    List<Column> cols = new ArrayList<>();
    boolean replaced = false;
    for (Attribute a : plan.output()) {
      if (a.name().equalsIgnoreCase(name)) {
        cols.add(value.as(name));
        replaced = true;
      } else {
        cols.add(new Column(new Ref(a)));
      }
    }
    if (!replaced) {
      cols.add(value.as(name));
    }
    return project(cols);
  }

  public Dataset withColumnRenamed(String existing, String newName) {
    List<Column> cols = new ArrayList<>();
    for (Attribute a : plan.output()) {
      Column c = new Column(new Ref(a));
      cols.add(a.name().equalsIgnoreCase(existing) ? c.as(newName) : c);
    }
    return project(cols);
  }

  /** Removes columns by name (names that do not exist are ignored, as in Spark). */
  public Dataset drop(String... names) {
    Set<String> lower = new HashSet<>();
    for (String n : names) {
      lower.add(n.toLowerCase(java.util.Locale.ROOT));
    }
    List<Column> cols = new ArrayList<>();
    for (Attribute a : plan.output()) {
      if (!lower.contains(a.name().toLowerCase(java.util.Locale.ROOT))) {
        cols.add(new Column(new Ref(a)));
      }
    }
    return project(cols);
  }

  /** Removes the column a resolved Column refers to. */
  public Dataset drop(Column column) {
    Expr r = Analyzer.resolve(column.expr, plan.output());
    if (!(r instanceof Ref ref)) {
      return this;
    }
    List<Column> cols = new ArrayList<>();
    for (Attribute a : plan.output()) {
      if (a.id() != ref.attr().id()) {
        cols.add(new Column(new Ref(a)));
      }
    }
    return project(cols);
  }

  // ------------------------------------------------------------------ filter

  public Dataset filter(Column condition) {
    Expr r = Analyzer.resolve(condition.expr, plan.output());
    if (Types.typeOf(r) != dev.strata.format.types.PrimitiveType.BOOLEAN) {
      r = Analyzer.cast(r, dev.strata.format.types.PrimitiveType.BOOLEAN);
    }
    if (Expr.exists(r, x -> x instanceof Agg)) {
      throw new StrataException("Aggregate functions are not allowed in filter: " + condition);
    }
    return with(new LogicalPlan.Filter(r, plan));
  }

  /** Filters with a SQL predicate such as {@code "order_date = '2024-01-05' AND quantity > 0"}. */
  public Dataset filter(String condition) {
    return filter(functions.expr(condition));
  }

  public Dataset where(Column condition) {
    return filter(condition);
  }

  public Dataset where(String condition) {
    return filter(condition);
  }

  // ------------------------------------------------------------------ joins

  /** Qualifies this Dataset's columns with an alias ({@code t.order_id}). */
  public Dataset as(String alias) {
    return with(new LogicalPlan.SubqueryAlias(alias, plan));
  }

  public Dataset alias(String alias) {
    return as(alias);
  }

  Dataset withBroadcastHint() {
    return with(new LogicalPlan.BroadcastHint(plan));
  }

  private LogicalPlan dedupRight(LogicalPlan right) {
    Set<Long> ids = new HashSet<>();
    for (Attribute a : plan.output()) {
      ids.add(a.id());
    }
    boolean clash = right.output().stream().anyMatch(a -> ids.contains(a.id()));
    if (!clash) {
      return right;
    }
    List<Expr> exprs = new ArrayList<>();
    List<Attribute> out = new ArrayList<>();
    for (Attribute a : right.output()) {
      Attribute fresh = a.newInstance();
      exprs.add(new Alias(new Ref(a), a.name()));
      out.add(fresh);
    }
    return new LogicalPlan.Project(exprs, out, right);
  }

  /** Cross join. */
  public Dataset crossJoin(Dataset right) {
    return with(new LogicalPlan.Join(plan, dedupRight(right.plan), JoinType.CROSS, null));
  }

  /** Inner join on a condition. */
  public Dataset join(Dataset right, Column condition) {
    return join(right, condition, "inner");
  }

  /**
   * Join on a condition; {@code type} is inner, left, right, full, left_semi, left_anti or cross
   * (Spark's spellings such as left_outer are accepted).
   */
  public Dataset join(Dataset right, Column condition, String type) {
    LogicalPlan r = dedupRight(right.plan);
    List<Attribute> both = new ArrayList<>(plan.output());
    both.addAll(r.output());
    Expr cond = condition == null ? null : Analyzer.resolve(condition.expr, both);
    return with(new LogicalPlan.Join(plan, r, JoinType.parse(type), cond));
  }

  /** Join with a SQL condition such as {@code "t.order_id = s.order_id"}. */
  public Dataset join(Dataset right, String condition, String type) {
    return join(right, functions.expr(condition), type);
  }

  /** Inner equi-join on a column present on both sides (one output column). */
  public Dataset join(Dataset right, String usingColumn) {
    return join(right, List.of(usingColumn), "inner");
  }

  public Dataset join(Dataset right, List<String> usingColumns) {
    return join(right, usingColumns, "inner");
  }

  /**
   * Equi-join on columns present on both sides; each appears once in the output (for full joins as
   * coalesce of both sides), followed by the other left and right columns.
   */
  public Dataset join(Dataset right, List<String> usingColumns, String type) {
    JoinType jt = JoinType.parse(type);
    LogicalPlan r = dedupRight(right.plan);
    List<Expr> conds = new ArrayList<>();
    List<Attribute> lk = new ArrayList<>(), rk = new ArrayList<>();
    for (String k : usingColumns) {
      Attribute la = Analyzer.lookup(new Col(null, k), plan.output());
      Attribute ra = Analyzer.lookup(new Col(null, k), r.output());
      lk.add(la);
      rk.add(ra);
      conds.add(new Binary(BinOp.EQ, new Ref(la), new Ref(ra)));
    }
    Expr cond =
        conds.isEmpty()
            ? null
            : Analyzer.resolve(Expr.and(conds), concat(plan.output(), r.output()));
    LogicalPlan.Join join = new LogicalPlan.Join(plan, r, jt, cond);
    Dataset joined = with(join);
    if (jt == JoinType.LEFT_SEMI || jt == JoinType.LEFT_ANTI) {
      return joined;
    }
    Map<Long, Attribute> joinOut = new java.util.HashMap<>();
    for (Attribute a : join.output()) {
      joinOut.put(a.id(), a);
    }
    List<Column> cols = new ArrayList<>();
    for (int i = 0; i < lk.size(); i++) {
      Attribute l = joinOut.get(lk.get(i).id()), rr = joinOut.get(rk.get(i).id());
      Column c =
          switch (jt) {
            case RIGHT -> new Column(new Ref(rr));
            case FULL ->
                functions.coalesce(new Column(new Ref(l)), new Column(new Ref(rr))).as(l.name());
            default -> new Column(new Ref(l));
          };
      cols.add(c);
    }
    Set<Long> keyIds = new HashSet<>();
    lk.forEach(a -> keyIds.add(a.id()));
    rk.forEach(a -> keyIds.add(a.id()));
    for (Attribute a : join.output()) {
      if (!keyIds.contains(a.id())) {
        cols.add(new Column(new Ref(a)));
      }
    }
    return joined.project(cols);
  }

  private static List<Attribute> concat(List<Attribute> a, List<Attribute> b) {
    List<Attribute> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  // ------------------------------------------------------------------ aggregation

  public RelationalGroupedDataset groupBy(Column... cols) {
    return new RelationalGroupedDataset(this, Arrays.asList(cols));
  }

  public RelationalGroupedDataset groupBy(String... cols) {
    return groupBy(Arrays.stream(cols).map(functions::col).toArray(Column[]::new));
  }

  /** Aggregates over all rows (one result row). */
  public Dataset agg(Column first, Column... more) {
    List<Column> all = new ArrayList<>();
    all.add(first);
    all.addAll(Arrays.asList(more));
    return groupAgg(List.of(), all);
  }

  /** Distinct rows. */
  public Dataset distinct() {
    List<Expr> refs = plan.output().stream().map(a -> (Expr) new Ref(a)).toList();
    return aggregate(refs, refs, plan);
  }

  /** Same as {@link #distinct()}. */
  public Dataset dropDuplicates() {
    return distinct();
  }

  /** One row per distinct value of the columns (the first one met). */
  public Dataset dropDuplicates(String... cols) {
    return dropDuplicates(Arrays.asList(cols));
  }

  public Dataset dropDuplicates(List<String> cols) {
    return dropDuplicates(cols, new Column[0]);
  }

  /**
   * Keeps, per key, the first row by the given ordering, e.g. the latest version of each order:
   * {@code dropDuplicates(List.of("order_id"), col("order_ts").desc())}. Same result as {@code
   * row_number() over (partition by keys order by ...) = 1}, computed by hashing instead of
   * sorting.
   */
  public Dataset dropDuplicates(List<String> keys, Column... orderBy) {
    List<Expr> k = new ArrayList<>();
    for (String name : keys) {
      k.add(new Ref(Analyzer.lookup(new Col(null, name), plan.output())));
    }
    List<Expr.Order> orders = new ArrayList<>();
    for (Column c : orderBy) {
      Expr e = Analyzer.resolve(c.expr, plan.output());
      orders.add(e instanceof Order o ? o : new Order(e, true, true));
    }
    return with(new LogicalPlan.Dedupe(k, orders, null, plan));
  }

  // ------------------------------------------------------------------ set operations

  /** Rows of both (duplicates kept), matched by column position. */
  public Dataset union(Dataset other) {
    List<Attribute> a = plan.output(), b = other.plan.output();
    if (a.size() != b.size()) {
      throw new StrataException(
          "union needs the same number of columns: "
              + a.size()
              + " vs "
              + b.size()
              + " ("
              + columns()
              + " vs "
              + other.columns()
              + "); use unionByName for matching by name");
    }
    List<DataType> types = new ArrayList<>();
    List<Attribute> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      DataType t = Types.wider(a.get(i).type(), b.get(i).type());
      if (t == null) {
        throw new StrataException(
            "union: column "
                + (i + 1)
                + " has types "
                + a.get(i).type().simpleString()
                + " and "
                + b.get(i).type().simpleString()
                + " which do not mix");
      }
      types.add(t);
      out.add(Attribute.create(a.get(i).name(), t, a.get(i).nullable() || b.get(i).nullable()));
    }
    List<LogicalPlan> inputs = new ArrayList<>();
    for (LogicalPlan p : flattenUnion(plan)) {
      inputs.add(castTo(p, types));
    }
    for (LogicalPlan p : flattenUnion(other.plan)) {
      inputs.add(castTo(p, types));
    }
    return with(new LogicalPlan.Union(inputs, out));
  }

  private static List<LogicalPlan> flattenUnion(LogicalPlan p) {
    return List.of(p);
  }

  private static LogicalPlan castTo(LogicalPlan p, List<DataType> types) {
    List<Attribute> out = p.output();
    boolean same = true;
    for (int i = 0; i < out.size(); i++) {
      same &= out.get(i).type().equals(types.get(i));
    }
    if (same) {
      return p;
    }
    List<Expr> exprs = new ArrayList<>();
    List<Attribute> attrs = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      Attribute a = out.get(i);
      if (a.type().equals(types.get(i))) {
        exprs.add(new Ref(a));
        attrs.add(a);
      } else {
        exprs.add(new Alias(Analyzer.cast(new Ref(a), types.get(i)), a.name()));
        attrs.add(Attribute.create(a.name(), types.get(i), true));
      }
    }
    return new LogicalPlan.Project(exprs, attrs, p);
  }

  public Dataset unionAll(Dataset other) {
    return union(other);
  }

  /** Union matching columns by name. */
  public Dataset unionByName(Dataset other) {
    return unionByName(other, false);
  }

  /** Union by name; with {@code allowMissingColumns} absent columns are null on either side. */
  public Dataset unionByName(Dataset other, boolean allowMissingColumns) {
    List<Column> left = new ArrayList<>(), right = new ArrayList<>();
    List<String> names = new ArrayList<>(columns());
    if (allowMissingColumns) {
      for (String n : other.columns()) {
        if (names.stream().noneMatch(x -> x.equalsIgnoreCase(n))) {
          names.add(n);
        }
      }
    }
    for (String n : names) {
      boolean inLeft = columns().stream().anyMatch(x -> x.equalsIgnoreCase(n));
      boolean inRight = other.columns().stream().anyMatch(x -> x.equalsIgnoreCase(n));
      if (!allowMissingColumns && !inRight) {
        throw new StrataException(
            "unionByName: column '" + n + "' is missing on the right side " + other.columns());
      }
      left.add(inLeft ? functions.col("`" + n + "`") : functions.lit(null).as(n));
      right.add(inRight ? other.col("`" + n + "`") : functions.lit(null).as(n));
    }
    if (!allowMissingColumns && other.columns().size() != names.size()) {
      throw new StrataException(
          "unionByName: the right side has extra columns: " + other.columns() + " vs " + names);
    }
    return project(left).union(other.project(right));
  }

  // ------------------------------------------------------------------ partitioning and order

  /**
   * At most {@code n} partitions without a shuffle: each new partition reads a contiguous range of
   * the current ones in one task (as Spark's {@code coalesce}). Use it to write fewer, larger files
   * after a selective filter; to grow the number of partitions or rebalance skew, use {@link
   * #repartition(int)}.
   */
  public Dataset coalesce(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("coalesce(n) needs n >= 1, got " + n);
    }
    return with(new LogicalPlan.Coalesce(n, plan));
  }

  /**
   * Applies {@code f} to this Dataset: chains reusable transformations ({@code
   * ds.transform(Cleaning::validOrders).transform(Cleaning::latestPerKey)}) as Spark's {@code
   * Dataset.transform}.
   */
  public Dataset transform(java.util.function.Function<Dataset, Dataset> f) {
    Dataset out = f.apply(this);
    if (out == null) {
      throw new IllegalArgumentException(
          "transform: the function returned null instead of a Dataset");
    }
    return out;
  }

  /** Round-robin into {@code n} partitions. */
  public Dataset repartition(int n) {
    return with(new LogicalPlan.Repartition(n, List.of(), plan));
  }

  /** Hash partitioning by columns into {@code n} partitions. */
  public Dataset repartition(int n, Column... cols) {
    List<Expr> keys = new ArrayList<>();
    for (Column c : cols) {
      keys.add(Analyzer.resolve(c.expr, plan.output()));
    }
    return with(new LogicalPlan.Repartition(n, keys, plan));
  }

  public Dataset repartition(Column... cols) {
    return repartition(state().shufflePartitions(), cols);
  }

  /** Global sort; columns sort ascending with nulls first unless {@code desc()} etc. is used. */
  public Dataset orderBy(Column... cols) {
    List<Expr.Order> orders = new ArrayList<>();
    for (Column c : cols) {
      Expr e = Analyzer.resolve(c.expr, plan.output());
      orders.add(e instanceof Order o ? o : new Order(e, true, true));
    }
    return with(new LogicalPlan.Sort(orders, plan));
  }

  public Dataset orderBy(String... cols) {
    return orderBy(Arrays.stream(cols).map(functions::col).toArray(Column[]::new));
  }

  public Dataset sort(Column... cols) {
    return orderBy(cols);
  }

  public Dataset sort(String... cols) {
    return orderBy(cols);
  }

  public Dataset limit(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("limit must be >= 0");
    }
    return with(new LogicalPlan.Limit(n, plan));
  }

  // ------------------------------------------------------------------ explain

  /** The physical plan with exchanges and the stage each operator runs in. */
  public String explainString() {
    PhysicalNode root = state().plan(plan);
    Map<PhysicalNode, Integer> exchangeStage = new IdentityHashMap<>();
    Map<PhysicalNode, Integer> nodeStage = state().scheduler().planStages(root, exchangeStage);
    StringBuilder sb = new StringBuilder("== Physical Plan ==\n");
    Set<PhysicalNode> skipped = state().scheduler().skippedExchanges(root);
    render(root, "", "", nodeStage, exchangeStage, skipped, sb);
    return sb.toString();
  }

  private static void render(
      PhysicalNode n,
      String prefix,
      String childPrefix,
      Map<PhysicalNode, Integer> nodeStage,
      Map<PhysicalNode, Integer> exchangeStage,
      Set<PhysicalNode> skipped,
      StringBuilder sb) {
    sb.append(prefix);
    if (n instanceof ShuffleExchangeExec || n instanceof BroadcastExchangeExec) {
      sb.append(n.describe()).append("  [stage ").append(exchangeStage.get(n));
      sb.append(skipped.contains(n) ? " output, skipped: cached]" : " output]");
    } else {
      sb.append("*(").append(nodeStage.get(n)).append(") ").append(n.describe());
    }
    if (n.cacheKey != null) {
      sb.append("  [").append(n.cacheKey).append(']');
    }
    sb.append('\n');
    List<PhysicalNode> kids = n.children();
    for (int i = 0; i < kids.size(); i++) {
      boolean last = i == kids.size() - 1;
      render(
          kids.get(i),
          childPrefix + "+- ",
          childPrefix + (last ? "   " : ":  "),
          nodeStage,
          exchangeStage,
          skipped,
          sb);
    }
  }

  /** Prints {@link #explainString()}. */
  public void explain() {
    System.out.print(explainString());
  }

  // ------------------------------------------------------------------ actions

  private <R> List<R> run(DagSchedulerHandler<R> handler, String description) {
    PhysicalNode root = state().plan(plan);
    return state().scheduler().runJob(root, handler::apply, description, state().jobTag());
  }

  private interface DagSchedulerHandler<R> {
    R apply(TaskContext ctx, Iterator<ColumnBatch> input) throws Exception;
  }

  /**
   * All rows, in partition order (sorted when the Dataset was ordered).
   *
   * @throws ResultTooLargeException when the rows exceed {@code strata.driver.maxResultSize} (1 GiB
   *     of column batches by default), raised before they are held
   */
  public List<Row> collect() {
    StructType schema = schema();
    long limit = state().maxResultSize();
    java.util.concurrent.atomic.AtomicLong collected = new java.util.concurrent.atomic.AtomicLong();
    List<List<Row>> parts =
        run(
            (ctx, it) -> {
              List<Row> rows = new ArrayList<>();
              long mine = 0;
              try {
                while (it.hasNext()) {
                  ColumnBatch b = it.next().withSchema(schema);
                  long size = b.sizeInBytes();
                  mine += size;
                  long total = collected.addAndGet(size);
                  if (total > limit) {
                    throw new ResultTooLargeException(total, limit);
                  }
                  rows.addAll(b.toRows());
                }
              } catch (RuntimeException | Error e) {
                // A failed attempt's rows are not part of the result; a retry counts afresh.
                collected.addAndGet(-mine);
                throw e;
              }
              return rows;
            },
            "collect");
    List<Row> out = new ArrayList<>();
    parts.forEach(out::addAll);
    return out;
  }

  public List<Row> collectAsList() {
    return collect();
  }

  /** The first {@code n} rows. */
  public List<Row> take(int n) {
    return limit(n).collect();
  }

  public List<Row> head(int n) {
    return take(n);
  }

  /** The first row, or null when empty. */
  public Row first() {
    List<Row> r = take(1);
    return r.isEmpty() ? null : r.get(0);
  }

  public boolean isEmpty() {
    return take(1).isEmpty();
  }

  /** The number of rows. */
  public long count() {
    Dataset c = groupAgg(List.of(), List.of(functions.count(functions.col("*"))));
    List<Long> parts =
        c.run(
            (ctx, it) -> {
              long n = 0;
              while (it.hasNext()) {
                ColumnBatch b = it.next();
                for (int i = 0; i < b.numRows(); i++) {
                  n += ((Number) b.column(0).get(i)).longValue();
                }
              }
              return n;
            },
            "count");
    return parts.stream().mapToLong(Long::longValue).sum();
  }

  /** The number of partitions this Dataset computes in. */
  public int numPartitions() {
    return state().plan(plan).numPartitions();
  }

  /**
   * The planner's estimate of this Dataset's size in bytes, the one broadcast decisions use: input
   * sizes (files, in-memory rows) carried through the plan, so an upper bound for filters and
   * aggregates. Writers use it to tell small writes from large ones.
   */
  public long estimatedSizeInBytes() {
    return state().plan(plan).estimatedBytes();
  }

  /**
   * Calls {@code f} for every batch, on the worker threads (concurrently: {@code f} must be
   * thread-safe).
   */
  public void foreachBatch(Consumer<ColumnBatch> f) {
    run(
        (ctx, it) -> {
          while (it.hasNext()) {
            f.accept(it.next());
          }
          return null;
        },
        "foreachBatch");
  }

  /**
   * Runs one task per partition of this Dataset as one job (with metrics and retries) and returns
   * the task results in partition order. Each task gets its partition's batches; a failed task is
   * retried as a new attempt ({@link TaskContext#attemptNumber()}). The writer builds its staged,
   * per-task file output on this.
   */
  public <R> List<R> runTasks(TaskFunction<R> f) {
    return runTasks(f, "runTasks");
  }

  /** {@link #runTasks(TaskFunction)} with a job description for metrics and the event log. */
  public <R> List<R> runTasks(TaskFunction<R> f, String description) {
    return run(f::apply, description);
  }

  /** Prints the first 20 rows as a table. */
  public void show() {
    show(20);
  }

  public void show(int n) {
    show(n, true);
  }

  public void show(int n, boolean truncate) {
    System.out.print(showString(n, truncate));
  }

  /** The table {@link #show} prints. */
  public String showString(int n, boolean truncate) {
    List<Row> rows = take(n + 1);
    List<String> names = columns();
    List<List<String>> cells = new ArrayList<>();
    for (Row r : rows.subList(0, Math.min(n, rows.size()))) {
      List<String> line = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        Object v = r.get(i);
        String s =
            v == null
                ? "NULL"
                : dev.strata.engine.internal.expr.Casts.toStringValue(
                    v, plan.output().get(i).type());
        if (truncate && s.length() > 20) {
          s = s.substring(0, 17) + "...";
        }
        line.add(s);
      }
      cells.add(line);
    }
    int[] w = new int[names.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = names.get(i).length();
      for (List<String> line : cells) {
        w[i] = Math.max(w[i], line.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    StringBuilder sep = new StringBuilder("+");
    for (int x : w) {
      sep.append("-".repeat(x)).append('+');
    }
    sb.append(sep).append('\n').append('|');
    for (int i = 0; i < w.length; i++) {
      sb.append(String.format("%" + w[i] + "s", names.get(i))).append('|');
    }
    sb.append('\n').append(sep).append('\n');
    for (List<String> line : cells) {
      sb.append('|');
      for (int i = 0; i < w.length; i++) {
        sb.append(String.format("%" + w[i] + "s", line.get(i))).append('|');
      }
      sb.append('\n');
    }
    sb.append(sep).append('\n');
    if (rows.size() > n) {
      sb.append("only showing top ").append(n).append(" rows\n");
    }
    return sb.toString();
  }

  /** A builder to write this Dataset to a table (see {@link DataWriter}). */
  public DataWriter write() {
    return new DataWriter(this);
  }

  // ------------------------------------------------------------------ cache and checkpoint

  /**
   * Keeps this Dataset's partitions, once computed by a job, for later jobs (lazily: the next
   * action fills the cache). Jobs that find every partition cached skip the stages that produced
   * them; a partition whose block was evicted or lost is recomputed from lineage. Returns this
   * Dataset.
   */
  public Dataset persist(StorageLevel level) {
    state().blockManager().register(plan, level, planString());
    return this;
  }

  /** {@link #persist(StorageLevel)} with {@link StorageLevel#MEMORY_AND_DISK}. */
  public Dataset cache() {
    return persist(StorageLevel.MEMORY_AND_DISK);
  }

  /** Drops this Dataset's cached blocks and stops caching it. Returns this Dataset. */
  public Dataset unpersist() {
    state().blockManager().unregister(plan);
    return this;
  }

  /** The level this Dataset is persisted with, or null. */
  public StorageLevel storageLevel() {
    return state().blockManager().levelOf(plan);
  }

  /**
   * Writes this Dataset as Parquet files into the session's checkpoint directory ({@code
   * strata.checkpoint.dir}, a URI; a temporary local directory if unset), now, and returns a
   * Dataset that scans those files: its lineage starts there.
   */
  public Dataset checkpoint() {
    String dir = dev.strata.engine.internal.cache.Checkpoints.reliableDir(state());
    return dev.strata.engine.internal.cache.Checkpoints.write(this, dir);
  }

  /**
   * Like {@link #checkpoint()} but on the local disk of this process (under the spill directory),
   * without the promise that the files outlive the session.
   */
  public Dataset localCheckpoint() {
    String dir = dev.strata.engine.internal.cache.Checkpoints.localDir(state());
    return dev.strata.engine.internal.cache.Checkpoints.write(this, dir);
  }

  /** The depth of this Dataset's logical plan (1 for a scan): what a checkpoint cuts. */
  public int planDepth() {
    return dev.strata.engine.internal.plan.PlanRewrite.depth(plan);
  }

  private String planString() {
    String d = plan.getClass().getSimpleName() + " " + schema().simpleString();
    return d.length() > 200 ? d.substring(0, 197) + "..." : d;
  }

  @Override
  public String toString() {
    return "Dataset" + schema().simpleString().substring(6);
  }
}
