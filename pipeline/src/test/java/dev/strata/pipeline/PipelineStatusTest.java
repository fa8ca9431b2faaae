package dev.strata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.engine.Strata;
import dev.strata.engine.events.Status;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed / failed / missing grid, and runs of only what never committed. */
class PipelineStatusTest {
  private static Strata strata;
  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    strata = Strata.builder().parallelism(2).build();
  }

  @AfterAll
  static void stop() {
    strata.close();
  }

  private static PipelineStatus.State state(PipelineStatus s, String step, String day) {
    return s.cell(step, PartitionKey.of(day)).state();
  }

  @Test
  void theGridShowsCommittedFailedBlockedAndMissingAndMissingRunsFillIt() throws Exception {
    PipelineFixture f = new PipelineFixture(tmp, 3);
    Pipeline p = f.pipeline();
    List<PartitionKey> days = p.partitioning().range("2024-01-01", "2024-01-03");
    PipelineStatus empty = PipelineStatus.of(p, strata, days);
    assertThat(empty.count(PipelineStatus.State.MISSING)).isEqualTo(12);

    p.run(strata).range("2024-01-01", "2024-01-02").failAt("clean", "2024-01-02").execute();
    PipelineStatus s = PipelineStatus.of(p, strata, days);
    assertThat(state(s, "raw", "2024-01-02")).isEqualTo(PipelineStatus.State.COMMITTED);
    assertThat(state(s, "clean", "2024-01-02")).isEqualTo(PipelineStatus.State.FAILED);
    assertThat(s.cell("clean", PartitionKey.of("2024-01-02")).error()).contains("Injected failure");
    assertThat(state(s, "daily", "2024-01-02")).isEqualTo(PipelineStatus.State.BLOCKED);
    assertThat(state(s, "audit", "2024-01-02")).isEqualTo(PipelineStatus.State.COMMITTED);
    assertThat(state(s, "daily", "2024-01-03")).isEqualTo(PipelineStatus.State.MISSING);
    assertThat(s.count(PipelineStatus.State.COMMITTED)).isEqualTo(6);
    assertThat(s.text())
        .containsPattern("(?m)^  partition +raw +clean +daily +audit$")
        .containsPattern("(?m)^  2024-01-02 +ok \\(g1\\) +FAILED +blocked +ok \\(g1\\)$")
        .containsPattern("(?m)^  2024-01-03 +- +- +- +-$")
        .contains("6 committed, 1 failed, 1 blocked, 4 missing");

    RunResult missing = p.run(strata).range("2024-01-01", "2024-01-03").onlyMissing().execute();
    assertThat(missing.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(missing.outcomes(Status.SUCCEEDED))
        .extracting(NodeOutcome::jobTag)
        .containsExactlyInAnyOrder(
            "clean/2024-01-02",
            "daily/2024-01-02",
            "raw/2024-01-03",
            "clean/2024-01-03",
            "daily/2024-01-03",
            "audit/2024-01-03");
    assertThat(PipelineStatus.of(p, strata, days).count(PipelineStatus.State.COMMITTED))
        .isEqualTo(12);
  }

  @Test
  void missingLeavesOlderGenerationsAloneWhereAPlainRunRedoesThem() throws Exception {
    PipelineFixture f = new PipelineFixture(tmp, 1);
    Pipeline p = f.pipeline();
    assertThat(p.run(strata).partition("2024-01-01").execute().status())
        .isEqualTo(Status.SUCCEEDED);
    // A forced rerun that fails at daily leaves daily at generation 1, the others at 2.
    p.run(strata).partition("2024-01-01").force().failAt("daily", "2024-01-01").execute();
    int dailyCommits = PipelineFixture.commits(f.table("daily/totals"));

    RunResult missing = p.run(strata).partition("2024-01-01").onlyMissing().execute();
    assertThat(missing.outcomes()).extracting(NodeOutcome::status).containsOnly(Status.SKIPPED);
    assertThat(PipelineFixture.commits(f.table("daily/totals"))).isEqualTo(dailyCommits);

    RunResult plain = p.run(strata).partition("2024-01-01").execute();
    assertThat(plain.outcome("daily", PartitionKey.of("2024-01-01")).status())
        .isEqualTo(Status.SUCCEEDED);

    assertThatThrownBy(() -> p.run(strata).partition("2024-01-01").force().onlyMissing().start())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("--missing");
  }
}
