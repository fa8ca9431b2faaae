package dev.strata.engine.internal.expr;

import dev.strata.format.types.DataType;
import dev.strata.format.types.PrimitiveType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Expression trees. Unresolved names ({@link Col}, {@link Star}) become {@link Ref}s to plan
 * attributes during analysis; implicit casts are made explicit then, so evaluation sees operands of
 * matching types.
 */
public sealed interface Expr {

  /** The children, in order. */
  List<Expr> children();

  /** This node with other children (same count). */
  Expr withChildren(List<Expr> c);

  /** An unresolved column reference {@code qualifier.name} (qualifier may be null). */
  record Col(String qualifier, String name) implements Expr {
    public List<Expr> children() {
      return List.of();
    }

    public Expr withChildren(List<Expr> c) {
      return this;
    }

    public String toString() {
      return qualifier == null ? name : qualifier + "." + name;
    }
  }

  /** {@code *} or {@code t.*}. */
  record Star(String qualifier) implements Expr {
    public List<Expr> children() {
      return List.of();
    }

    public Expr withChildren(List<Expr> c) {
      return this;
    }

    public String toString() {
      return qualifier == null ? "*" : qualifier + ".*";
    }
  }

  /** A resolved reference to an attribute of the input. */
  record Ref(Attribute attr) implements Expr {
    public List<Expr> children() {
      return List.of();
    }

    public Expr withChildren(List<Expr> c) {
      return this;
    }

    public String toString() {
      return attr.name();
    }
  }

  /** A literal of external Java value (null allowed). */
  record Lit(Object value, DataType type) implements Expr {
    public List<Expr> children() {
      return List.of();
    }

    public Expr withChildren(List<Expr> c) {
      return this;
    }

    public String toString() {
      if (value == null) {
        return "NULL";
      }
      if (value instanceof String s) {
        return "'" + s + "'";
      }
      if (value instanceof LocalDate d) {
        return "DATE '" + d + "'";
      }
      if (value instanceof Instant i) {
        return "TIMESTAMP '" + i + "'";
      }
      if (value instanceof BigDecimal d) {
        return d.toPlainString();
      }
      return String.valueOf(value);
    }

    public static Lit of(Object v) {
      return new Lit(v, Types.literalType(v));
    }

    public static final Lit NULL = new Lit(null, PrimitiveType.VOID);
  }

  /** A named expression. */
  record Alias(Expr child, String name) implements Expr {
    public List<Expr> children() {
      return List.of(child);
    }

    public Expr withChildren(List<Expr> c) {
      return new Alias(c.get(0), name);
    }

    public String toString() {
      return child + " AS " + name;
    }
  }

  enum UnOp {
    NOT,
    NEGATE,
    IS_NULL,
    IS_NOT_NULL
  }

  record Unary(UnOp op, Expr child) implements Expr {
    public List<Expr> children() {
      return List.of(child);
    }

    public Expr withChildren(List<Expr> c) {
      return new Unary(op, c.get(0));
    }

    public String toString() {
      return switch (op) {
        case NOT -> "(NOT " + child + ")";
        case NEGATE -> "(- " + child + ")";
        case IS_NULL -> "(" + child + " IS NULL)";
        case IS_NOT_NULL -> "(" + child + " IS NOT NULL)";
      };
    }
  }

  enum BinOp {
    ADD("+"),
    SUB("-"),
    MUL("*"),
    DIV("/"),
    MOD("%"),
    EQ("="),
    EQ_NULL_SAFE("<=>"),
    NEQ("!="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">="),
    AND("AND"),
    OR("OR");

    public final String symbol;

    BinOp(String symbol) {
      this.symbol = symbol;
    }

    public boolean isArithmetic() {
      return ordinal() <= MOD.ordinal();
    }

    public boolean isComparison() {
      return ordinal() >= EQ.ordinal() && ordinal() <= GE.ordinal();
    }

    /** The comparison with operands swapped ({@code a < b} is {@code b > a}). */
    public BinOp flip() {
      return switch (this) {
        case LT -> GT;
        case LE -> GE;
        case GT -> LT;
        case GE -> LE;
        default -> this;
      };
    }
  }

  record Binary(BinOp op, Expr left, Expr right) implements Expr {
    public List<Expr> children() {
      return List.of(left, right);
    }

    public Expr withChildren(List<Expr> c) {
      return new Binary(op, c.get(0), c.get(1));
    }

    public String toString() {
      return "(" + left + " " + op.symbol + " " + right + ")";
    }
  }

  record In(Expr value, List<Expr> list) implements Expr {
    public List<Expr> children() {
      List<Expr> all = new ArrayList<>();
      all.add(value);
      all.addAll(list);
      return all;
    }

    public Expr withChildren(List<Expr> c) {
      return new In(c.get(0), c.subList(1, c.size()));
    }

    public String toString() {
      return "(" + value + " IN (" + join(list) + "))";
    }
  }

  /** {@code value LIKE pattern}; the pattern is a string literal. */
  record Like(Expr value, Expr pattern) implements Expr {
    public List<Expr> children() {
      return List.of(value, pattern);
    }

    public Expr withChildren(List<Expr> c) {
      return new Like(c.get(0), c.get(1));
    }

    public String toString() {
      return "(" + value + " LIKE " + pattern + ")";
    }
  }

  /** CASE WHEN c1 THEN v1 ... ELSE e END; otherwise may be null (meaning NULL). */
  record Case(List<Expr> conditions, List<Expr> values, Expr otherwise) implements Expr {
    public List<Expr> children() {
      List<Expr> all = new ArrayList<>();
      for (int i = 0; i < conditions.size(); i++) {
        all.add(conditions.get(i));
        all.add(values.get(i));
      }
      all.add(otherwise == null ? Lit.NULL : otherwise);
      return all;
    }

    public Expr withChildren(List<Expr> c) {
      List<Expr> conds = new ArrayList<>();
      List<Expr> vals = new ArrayList<>();
      for (int i = 0; i + 1 < c.size(); i += 2) {
        conds.add(c.get(i));
        vals.add(c.get(i + 1));
      }
      return new Case(conds, vals, c.get(c.size() - 1));
    }

    public String toString() {
      StringBuilder sb = new StringBuilder("CASE");
      for (int i = 0; i < conditions.size(); i++) {
        sb.append(" WHEN ").append(conditions.get(i)).append(" THEN ").append(values.get(i));
      }
      if (otherwise != null) {
        sb.append(" ELSE ").append(otherwise);
      }
      return sb.append(" END").toString();
    }
  }

  record Cast(Expr child, DataType type) implements Expr {
    public List<Expr> children() {
      return List.of(child);
    }

    public Expr withChildren(List<Expr> c) {
      return new Cast(c.get(0), type);
    }

    public String toString() {
      return "CAST(" + child + " AS " + type.simpleString() + ")";
    }
  }

  /** A scalar function call by (lower-case) name. */
  record Call(String name, List<Expr> args) implements Expr {
    public List<Expr> children() {
      return args;
    }

    public Expr withChildren(List<Expr> c) {
      return new Call(name, List.copyOf(c));
    }

    public String toString() {
      return name + "(" + join(args) + ")";
    }
  }

  /** An aggregate function call; {@code count(*)} has no arguments. */
  record Agg(String name, List<Expr> args, boolean distinct) implements Expr {
    public List<Expr> children() {
      return args;
    }

    public Expr withChildren(List<Expr> c) {
      return new Agg(name, List.copyOf(c), distinct);
    }

    public String toString() {
      String a = args.isEmpty() ? "1" : join(args);
      return name + "(" + (distinct ? "DISTINCT " : "") + a + ")";
    }
  }

  /** A sort key. */
  record Order(Expr child, boolean ascending, boolean nullsFirst) implements Expr {
    public List<Expr> children() {
      return List.of(child);
    }

    public Expr withChildren(List<Expr> c) {
      return new Order(c.get(0), ascending, nullsFirst);
    }

    public String toString() {
      return child + (ascending ? " ASC" : " DESC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
    }
  }

  /** {@code row_number() OVER (PARTITION BY ... ORDER BY ...)}. */
  record RowNumber(List<Expr> partitionBy, List<Order> orderBy) implements Expr {
    public List<Expr> children() {
      List<Expr> all = new ArrayList<>(partitionBy);
      all.addAll(orderBy);
      return all;
    }

    public Expr withChildren(List<Expr> c) {
      List<Order> orders = new ArrayList<>();
      for (Expr e : c.subList(partitionBy.size(), c.size())) {
        orders.add((Order) e);
      }
      return new RowNumber(List.copyOf(c.subList(0, partitionBy.size())), orders);
    }

    public String toString() {
      return "row_number() OVER (PARTITION BY "
          + join(partitionBy)
          + " ORDER BY "
          + join(orderBy)
          + ")";
    }
  }

  static String join(List<? extends Expr> list) {
    return list.stream().map(Object::toString).collect(Collectors.joining(", "));
  }

  /** Rewrites bottom-up. */
  static Expr transformUp(Expr e, Function<Expr, Expr> f) {
    List<Expr> children = e.children();
    if (!children.isEmpty()) {
      List<Expr> mapped = new ArrayList<>(children.size());
      boolean changed = false;
      for (Expr c : children) {
        Expr m = transformUp(c, f);
        changed |= m != c;
        mapped.add(m);
      }
      if (changed) {
        e = e.withChildren(mapped);
      }
    }
    return f.apply(e);
  }

  /** Whether any node satisfies the test. */
  static boolean exists(Expr e, java.util.function.Predicate<Expr> test) {
    if (test.test(e)) {
      return true;
    }
    for (Expr c : e.children()) {
      if (exists(c, test)) {
        return true;
      }
    }
    return false;
  }

  /** The attributes referenced. */
  static void collectRefs(Expr e, java.util.Collection<Attribute> out) {
    if (e instanceof Ref r) {
      out.add(r.attr());
    }
    for (Expr c : e.children()) {
      collectRefs(c, out);
    }
  }

  /** The output name Spark would give this expression. */
  static String nameOf(Expr e) {
    if (e instanceof Alias a) {
      return a.name();
    }
    if (e instanceof Ref r) {
      return r.attr().name();
    }
    if (e instanceof Col c) {
      return c.name();
    }
    if (e instanceof Cast c && c.child() instanceof Ref r) {
      return r.attr().name();
    }
    return e.toString();
  }

  /** Removes a top-level alias. */
  static Expr strip(Expr e) {
    return e instanceof Alias a ? a.child() : e;
  }

  /** Splits a conjunction. */
  static List<Expr> conjuncts(Expr e) {
    // Iterative: a predicate built through the API (c1.and(c2).and(c3)...) may be left-deep.
    List<Expr> out = new ArrayList<>();
    java.util.ArrayDeque<Expr> stack = new java.util.ArrayDeque<>();
    stack.push(e);
    while (!stack.isEmpty()) {
      Expr next = stack.pop();
      if (next instanceof Binary b && b.op() == BinOp.AND) {
        stack.push(b.right());
        stack.push(b.left());
      } else {
        out.add(next);
      }
    }
    return out;
  }

  /** The AND of the list as a balanced tree (null for an empty list). */
  static Expr and(List<Expr> list) {
    return list.isEmpty() ? null : balanced(BinOp.AND, list);
  }

  /**
   * {@code terms[0] op terms[1] op ...} as a balanced tree, for the associative AND and OR: a
   * 10,000-term list is 14 levels deep instead of 10,000, so the recursive analysis and evaluation
   * of the tree stay far from the stack limit. The order of the terms is kept.
   */
  static Expr balanced(BinOp op, List<Expr> terms) {
    if (op != BinOp.AND && op != BinOp.OR) {
      throw new IllegalArgumentException(op + " is not associative");
    }
    return balanced(op, terms, 0, terms.size());
  }

  private static Expr balanced(BinOp op, List<Expr> terms, int from, int to) {
    if (to - from == 1) {
      return terms.get(from);
    }
    int mid = (from + to) >>> 1;
    return new Binary(op, balanced(op, terms, from, mid), balanced(op, terms, mid, to));
  }

  /**
   * The depth of the tree (a single node is 1), counted without recursion and up to {@code stopAt}:
   * callers only need to know whether it is over a limit.
   */
  static int depth(Expr root, int stopAt) {
    int max = 0;
    java.util.ArrayDeque<Object[]> stack = new java.util.ArrayDeque<>();
    stack.push(new Object[] {root, 1});
    while (!stack.isEmpty()) {
      Object[] top = stack.pop();
      Expr e = (Expr) top[0];
      int d = (Integer) top[1];
      max = Math.max(max, d);
      if (max >= stopAt) {
        return max;
      }
      for (Expr child : e.children()) {
        stack.push(new Object[] {child, d + 1});
      }
    }
    return max;
  }
}
