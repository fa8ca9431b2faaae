package dev.strata.engine;

import dev.strata.engine.internal.expr.Expr;
import dev.strata.engine.internal.expr.Expr.*;
import dev.strata.engine.internal.parser.SqlParser;
import dev.strata.format.StrataException;
import dev.strata.format.types.DataType;
import dev.strata.format.types.StructType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An expression over the columns of a Dataset, as in Spark: built with {@link functions} ({@code
 * col("quantity").multiply(col("price"))}) or parsed from SQL ({@code functions.expr("quantity *
 * price")}). Immutable; names are resolved when the column is used in a Dataset.
 */
public final class Column {
  final Expr expr;

  Column(Expr expr) {
    this.expr = expr;
  }

  Expr expr() {
    return expr;
  }

  static Expr of(Object v) {
    return v instanceof Column c ? c.expr : Lit.of(v);
  }

  private Column bin(BinOp op, Object other) {
    return new Column(new Binary(op, expr, of(other)));
  }

  public Column plus(Object other) {
    return bin(BinOp.ADD, other);
  }

  public Column minus(Object other) {
    return bin(BinOp.SUB, other);
  }

  public Column multiply(Object other) {
    return bin(BinOp.MUL, other);
  }

  public Column divide(Object other) {
    return bin(BinOp.DIV, other);
  }

  public Column mod(Object other) {
    return bin(BinOp.MOD, other);
  }

  /** Arithmetic negation. */
  public Column negate() {
    return new Column(new Unary(UnOp.NEGATE, expr));
  }

  public Column equalTo(Object other) {
    return bin(BinOp.EQ, other);
  }

  public Column notEqual(Object other) {
    return bin(BinOp.NEQ, other);
  }

  /** Null-safe equality ({@code <=>}): two nulls are equal, never null itself. */
  public Column eqNullSafe(Object other) {
    return bin(BinOp.EQ_NULL_SAFE, other);
  }

  public Column gt(Object other) {
    return bin(BinOp.GT, other);
  }

  public Column geq(Object other) {
    return bin(BinOp.GE, other);
  }

  public Column lt(Object other) {
    return bin(BinOp.LT, other);
  }

  public Column leq(Object other) {
    return bin(BinOp.LE, other);
  }

  /** Logical AND with SQL three-valued logic. */
  public Column and(Column other) {
    return bin(BinOp.AND, other);
  }

  /** Logical OR with SQL three-valued logic. */
  public Column or(Column other) {
    return bin(BinOp.OR, other);
  }

  public Column isNull() {
    return new Column(new Unary(UnOp.IS_NULL, expr));
  }

  public Column isNotNull() {
    return new Column(new Unary(UnOp.IS_NOT_NULL, expr));
  }

  /** Whether the value equals one of the given values (Columns or literals). */
  public Column isin(Object... values) {
    if (values.length == 1 && values[0] instanceof java.util.Collection<?> c) {
      values = c.toArray();
    }
    return new Column(new In(expr, Arrays.stream(values).map(Column::of).toList()));
  }

  public Column between(Object lower, Object upper) {
    return geq(lower).and(leq(upper));
  }

  /** SQL LIKE with {@code %} and {@code _}. */
  public Column like(String pattern) {
    return new Column(new Like(expr, Lit.of(pattern)));
  }

  public Column startsWith(String prefix) {
    return new Column(new Call("startswith", List.of(expr, Lit.of(prefix))));
  }

  public Column endsWith(String suffix) {
    return new Column(new Call("endswith", List.of(expr, Lit.of(suffix))));
  }

  public Column contains(String part) {
    return new Column(new Call("contains", List.of(expr, Lit.of(part))));
  }

  /** 1-based substring. */
  public Column substr(int pos, int len) {
    return new Column(new Call("substring", List.of(expr, Lit.of(pos), Lit.of(len))));
  }

  public Column cast(DataType type) {
    return new Column(new Cast(expr, type));
  }

  /** Cast to a SQL type name such as {@code "bigint"} or {@code "decimal(10,2)"}. */
  public Column cast(String typeName) {
    return cast(SqlParser.parseType(typeName));
  }

  /** Names the column. */
  public Column as(String name) {
    return new Column(new Alias(Expr.strip(expr), name));
  }

  public Column alias(String name) {
    return as(name);
  }

  public Column name(String name) {
    return as(name);
  }

  public Column asc() {
    return new Column(new Order(base(), true, true));
  }

  public Column asc_nulls_first() {
    return new Column(new Order(base(), true, true));
  }

  public Column asc_nulls_last() {
    return new Column(new Order(base(), true, false));
  }

  public Column desc() {
    return new Column(new Order(base(), false, false));
  }

  public Column desc_nulls_first() {
    return new Column(new Order(base(), false, true));
  }

  public Column desc_nulls_last() {
    return new Column(new Order(base(), false, false));
  }

  private Expr base() {
    return expr instanceof Order o ? o.child() : expr;
  }

  /** Continues a {@link functions#when} chain. */
  public Column when(Column condition, Object value) {
    if (!(expr instanceof Case c) || c.otherwise() != null) {
      throw new StrataException("when() can only follow functions.when(...) or another when()");
    }
    List<Expr> conds = new ArrayList<>(c.conditions()), vals = new ArrayList<>(c.values());
    conds.add(condition.expr);
    vals.add(of(value));
    return new Column(new Case(conds, vals, null));
  }

  /** Ends a {@link functions#when} chain with the value for no match. */
  public Column otherwise(Object value) {
    if (!(expr instanceof Case c) || c.otherwise() != null) {
      throw new StrataException("otherwise() can only follow functions.when(...)");
    }
    return new Column(new Case(c.conditions(), c.values(), of(value)));
  }

  /** Applies a window function (only {@code row_number()}) over a window specification. */
  public Column over(WindowSpec window) {
    if (!(expr instanceof Call c) || !c.name().equals("row_number")) {
      throw new StrataException("Only row_number() can be used with over(); got " + expr);
    }
    return new Column(new RowNumber(window.partitionBy, window.orderBy));
  }

  /**
   * Binds this expression to a schema for evaluation outside a Dataset (writer predicates, CHECK
   * constraints, CLI filters).
   */
  public BoundExpression bind(StructType schema) {
    return Expressions.bind(this, schema);
  }

  @Override
  public String toString() {
    return expr.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Column c && c.expr.equals(expr);
  }

  @Override
  public int hashCode() {
    return expr.hashCode();
  }
}
