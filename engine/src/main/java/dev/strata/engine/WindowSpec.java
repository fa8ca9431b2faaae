package dev.strata.engine;

import dev.strata.engine.internal.expr.Expr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A window: partitioning and ordering for {@code row_number().over(...)}. */
public final class WindowSpec {
  final List<Expr> partitionBy;
  final List<Expr.Order> orderBy;

  WindowSpec(List<Expr> partitionBy, List<Expr.Order> orderBy) {
    this.partitionBy = List.copyOf(partitionBy);
    this.orderBy = List.copyOf(orderBy);
  }

  public WindowSpec partitionBy(Column... cols) {
    return new WindowSpec(Arrays.stream(cols).map(c -> c.expr).toList(), orderBy);
  }

  public WindowSpec partitionBy(String... cols) {
    return partitionBy(Arrays.stream(cols).map(functions::col).toArray(Column[]::new));
  }

  public WindowSpec orderBy(Column... cols) {
    List<Expr.Order> o = new ArrayList<>();
    for (Column c : cols) {
      o.add(c.expr instanceof Expr.Order x ? x : new Expr.Order(c.expr, true, true));
    }
    return new WindowSpec(partitionBy, o);
  }

  public WindowSpec orderBy(String... cols) {
    return orderBy(Arrays.stream(cols).map(functions::col).toArray(Column[]::new));
  }
}
