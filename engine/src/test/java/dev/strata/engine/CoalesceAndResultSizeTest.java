package dev.strata.engine;

import static dev.strata.engine.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.format.Row;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** coalesce(n) is narrow and keeps every row; transform chains; collect() has a size guard. */
class CoalesceAndResultSizeTest {
  static final StructType SCHEMA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG), StructField.of("day", PrimitiveType.STRING));

  static Dataset rows(Strata strata, int n) {
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      rows.add(Row.of(i, "d" + (i % 7)));
    }
    return strata.createDataset(rows, SCHEMA);
  }

  @Test
  void coalesceReducesPartitionsWithoutAShuffle() {
    try (Strata strata = Strata.builder().parallelism(2).build()) {
      Dataset eight = rows(strata, 1000).repartition(8);
      Dataset three = eight.coalesce(3);
      assertThat(three.numPartitions()).isEqualTo(3);
      List<Row> out = three.collect();
      assertThat(out).hasSize(1000);
      assertThat(out.stream().map(r -> (Long) r.get(0)).distinct().count()).isEqualTo(1000);
      // Same stages as the repartition alone: the coalesce runs inside the reading stage.
      int withCoalesce = strata.lastJob().stages().size();
      eight.collect();
      assertThat(withCoalesce).isEqualTo(strata.lastJob().stages().size());
      assertThat(three.explainString())
          .contains("Coalesce 3")
          .doesNotContain("Exchange RoundRobin 3");
    }
  }

  @Test
  void coalesceNeverGrowsAndKeepsFilteredRows() {
    try (Strata strata = Strata.builder().parallelism(2).build()) {
      Dataset two = rows(strata, 500).repartition(2);
      assertThat(two.coalesce(10).numPartitions()).isEqualTo(2);
      assertThat(two.where(col("day").equalTo(functions.lit("d3"))).coalesce(1).count())
          .isEqualTo(500 / 7 + (500 % 7 > 3 ? 1 : 0));
      assertThatThrownBy(() -> two.coalesce(0)).hasMessageContaining("n >= 1");
    }
  }

  @Test
  void transformAppliesTheFunction() {
    try (Strata strata = Strata.builder().parallelism(2).build()) {
      Dataset d =
          rows(strata, 100)
              .transform(ds -> ds.where(col("id").lt(functions.lit(10L))))
              .transform(ds -> ds.select("id"));
      assertThat(d.columns()).containsExactly("id");
      assertThat(d.count()).isEqualTo(10);
    }
  }

  @Test
  void collectOverTheResultLimitFailsOnceWithTheAlternatives() {
    try (Strata strata =
        Strata.builder().parallelism(2).config("strata.driver.maxResultSize", "4k").build()) {
      Dataset big = rows(strata, 20_000).repartition(4);
      assertThatThrownBy(big::collect)
          // Not retried: the task that crossed the limit failed on its first attempt.
          .hasMessageContaining("failed 1 time(s)")
          .hasRootCauseInstanceOf(ResultTooLargeException.class)
          .rootCause()
          .hasMessageContaining("strata.driver.maxResultSize (4096 bytes)")
          .hasMessageContaining("limit(n)")
          .hasMessageContaining("write()");
      // Small results still work, and counting is not collecting.
      assertThat(rows(strata, 10).collect()).hasSize(10);
      assertThat(big.count()).isEqualTo(20_000);
    }
  }

  @Test
  void noLimitWhenZero() {
    try (Strata strata =
        Strata.builder().parallelism(2).config("strata.driver.maxResultSize", "0").build()) {
      assertThat(rows(strata, 20_000).collect()).hasSize(20_000);
    }
  }
}
