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
            .config("strata.sql.autoBroadcastJoinThreshold", "-1")
            .build()) {
      tiny = SpillWorkload.run(s, N);
      // spill files are gone once each job ended
      try (Stream<Path> files = Files.walk(spillDir)) {
        assertThat(files.filter(p -> p.toString().endsWith(".spill")).count()).isZero();
      }
    }
    assertThat(ample.get("spill.agg")).isZero();
    assertThat(tiny.get("spill.agg")).isPositive();
    assertThat(tiny.get("spill.join")).isPositive();
    assertThat(tiny.get("spill.sort")).isPositive();
    assertThat(SpillWorkload.checksums(tiny)).isEqualTo(SpillWorkload.checksums(ample));
    assertThat(tiny.get("agg.groups")).isEqualTo(N / 2);
    assertThat(tiny.get("agg.count")).isEqualTo(N);
    assertThat(tiny.get("join.rows")).isEqualTo(2 * (N / 10));
    assertThat(tiny.get("sort.rows")).isEqualTo(N);
    assertThat(tiny.get("sort.unordered")).isZero();
  }
}
