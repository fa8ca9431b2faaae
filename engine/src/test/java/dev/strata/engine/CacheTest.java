package dev.strata.engine;

import static dev.strata.engine.functions.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.engine.events.Status;
import dev.strata.format.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheTest {
  static Dataset shared(Strata s) {
    return s.range(200_000)
        .selectExpr("id % 1000 AS k", "id AS v")
        .groupBy("k")
        .agg(sum(col("v")).as("sv"), count(col("v")).as("c"));
  }

  static List<Row> sorted(Dataset d) {
    List<Row> rows = new ArrayList<>(d.collect());
    rows.sort(
        (a, b) -> Long.compare(((Number) a.get(0)).longValue(), ((Number) b.get(0)).longValue()));
    return rows;
  }

  @Test
  void cachedAggregateIsComputedOnceAndItsStageSkipped(@TempDir Path tmp) throws Exception {
    Path log = tmp.resolve("events.jsonl");
    try (Strata s = Strata.builder().parallelism(2).eventLog(log.toString()).build()) {
      List<Row> expected = sorted(shared(s));
      Dataset d = shared(s).cache();
      assertThat(d.storageLevel()).isEqualTo(StorageLevel.MEMORY_AND_DISK);
      assertThat(sorted(d)).isEqualTo(expected);
      JobMetrics first = s.lastJob();
      assertThat(first.inputRows()).isEqualTo(200_000);
      assertThat(first.stages()).noneMatch(StageMetrics::skipped);

      assertThat(d.filter("k < 10").count()).isEqualTo(10);
      JobMetrics second = s.lastJob();
      assertThat(second.inputRows()).isZero();
      assertThat(second.stages()).anyMatch(st -> st.skipped() && st.status() == Status.SKIPPED);
      assertThat(d.explainString()).contains("skipped: cached").contains("cache#");

      List<CachedDataset> cached = s.catalog().cachedDatasets();
      assertThat(cached).hasSize(1);
      assertThat(cached.get(0).cachedPartitions()).isEqualTo(cached.get(0).numPartitions());
      assertThat(cached.get(0).memoryBytes()).isPositive();
      assertThat(second.storageMemoryPeakBytes()).isPositive();

      // a lost block is recomputed from lineage, transparently
      s.state().blockManager().dropBlock(s.state().blockManager().entryOf(d.plan()), 0);
      assertThat(sorted(d)).isEqualTo(expected);
      assertThat(s.lastJob().inputRows()).isEqualTo(200_000);
      assertThat(s.lastJob().stages()).noneMatch(StageMetrics::skipped);

      d.unpersist();
      assertThat(s.catalog().cachedDatasets()).isEmpty();
      assertThat(d.count()).isEqualTo(1000);
      assertThat(s.lastJob().inputRows()).isEqualTo(200_000);
    }
    ObjectMapper m = new ObjectMapper();
    boolean skippedStart = false, skippedEnd = false;
    for (String line : Files.readAllLines(log)) {
      JsonNode ev = m.readTree(line);
      if (ev.get("event").asText().equals("JobStart")) {
        for (JsonNode st : ev.get("stages")) {
          skippedStart |= st.get("skipped").asBoolean();
        }
      }
      if (ev.get("event").asText().equals("StageEnd")) {
        skippedEnd |= ev.get("status").asText().equals("SKIPPED");
      }
    }
    assertThat(skippedStart).isTrue();
    assertThat(skippedEnd).isTrue();
  }

  @Test
  void everyStorageLevelGivesTheSameRows() {
    try (Strata s = Strata.builder().parallelism(2).build()) {
      List<Row> expected = sorted(shared(s));
      for (StorageLevel level : StorageLevel.values()) {
        Dataset d = shared(s).persist(level);
        assertThat(sorted(d)).isEqualTo(expected);
        assertThat(sorted(d)).isEqualTo(expected);
        assertThat(s.lastJob().inputRows()).isZero();
        CachedDataset c = s.catalog().cachedDatasets().get(0);
        assertThat(c.level()).isEqualTo(level);
        if (level == StorageLevel.DISK_ONLY) {
          assertThat(c.diskBytes()).isPositive();
          assertThat(c.memoryBytes()).isZero();
        } else {
          assertThat(c.memoryBytes()).isPositive();
        }
        d.unpersist();
      }
    }
  }

  @Test
  void executionEvictsCachedBlocksAndResultsStayCorrect() {
    // a small budget: a big sort must evict the cached blocks (memory-only: dropped; then
    // recomputed by the next job that needs them)
    // one worker: its task may use the whole budget, so it must take the cached blocks' memory
    try (Strata s = Strata.builder().parallelism(1).memoryBudget(3L << 20).build()) {
      Dataset base = s.range(60_000).selectExpr("id", "id * 3 AS x");
      Dataset cached = base.persist(StorageLevel.MEMORY_ONLY);
      assertThat(cached.count()).isEqualTo(60_000);
      long before = s.catalog().cachedDatasets().get(0).memoryBytes();
      assertThat(before).isPositive();
      Dataset big = s.range(400_000).selectExpr("id", "(id * 7919) % 1000003 AS v").sort("v");
      assertThat(big.count()).isEqualTo(400_000);
      assertThat(s.lastJob().spillBytes()).isPositive();
      long after = s.catalog().cachedDatasets().get(0).memoryBytes();
      assertThat(after).isLessThan(before);
      List<Row> sum = cached.agg(sum(col("x"))).collect();
      assertThat(((Number) sum.get(0).get(0)).longValue()).isEqualTo(3L * 59_999 * 60_000 / 2);
    }
  }
}
