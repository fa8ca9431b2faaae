package dev.strata.examples;

import static dev.strata.engine.functions.col;
import static dev.strata.engine.functions.count;
import static dev.strata.engine.functions.lit;
import static dev.strata.engine.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.Strata;
import dev.strata.engine.events.Status;
import dev.strata.format.Row;
import dev.strata.pipeline.Pipeline;
import dev.strata.pipeline.RunResult;
import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The full 30-day backfill on n200k equals WORKLOAD.md's {@code pipeline_gold}. */
@Tag("stress")
class OrdersPipelineStressTest {
  @TempDir Path tmp;

  @Test
  void thirtyDayBackfillOnN200kMatchesTheWorkloadReference() {
    Path data = tmp.resolve("data");
    OrdersGenerator.generate(data, 200_000, 42);
    Pipeline p = OrdersPipeline.pipeline(tmp.resolve("lh").toString(), data.toString());
    try (Strata strata = Strata.builder().parallelism(2).build()) {
      RunResult r =
          p.run(strata)
              .range(OrdersPipeline.FIRST_DAY, OrdersPipeline.LAST_DAY)
              .parallelism(2)
              .execute();
      assertThat(r.status()).isEqualTo(Status.SUCCEEDED);
      Row g =
          strata
              .read()
              .table(p.table("gold/daily_revenue"))
              .agg(
                  count(lit(1)).as("rows"),
                  sum(col("order_count")).as("orders"),
                  sum(col("revenue")).as("revenue"),
                  sum(col("distinct_customers")).as("customers"))
              .collect()
              .get(0);
      // WORKLOAD.md, pipeline_gold for n200k, seed 42.
      assertThat(((Number) g.get("rows")).longValue()).isEqualTo(600);
      assertThat(((Number) g.get("orders")).longValue()).isEqualTo(197_975);
      assertThat(new BigDecimal(g.get("revenue").toString())).isEqualByComparingTo("272841933.02");
      assertThat(((Number) g.get("customers")).longValue()).isEqualTo(196_366);
    }
  }
}
