package dev.strata.engine;

import static dev.strata.engine.functions.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @Test
  void checkpointWritesParquetAndCutsLineage(@TempDir Path dir) throws Exception {
    try (Strata s =
        Strata.builder().parallelism(2).checkpointDirectory(dir.toUri().toString()).build()) {
      Dataset d =
          s.range(10_000)
              .selectExpr("id", "id % 7 AS k")
              .groupBy("k")
              .agg(count(col("id")).as("c"));
      Dataset cp = d.checkpoint();
      assertThat(cp.planDepth()).isEqualTo(1);
      assertThat(cp.explainString()).contains("Scan").doesNotContain("Exchange");
      try (Stream<Path> files = Files.walk(dir)) {
        assertThat(files.filter(p -> p.toString().endsWith(".parquet")).count()).isPositive();
      }
      assertThat(cp.agg(sum(col("c"))).collect().get(0).get(0)).isEqualTo(10_000L);
      assertThat(cp.count()).isEqualTo(7);
    }
  }

  @Test
  void iterativeLoopWithCheckpointsKeepsPlanDepthBounded() {
    try (Strata s = Strata.builder().parallelism(2).build()) {
      Dataset d = s.range(1000).selectExpr("id", "0 AS step");
      int maxDepth = 0;
      for (int i = 1; i <= 100; i++) {
        d =
            d.selectExpr("id", "(id + step) % 1000 AS id2", "step + 1 AS step")
                .selectExpr("id2 AS id", "step");
        if (i % 10 == 0) {
          d = i % 20 == 0 ? d.checkpoint() : d.localCheckpoint();
          assertThat(d.planDepth()).isEqualTo(1);
        }
        maxDepth = Math.max(maxDepth, d.planDepth());
      }
      // bounded by the 10 steps between checkpoints, whatever the number of iterations
      assertThat(maxDepth).isLessThanOrEqualTo(1 + 2 * 10);
      assertThat(d.agg(max(col("step")), count(col("id"))).collect().get(0).get(0)).isEqualTo(100);
      assertThat(d.count()).isEqualTo(1000);
    }
  }
}
