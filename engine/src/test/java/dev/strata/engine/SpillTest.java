package dev.strata.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Aggregation, join, sort and shuffle under a tiny budget give the same answers, via disk. */
class SpillTest {
  static final long N = 1_000_000;

  @Test
  void tinyBudgetSpillsAndMatchesAmpleBudget(@TempDir Path spillDir) throws Exception {
    Map<String, Long> ample;
    try (Strata s =
        Strata.builder()
            .parallelism(2)
            .memoryBudget(1L << 30)
            .config("strata.sql.autoBroadcastJoinThreshold", "-1")
            .build()) {
      ample = SpillWorkload.run(s, N);
    }
    Map<String, Long> tiny;
    try (Strata s =
        Strata.builder()
            .parallelism(2)
            .memoryBudget(4L << 20)
            .spillDirectory(spillDir.toString())
            .eventLog(spillDir.resolve("events.jsonl").toString())
            .config("strata.sql.autoBroadcastJoinThreshold", "-1")
            .build()) {
      tiny = SpillWorkload.run(s, N);
      // spill files are gone once each job ended
      try (Stream<Path> files = Files.walk(spillDir)) {
        assertThat(files.filter(p -> p.toString().endsWith(".spill")).count()).isZero();
      }
    }
    long stageSpill = 0, jobPeak = 0;
    com.fasterxml.jackson.databind.ObjectMapper m =
        new com.fasterxml.jackson.databind.ObjectMapper();
    for (String line : Files.readAllLines(spillDir.resolve("events.jsonl"))) {
      com.fasterxml.jackson.databind.JsonNode ev = m.readTree(line);
      if (ev.get("event").asText().equals("StageEnd") && ev.has("spillBytes")) {
        stageSpill += ev.get("spillBytes").asLong();
      }
      if (ev.get("event").asText().equals("JobEnd")) {
        jobPeak = Math.max(jobPeak, ev.get("executionMemoryPeakBytes").asLong());
        assertThat(ev.get("executionMemoryPeakBytes").asLong()).isLessThanOrEqualTo(4L << 20);
      }
    }
    assertThat(stageSpill).isPositive();
    assertThat(jobPeak).isPositive();
    assertThat(ample.get("spill.agg")).isZero();
    assertThat(tiny.get("spill.agg")).isPositive();
    assertThat(tiny.get("spill.join")).isPositive();
    assertThat(tiny.get("spill.sort")).isPositive();
    assertThat(SpillWorkload.checksums(tiny)).isEqualTo(SpillWorkload.checksums(ample));
    assertThat(tiny.get("agg.groups")).isEqualTo(N / 2);
    assertThat(tiny.get("agg.count")).isEqualTo(N);
    assertThat(tiny.get("join.rows")).isEqualTo(N);
    assertThat(tiny.get("sort.rows")).isEqualTo(N);
    assertThat(tiny.get("sort.unordered")).isZero();
  }

  static java.util.List<Object> joins(Strata s) {
    java.util.List<Object> out = new java.util.ArrayList<>();
    Dataset left = s.range(300_000).selectExpr("id", "id % 120000 AS k");
    Dataset right = s.range(150_000).selectExpr("id * 2 AS k2", "id AS w");
    for (String type :
        java.util.List.of("inner", "full", "left", "right", "left_semi", "left_anti")) {
      Dataset j = left.join(right, functions.col("k").equalTo(functions.col("k2")), type);
      Dataset agg =
          type.startsWith("left_")
              ? j.agg(
                  functions.expr("count(*)"), functions.expr("sum(k)"), functions.expr("sum(id)"))
              : j.agg(
                  functions.expr("count(*)"),
                  functions.expr("sum(coalesce(k, -1) * 3 + coalesce(k2, -7))"),
                  functions.expr("sum(w)"));
      out.add(type + "=" + agg.collect().get(0));
      out.add(type + ".spill=" + (s.lastJob().spillBytes() > 0));
    }
    return out;
  }

  @Test
  void graceHashJoinMatchesInMemoryJoinForEveryJoinType() {
    java.util.List<Object> ample, tiny;
    try (Strata s =
        Strata.builder()
            .parallelism(2)
            .memoryBudget(1L << 30)
            .config("strata.sql.autoBroadcastJoinThreshold", "-1")
            .build()) {
      ample = joins(s);
    }
    try (Strata s =
        Strata.builder()
            .parallelism(2)
            .memoryBudget(1L << 20)
            .config("strata.sql.autoBroadcastJoinThreshold", "-1")
            .build()) {
      tiny = joins(s);
    }
    for (int i = 0; i < ample.size(); i += 2) {
      assertThat(tiny.get(i)).isEqualTo(ample.get(i));
      assertThat(ample.get(i + 1).toString()).endsWith("false");
      assertThat(tiny.get(i + 1).toString()).endsWith("true");
    }
  }
}
