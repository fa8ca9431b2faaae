package dev.strata.engine.internal.plan;

import dev.strata.engine.internal.exec.Source;
import dev.strata.engine.internal.expr.Attribute;
import dev.strata.engine.internal.expr.Expr;
import java.util.ArrayList;
import java.util.List;

/** Logical plan nodes; each knows its output attributes. Built resolved by the Dataset API. */
public sealed interface LogicalPlan {
  List<Attribute> output();

  List<LogicalPlan> children();

  record Scan(Source source, List<Attribute> output, List<Expr> filters) implements LogicalPlan {
    public List<LogicalPlan> children() {
      return List.of();
    }
  }

  /** Each expression is a {@link Expr.Ref} or an {@link Expr.Alias}; output matches by position. */
  record Project(List<Expr> exprs, List<Attribute> output, LogicalPlan child)
      implements LogicalPlan {
    public List<LogicalPlan> children() {
      return List.of(child);
    }
  }

  record Filter(Expr condition, LogicalPlan child) implements LogicalPlan {
    public List<Attribute> output() {
      return child.output();
    }

    public List<LogicalPlan> children() {
      return List.of(child);
    }
  }

  enum JoinType {
    INNER("Inner"),
    LEFT("LeftOuter"),
    RIGHT("RightOuter"),
    FULL("FullOuter"),
    LEFT_SEMI("LeftSemi"),
    LEFT_ANTI("LeftAnti"),
    CROSS("Cross");

    public final String display;

    JoinType(String display) {
      this.display = display;
    }

    public static JoinType parse(String s) {
      return switch (s.toLowerCase(java.util.Locale.ROOT).replace("_", "").replace(" ", "")) {
        case "inner" -> INNER;
        case "left", "leftouter" -> LEFT;
        case "right", "rightouter" -> RIGHT;
        case "full", "outer", "fullouter" -> FULL;
        case "leftsemi", "semi" -> LEFT_SEMI;
        case "leftanti", "anti" -> LEFT_ANTI;
        case "cross" -> CROSS;
        default ->
            throw new dev.strata.format.StrataException(
                "Unknown join type '"
                    + s
                    + "': use inner, left, right, full, left_semi, left_anti or cross");
      };
    }
  }

  record Join(LogicalPlan left, LogicalPlan right, JoinType type, Expr condition)
      implements LogicalPlan {
    public List<Attribute> output() {
      List<Attribute> out = new ArrayList<>();
      boolean leftNullable = type == JoinType.RIGHT || type == JoinType.FULL;
      boolean rightNullable = type == JoinType.LEFT || type == JoinType.FULL;
      for (Attribute a : left.output()) {
        out.add(leftNullable ? a.withNullable(true) : a);
      }
      if (type != JoinType.LEFT_SEMI && type != JoinType.LEFT_ANTI) {
        for (Attribute a : right.output()) {
          out.add(rightNullable ? a.withNullable(true) : a);
        }
      }
      return out;
    }

    public List<LogicalPlan> children() {
      return List.of(left, right);
    }
  }

  /**
   * Group by keys; {@code results} are the output expressions (Alias or Ref) over the key
   * expressions and aggregate calls.
   */
  record Aggregate(
      List<Expr> groupBy, List<Expr> results, List<Attribute> output, LogicalPlan child)
      implements LogicalPlan {
    public List<LogicalPlan> children() {
      return List.of(child);
    }
  }

  /** Keep the first row per key by the orders; optionally a row-number column (always 1). */
  record Dedupe(List<Expr> keys, List<Expr.Order> orders, Attribute rowNumber, LogicalPlan child)
      implements LogicalPlan {
    public List<Attribute> output() {
      List<Attribute> out = new ArrayList<>(child.output());
      if (rowNumber != null) {
        out.add(rowNumber);
      }
      return out;
    }

    public List<LogicalPlan> children() {
      return List.of(child);
    }
  }

  /** row_number() over (partition by ... order by ...) as a new column. */
  record Window(Expr.RowNumber spec, Attribute rowNumber, LogicalPlan child)
      implements LogicalPlan {
    public List<Attribute> output() {
      List<Attribute> out = new ArrayList<>(child.output());
      out.add(rowNumber);
      return out;
    }

    public List<LogicalPlan> children() {
      return List.of(child);
    }
  }

  record Union(List<LogicalPlan> inputs, List<Attribute> output) implements LogicalPlan {
    public List<LogicalPlan> children() {
      return inputs;
    }
  }

  /** Hash repartitioning by keys, or round robin when there are none. */
  record Repartition(int numPartitions, List<Expr> keys, LogicalPlan child) implements LogicalPlan {
    public List<Attribute> output() {
      return child.output();
    }

    public List<LogicalPlan> children() {
      return List.of(child);
    }
  }

  record Sort(List<Expr.Order> orders, LogicalPlan child) implements LogicalPlan {
    public List<Attribute> output() {
      return child.output();
    }

    public List<LogicalPlan> children() {
      return List.of(child);
    }
  }

  /** At most {@code numPartitions} partitions, each a range of the child's: no shuffle. */
  record Coalesce(int numPartitions, LogicalPlan child) implements LogicalPlan {
    public List<Attribute> output() {
      return child.output();
    }

    public List<LogicalPlan> children() {
      return List.of(child);
    }
  }

  record Limit(long n, LogicalPlan child) implements LogicalPlan {
    public List<Attribute> output() {
      return child.output();
    }

    public List<LogicalPlan> children() {
      return List.of(child);
    }
  }

  /** Qualifies the child's columns with an alias. */
  record SubqueryAlias(String alias, LogicalPlan child) implements LogicalPlan {
    public List<Attribute> output() {
      return child.output().stream().map(a -> a.withQualifier(alias)).toList();
    }

    public List<LogicalPlan> children() {
      return List.of(child);
    }
  }

  /** A hint that the child is small enough to broadcast. */
  record BroadcastHint(LogicalPlan child) implements LogicalPlan {
    public List<Attribute> output() {
      return child.output();
    }

    public List<LogicalPlan> children() {
      return List.of(child);
    }
  }

  /**
   * A plan already materialised elsewhere (a cache or checkpoint hook); {@code key} identifies it
   * for the block manager.
   */
  record Persisted(Object key, LogicalPlan child) implements LogicalPlan {
    public List<Attribute> output() {
      return child.output();
    }

    public List<LogicalPlan> children() {
      return List.of(child);
    }
  }
}
