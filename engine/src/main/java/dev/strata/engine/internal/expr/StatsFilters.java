package dev.strata.engine.internal.expr;

import dev.strata.engine.internal.expr.Expr.*;
import dev.strata.format.stats.ColumnRange;
import dev.strata.format.stats.StatsPredicate;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.Function;

/**
 * Turns resolved predicates into {@link StatsPredicate}s over min/max/null-count statistics, for
 * skipping files and row groups. Conservative: anything it does not understand might match.
 */
public final class StatsFilters {
  private StatsFilters() {}

  public static StatsPredicate of(List<Expr> conjuncts) {
    if (conjuncts.isEmpty()) {
      return StatsPredicate.all();
    }
    return ranges -> {
      for (Expr c : conjuncts) {
        if (!mightMatch(c, ranges)) {
          return false;
        }
      }
      return true;
    };
  }

  private static String column(Expr e) {
    if (e instanceof Ref r) {
      return r.attr().name();
    }
    if (e instanceof Cast c && Types.typeOf(c.child()).isNumeric() && c.type().isNumeric()) {
      return column(c.child());
    }
    return null;
  }

  static boolean mightMatch(Expr e, Function<String, ColumnRange> ranges) {
    try {
      return test(e, ranges);
    } catch (RuntimeException ex) {
      return true;
    }
  }

  private static boolean test(Expr e, Function<String, ColumnRange> ranges) {
    if (e instanceof Binary b) {
      if (b.op() == BinOp.AND) {
        return test(b.left(), ranges) && test(b.right(), ranges);
      }
      if (b.op() == BinOp.OR) {
        return test(b.left(), ranges) || test(b.right(), ranges);
      }
      if (!b.op().isComparison() || b.op() == BinOp.EQ_NULL_SAFE) {
        return true;
      }
      String col = column(b.left());
      Expr other = b.right();
      BinOp op = b.op();
      if (col == null) {
        col = column(b.right());
        other = b.left();
        op = op.flip();
      }
      if (col == null || !(other instanceof Lit lit)) {
        return true;
      }
      ColumnRange r = ranges.apply(col);
      if (r == null) {
        return true;
      }
      if (lit.value() == null || r.allNull()) {
        return false;
      }
      return compareRange(op, lit.value(), r);
    }
    if (e instanceof Unary u) {
      String col = column(u.child());
      if (col == null) {
        return true;
      }
      ColumnRange r = ranges.apply(col);
      if (r == null) {
        return true;
      }
      if (u.op() == UnOp.IS_NULL) {
        return r.mayHaveNull();
      }
      if (u.op() == UnOp.IS_NOT_NULL) {
        return r.mayHaveNonNull();
      }
      return true;
    }
    if (e instanceof In in) {
      String col = column(in.value());
      if (col == null) {
        return true;
      }
      ColumnRange r = ranges.apply(col);
      if (r == null) {
        return true;
      }
      if (r.allNull()) {
        return false;
      }
      for (Expr x : in.list()) {
        if (!(x instanceof Lit l)) {
          return true;
        }
        if (l.value() != null && compareRange(BinOp.EQ, l.value(), r)) {
          return true;
        }
      }
      return false;
    }
    return true;
  }

  private static boolean compareRange(BinOp op, Object v, ColumnRange r) {
    Integer cMin = r.min() == null ? null : cmp(v, r.min());
    Integer cMax = r.max() == null ? null : cmp(v, r.max());
    return switch (op) {
      case EQ -> (cMin == null || cMin >= 0) && (cMax == null || cMax <= 0);
      case NEQ -> !(cMin != null && cMax != null && cMin == 0 && cMax == 0 && r.nullCount() == 0);
      case LT -> cMin == null || cMin > 0; // some value < v  <=> min < v
      case LE -> cMin == null || cMin >= 0;
      case GT -> cMax == null || cMax < 0; // some value > v <=> max > v
      case GE -> cMax == null || cMax <= 0;
      default -> true;
    };
  }

  /** Compares a literal with a statistics value; null when they are not comparable. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Integer cmp(Object v, Object stat) {
    if (v instanceof Number a && stat instanceof Number b) {
      return toBig(a).compareTo(toBig(b));
    }
    if (v instanceof LocalDate d && stat instanceof Instant i) {
      return Long.compare(d.toEpochDay() * 86400L, i.getEpochSecond());
    }
    if (v instanceof Instant i && stat instanceof LocalDate d) {
      return Long.compare(i.getEpochSecond(), d.toEpochDay() * 86400L);
    }
    if (v instanceof LocalDateTime a && stat instanceof LocalDateTime b) {
      return a.compareTo(b);
    }
    if (v.getClass() == stat.getClass() && v instanceof Comparable c) {
      return c.compareTo(stat);
    }
    return null;
  }

  private static BigDecimal toBig(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof Double || n instanceof Float) {
      return new BigDecimal(n.toString());
    }
    return BigDecimal.valueOf(n.longValue());
  }
}
