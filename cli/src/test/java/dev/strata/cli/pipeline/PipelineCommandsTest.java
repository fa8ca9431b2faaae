package dev.strata.cli.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.cli.StrataCli;
import dev.strata.log.DeltaLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline commands through the real command line, on the orders example (small). */
class PipelineCommandsTest {
  @TempDir Path tmp;

  private record Result(int code, String out, String err) {}

  private static Result strata(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = StrataCli.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void demoRunsThenSkipsThenRedoesOnlyTheFailure() {
    String lh = tmp.resolve("lh").toString();
    Result first =
        strata(
            "demo",
            "--rows",
            "2000",
            "--days",
            "3",
            "--lakehouse",
            lh,
            "--fail-at",
            "silver:2024-01-02");
    assertThat(first.code()).as(first.out() + first.err()).isEqualTo(1);
    assertThat(first.out())
        .contains("Generated 2,000 orders")
        .contains("FAILED")
        .contains("silver/2024-01-02")
        .contains("gold/2024-01-02")
        .contains("strata demo --lakehouse " + lh + " --rows 2000 --days 3")
        .contains("Report: ");
    String whatNext = first.out().substring(first.out().indexOf("What next:"));
    assertThat(whatNext)
        .contains("  strata demo --lakehouse " + lh + " --rows 2000 --days 3")
        .contains("reruns only what failed")
        .doesNotContain("nothing to do");
    assertThat(first.err()).contains("FAILED   silver/2024-01-02");
    int silverCommits = DeltaLog.forTable(lh + "/silver/orders").history(0).size();
    int bronzeCommits = DeltaLog.forTable(lh + "/bronze/orders").history(0).size();

    Result second = strata("demo", "--rows", "2000", "--days", "3", "--lakehouse", lh);
    assertThat(second.code()).as(second.out() + second.err()).isZero();
    assertThat(second.out())
        .contains("Using the orders in")
        .contains("SUCCEEDED")
        .contains("Gold revenue");
    assertThat(second.err())
        .contains("silver/2024-01-02")
        .contains("gold/2024-01-02")
        .doesNotContain("bronze/");
    assertThat(DeltaLog.forTable(lh + "/silver/orders").history(0)).hasSize(silverCommits + 1);
    assertThat(DeltaLog.forTable(lh + "/bronze/orders").history(0)).hasSize(bronzeCommits);

    Result third = strata("demo", "--rows", "2000", "--days", "3", "--lakehouse", lh);
    assertThat(third.code()).isZero();
    assertThat(third.out()).contains("Nothing to do");

    Result runs = strata("runs", "orders", "--lakehouse", lh, "--format", "text");
    assertThat(runs.code()).isZero();
    assertThat(runs.out())
        .contains("FAILED")
        .contains("SUCCEEDED")
        .contains("FAILED silver/2024-01-02")
        // every failed attempt with its class and the first line of its cause
        .containsPattern("attempt 1 TRANSIENT: PipelineException: Injected failure of silver");
  }

  @Test
  void backfillRunAndRunsJson() throws Exception {
    String lh = tmp.resolve("lh").toString();
    Result b =
        strata(
            "backfill",
            "orders",
            "--from",
            "2024-01-01",
            "--to",
            "2024-01-02",
            "--lakehouse",
            lh,
            "--option",
            "generate=true",
            "--option",
            "rows=1500",
            "--parallelism",
            "2");
    assertThat(b.code()).as(b.out() + b.err()).isZero();
    assertThat(b.out()).contains("bronze").contains("silver").contains("gold");

    Result r = strata("run", "orders", "--partition", "2024-01-02", "--lakehouse", lh);
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Nothing to do");

    Result json = strata("runs", "--lakehouse", lh, "--format", "json", "--limit", "1");
    assertThat(json.code()).isZero();
    JsonNode arr = new ObjectMapper().readTree(json.out());
    assertThat(arr).hasSize(1);
    assertThat(arr.get(0).get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(arr.get(0).get("nodes")).hasSize(3);
    assertThat(arr.get(0).get("nodes").get(0).get("status").asText()).isEqualTo("SKIPPED");

    Result failed =
        strata(
            "backfill",
            "orders",
            "--from",
            "2024-01-03",
            "--to",
            "2024-01-04",
            "--lakehouse",
            lh,
            "--fail-at",
            "bronze:2024-01-04");
    assertThat(failed.code()).isEqualTo(1);
    assertThat(failed.out()).contains("strata run orders --partition 2024-01-04 --lakehouse " + lh);

    Result status =
        strata("status", "orders", "--from", "2024-01-01", "--to", "2024-01-05", "--lakehouse", lh);
    assertThat(status.code()).as(status.out() + status.err()).isZero();
    assertThat(status.out())
        .containsPattern("(?m)^  partition +bronze +silver +gold$")
        .containsPattern("(?m)^  2024-01-04 +FAILED +blocked +blocked$")
        .containsPattern("(?m)^  2024-01-05 +- +- +-$")
        .contains("--missing");
    Result missing =
        strata(
            "backfill",
            "orders",
            "--from",
            "2024-01-01",
            "--to",
            "2024-01-05",
            "--missing",
            "--lakehouse",
            lh,
            "--format",
            "json");
    assertThat(missing.code()).as(missing.out() + missing.err()).isZero();
    JsonNode ran = new ObjectMapper().readTree(missing.out());
    List<String> succeeded = new java.util.ArrayList<>();
    ran.get("nodes")
        .forEach(
            n -> {
              if (n.get("status").asText().equals("SUCCEEDED")) {
                succeeded.add(n.get("step").asText() + "/" + n.get("partition").asText());
              }
            });
    assertThat(succeeded)
        .containsExactlyInAnyOrder(
            "bronze/2024-01-04",
            "silver/2024-01-04",
            "gold/2024-01-04",
            "bronze/2024-01-05",
            "silver/2024-01-05",
            "gold/2024-01-05");
    Result statusJson =
        strata(
            "status",
            "orders",
            "--from",
            "2024-01-01",
            "--to",
            "2024-01-05",
            "--lakehouse",
            lh,
            "--format",
            "json");
    JsonNode grid = new ObjectMapper().readTree(statusJson.out());
    assertThat(grid.get("counts").get("committed").asInt()).isEqualTo(15);
    assertThat(grid.get("cells")).hasSize(15);
  }

  @Test
  void pipelinesListsTheOrdersExample() {
    Result r = strata("pipelines", "--lakehouse", tmp.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("orders").contains("daily by order_date").contains("after silver");
    Result unknown = strata("run", "nope", "--lakehouse", tmp.toString());
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("No pipeline named 'nope'").contains("orders");
  }
}
