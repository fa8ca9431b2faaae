package dev.strata.cli.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.cli.CliRunner;
import dev.strata.cli.ExitCodes;
import dev.strata.cli.Json;
import dev.strata.cli.StrataCli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata run}: what it refuses, what the summary counts and how hints name the command. */
class RunCommandTest {
  @TempDir Path tmp;

  private CliRunner.Result tiny(String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "run",
                "tiny",
                "--class",
                TinyPipeline.class.getName(),
                "--lakehouse",
                tmp.resolve("lh").toString()));
    all.addAll(List.of(args));
    return CliRunner.run(all.toArray(String[]::new));
  }

  @Test
  void aPartitionedPipelineNeedsAPartitionAndNothingIsCommitted() {
    CliRunner.Result r = tiny();
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.ERROR);
    assertThat(r.err())
        .startsWith("strata: error: Pipeline 'tiny' is partitioned by day")
        .contains("--partition (a day, YYYY-MM-DD)")
        .contains("'strata run tiny --partition 20")
        .contains("'strata backfill tiny --from KEY --to KEY'");
    assertThat(r.out()).isEmpty();
    assertThat(tmp.resolve("lh/numbers")).doesNotExist();
  }

  @Test
  void failAtOutsideTheRunIsAnErrorAndNothingIsCommitted() {
    CliRunner.Result r = tiny("--partition", "2024-01-01", "--fail-at", "numbers:2024-02-01");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.ERROR);
    assertThat(r.err())
        .contains("--fail-at numbers:2024-02-01: partition 2024-02-01 is not in this run")
        .contains("(2024-01-01)")
        .contains("--fail-at numbers:2024-01-01");
    assertThat(tmp.resolve("lh/numbers")).doesNotExist();

    CliRunner.Result noStep = tiny("--partition", "2024-01-01", "--fail-at", "nope:2024-01-01");
    assertThat(noStep.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(noStep.err()).contains("nope");
  }

  @Test
  void retriedCountsAttemptsAfterTheFirst() throws Exception {
    CliRunner.Result text =
        tiny(
            "--partition",
            "2024-01-01",
            "--fail-at",
            "numbers:2024-01-01",
            "--option",
            "attempts=3");
    assertThat(text.exitCode()).as(text.toString()).isEqualTo(ExitCodes.ERROR);
    // step, ok, skipped, failed, blocked, retried
    assertThat(text.out()).containsPattern("(?m)^  numbers\\s+0\\s+0\\s+1\\s+0\\s+2\\s");
    assertThat(text.out()).contains("numbers/2024-01-01 (3 attempts)");

    CliRunner.Result json =
        tiny(
            "--partition",
            "2024-01-01",
            "--fail-at",
            "numbers:2024-01-01",
            "--option",
            "attempts=3",
            "--format",
            "json");
    JsonNode run = Json.MAPPER.readTree(json.out());
    assertThat(run.get("steps").get(0).get("retried").asInt()).isEqualTo(2);
    assertThat(run.get("nodes").get(0).get("attempts")).hasSize(3);
  }

  @Test
  void hintsNameTheCommandAsTheUserInvokedIt() {
    String previous = System.getProperty(StrataCli.NAME_PROPERTY);
    System.setProperty(StrataCli.NAME_PROPERTY, "./strata");
    try {
      CliRunner.Result r = tiny("--partition", "2024-01-01", "--fail-at", "numbers:2024-01-01");
      assertThat(r.out())
          .contains("To rerun only what did not finish")
          .contains("  ./strata run tiny --partition 2024-01-01 --lakehouse ");
      assertThat(tiny().err()).contains("'./strata run tiny --partition ");
    } finally {
      if (previous == null) {
        System.clearProperty(StrataCli.NAME_PROPERTY);
      } else {
        System.setProperty(StrataCli.NAME_PROPERTY, previous);
      }
    }
  }
}
