package dev.strata.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The result of {@link Dataset#groupBy}: aggregate it with {@link #agg}. */
public final class RelationalGroupedDataset {
  private final Dataset source;
  private final List<Column> keys;

  RelationalGroupedDataset(Dataset source, List<Column> keys) {
    this.source = source;
    this.keys = keys;
  }

  /** Grouping columns followed by the aggregates. */
  public Dataset agg(Column first, Column... more) {
    List<Column> all = new ArrayList<>();
    all.add(first);
    all.addAll(Arrays.asList(more));
    return source.groupAgg(keys, all);
  }

  public Dataset agg(List<Column> aggs) {
    return source.groupAgg(keys, aggs);
  }

  /** Rows per group as column {@code count}. */
  public Dataset count() {
    return agg(functions.count(functions.col("*")).as("count"));
  }

  public Dataset sum(String... cols) {
    return agg(Arrays.stream(cols).map(c -> functions.sum(functions.col(c))).toList());
  }

  public Dataset avg(String... cols) {
    return agg(Arrays.stream(cols).map(c -> functions.avg(functions.col(c))).toList());
  }

  public Dataset min(String... cols) {
    return agg(Arrays.stream(cols).map(c -> functions.min(functions.col(c))).toList());
  }

  public Dataset max(String... cols) {
    return agg(Arrays.stream(cols).map(c -> functions.max(functions.col(c))).toList());
  }
}
