package dev.strata.engine;

import dev.strata.engine.internal.expr.Expr;
import dev.strata.engine.internal.expr.Expr.*;
import dev.strata.engine.internal.parser.SqlParser;
import java.util.Arrays;
import java.util.List;

/** Column functions, named as in Spark's {@code org.apache.spark.sql.functions}. */
@SuppressWarnings("checkstyle:TypeName")
public final class functions {
  private functions() {}

  /**
   * A column by name; {@code "t.col"} is column {@code col} of the Dataset aliased {@code t}, and a
   * backquoted name is taken literally.
   */
  public static Column col(String name) {
    if (name.equals("*")) {
      return new Column(new Star(null));
    }
    if (name.startsWith("`") && name.endsWith("`") && name.length() > 1) {
      return new Column(new Col(null, name.substring(1, name.length() - 1).replace("``", "`")));
    }
    if (name.endsWith(".*")) {
      return new Column(new Star(name.substring(0, name.length() - 2)));
    }
    int dot = name.indexOf('.');
    if (dot > 0 && dot < name.length() - 1) {
      return new Column(new Col(name.substring(0, dot), name.substring(dot + 1)));
    }
    return new Column(new Col(null, name));
  }

  public static Column column(String name) {
    return col(name);
  }

  /** A literal (a Column is returned as is). */
  public static Column lit(Object value) {
    return value instanceof Column c ? c : new Column(Lit.of(value));
  }

  /** Parses a SQL expression; a malformed one is an {@link InvalidPredicateException}. */
  public static Column expr(String sql) {
    return new Column(SqlParser.parseExpression(sql));
  }

  public static Column not(Column c) {
    return new Column(new Unary(UnOp.NOT, c.expr));
  }

  public static Column isnull(Column c) {
    return c.isNull();
  }

  /** Marks a Dataset as small: joins with it broadcast it. */
  public static Dataset broadcast(Dataset ds) {
    return ds.withBroadcastHint();
  }

  public static Column when(Column condition, Object value) {
    return new Column(new Case(List.of(condition.expr), List.of(Column.of(value)), null));
  }

  public static Column coalesce(Column... cols) {
    return call("coalesce", cols);
  }

  private static Column call(String name, Column... cols) {
    return new Column(new Call(name, Arrays.stream(cols).map(c -> c.expr).toList()));
  }

  private static Column call(String name, List<Expr> args) {
    return new Column(new Call(name, args));
  }

  public static Column lower(Column c) {
    return call("lower", c);
  }

  public static Column upper(Column c) {
    return call("upper", c);
  }

  public static Column trim(Column c) {
    return call("trim", c);
  }

  public static Column ltrim(Column c) {
    return call("ltrim", c);
  }

  public static Column rtrim(Column c) {
    return call("rtrim", c);
  }

  /** 1-based substring of {@code len} characters. */
  public static Column substring(Column c, int pos, int len) {
    return call("substring", List.of(c.expr, Lit.of(pos), Lit.of(len)));
  }

  public static Column concat(Column... cols) {
    return call("concat", cols);
  }

  public static Column concat_ws(String sep, Column... cols) {
    List<Expr> args = new java.util.ArrayList<>();
    args.add(Lit.of(sep));
    for (Column c : cols) {
      args.add(c.expr);
    }
    return call("concat_ws", args);
  }

  public static Column length(Column c) {
    return call("length", c);
  }

  public static Column abs(Column c) {
    return call("abs", c);
  }

  public static Column round(Column c, int scale) {
    return call("round", List.of(c.expr, Lit.of(scale)));
  }

  public static Column to_date(Column c) {
    return call("to_date", c);
  }

  /** Parses strings with a datetime pattern such as {@code dd/MM/yyyy}. */
  public static Column to_date(Column c, String format) {
    return call("to_date", List.of(c.expr, Lit.of(format)));
  }

  public static Column to_timestamp(Column c) {
    return call("to_timestamp", c);
  }

  /** Parses strings with a pattern (interpreted as UTC). */
  public static Column to_timestamp(Column c, String format) {
    return call("to_timestamp", List.of(c.expr, Lit.of(format)));
  }

  public static Column date_add(Column c, int days) {
    return call("date_add", List.of(c.expr, Lit.of(days)));
  }

  public static Column date_sub(Column c, int days) {
    return call("date_sub", List.of(c.expr, Lit.of(days)));
  }

  public static Column datediff(Column end, Column start) {
    return call("datediff", end, start);
  }

  public static Column year(Column c) {
    return call("year", c);
  }

  public static Column month(Column c) {
    return call("month", c);
  }

  public static Column dayofmonth(Column c) {
    return call("dayofmonth", c);
  }

  public static Column hour(Column c) {
    return call("hour", c);
  }

  /** Truncates a timestamp to {@code year}, {@code month}, {@code day}, {@code hour}, ... */
  public static Column date_trunc(String unit, Column c) {
    return call("date_trunc", List.of(Lit.of(unit), c.expr));
  }

  // ------------------------------------------------------------ aggregates

  private static Column agg(String name, boolean distinct, Column... cols) {
    return new Column(new Agg(name, Arrays.stream(cols).map(c -> c.expr).toList(), distinct));
  }

  /** count of non-null values; {@code count(col("*"))} or {@code count("*")} counts rows. */
  public static Column count(Column c) {
    if (c.expr instanceof Star) {
      return new Column(new Agg("count", List.of(), false));
    }
    return agg("count", false, c);
  }

  public static Column count(String column) {
    return count(col(column));
  }

  public static Column countDistinct(Column first, Column... more) {
    Column[] all = new Column[more.length + 1];
    all[0] = first;
    System.arraycopy(more, 0, all, 1, more.length);
    return agg("count", true, all);
  }

  public static Column countDistinct(String column) {
    return countDistinct(col(column));
  }

  public static Column count_distinct(Column c) {
    return countDistinct(c);
  }

  public static Column sum(Column c) {
    return agg("sum", false, c);
  }

  public static Column sum(String column) {
    return sum(col(column));
  }

  public static Column avg(Column c) {
    return agg("avg", false, c);
  }

  public static Column avg(String column) {
    return avg(col(column));
  }

  public static Column mean(Column c) {
    return avg(c);
  }

  public static Column min(Column c) {
    return agg("min", false, c);
  }

  public static Column min(String column) {
    return min(col(column));
  }

  public static Column max(Column c) {
    return agg("max", false, c);
  }

  public static Column max(String column) {
    return max(col(column));
  }

  public static Column first(Column c) {
    return agg("first", false, c);
  }

  public static Column last(Column c) {
    return agg("last", false, c);
  }

  /** {@code row_number()}; use with {@link Column#over}. */
  public static Column row_number() {
    return new Column(new Call("row_number", List.of()));
  }

  public static Column asc(String column) {
    return col(column).asc();
  }

  public static Column desc(String column) {
    return col(column).desc();
  }
}
