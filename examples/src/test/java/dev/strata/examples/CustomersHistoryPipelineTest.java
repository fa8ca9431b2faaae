package dev.strata.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.Strata;
import dev.strata.engine.events.Status;
import dev.strata.format.Row;
import dev.strata.log.DeltaLog;
import dev.strata.pipeline.NodeOutcome;
import dev.strata.pipeline.Pipeline;
import dev.strata.pipeline.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SCD type 2 example: history rows after three snapshots, and a rerun that skips. */
class CustomersHistoryPipelineTest {
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

  private static final String SNAPSHOTS =
      """
      customer_id,name,city,snapshot_date
      1,Ann,Oslo,2024-03-01
      2,Bob,Rome,2024-03-01
      3,Cy,Paris,2024-03-01
      1,Ann,Oslo,2024-03-02
      2,Bob,Milan,2024-03-02
      4,Dee,Bonn,2024-03-02
      1,Ann,Oslo,2024-03-03
      2,Bob,Turin,2024-03-03
      3,Cy,Paris,2024-03-03
      4,Dee,Bonn,2024-03-03
      """;

  private List<String> history(String table) {
    return strata.read().table(table).collect().stream()
        .map(
            (Row r) ->
                r.get("customer_id")
                    + " "
                    + r.get("name")
                    + " "
                    + r.get("city")
                    + " "
                    + r.get("valid_from")
                    + ".."
                    + r.get("valid_to")
                    + (Boolean.TRUE.equals(r.get("is_current")) ? " current" : ""))
        .sorted()
        .toList();
  }

  @Test
  void threeSnapshotsGiveTheHistoryAndASecondRunSkipsEveryDay() throws Exception {
    Path csv = tmp.resolve("customers.csv");
    Files.writeString(csv, SNAPSHOTS);
    String lakehouse = tmp.resolve("lh").toString();
    Pipeline p = CustomersHistoryPipeline.pipeline(lakehouse, csv.toString());

    RunResult first = p.run(strata).range("2024-03-01", "2024-03-03").parallelism(1).execute();
    assertThat(first.status()).as("%s", first.outcomes(Status.FAILED)).isEqualTo(Status.SUCCEEDED);
    String table = p.table("silver/customers_history");
    List<String> expected =
        List.of(
            "1 Ann Oslo 2024-03-01..null current",
            "2 Bob Milan 2024-03-02..2024-03-03",
            "2 Bob Rome 2024-03-01..2024-03-02",
            "2 Bob Turin 2024-03-03..null current",
            // Cy left the snapshot of the 2nd and came back on the 3rd: a new version.
            "3 Cy Paris 2024-03-01..2024-03-02",
            "3 Cy Paris 2024-03-03..null current",
            "4 Dee Bonn 2024-03-02..null current");
    assertThat(history(table)).containsExactlyElementsOf(expected);
    DeltaLog log = DeltaLog.forTable(table);
    long version = log.latestSnapshot().version();
    assertThat(version).isEqualTo(2);
    for (String day : List.of("2024-03-01", "2024-03-02", "2024-03-03")) {
      assertThat(log.latestSnapshot().txnVersion("customers/history/" + day)).hasValue(1);
    }

    RunResult second = p.run(strata).range("2024-03-01", "2024-03-03").parallelism(1).execute();
    assertThat(second.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(second.outcomes()).extracting(NodeOutcome::status).containsOnly(Status.SKIPPED);
    assertThat(DeltaLog.forTable(table).latestSnapshot().version()).isEqualTo(version);
    assertThat(history(table)).containsExactlyElementsOf(expected);
  }
}
