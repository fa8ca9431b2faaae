package dev.strata.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.engine.Strata;
import dev.strata.engine.events.Status;
import dev.strata.format.Row;
import dev.strata.log.DeltaLog;
import dev.strata.pipeline.Pipeline;
import dev.strata.pipeline.PipelineContext;
import dev.strata.pipeline.RunResult;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrdersPipelineTest {
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

  private static Map<String, ReferenceGold.Values> goldTable(String table) {
    Map<String, ReferenceGold.Values> m = new TreeMap<>();
    for (Row r : strata.read().table(table).collect()) {
      BigDecimal revenue = new BigDecimal(r.get("revenue").toString());
      m.put(
          r.get("order_date") + "," + r.get("category"),
          new ReferenceGold.Values(
              ((Number) r.get("order_count")).longValue(),
              revenue.movePointRight(2).longValueExact(),
              ((Number) r.get("distinct_customers")).longValue()));
    }
    return m;
  }

  @Test
  void goldEqualsTheReferenceForTheDaysRun() {
    Path data = tmp.resolve("data");
    OrdersGenerator.generate(data, 3000, 42);
    Pipeline p = OrdersPipeline.pipeline(tmp.resolve("lh").toString(), data.toString());
    assertThat(p.dependencies("silver")).containsExactly("bronze");
    assertThat(p.dependencies("gold")).containsExactly("silver");

    RunResult r = p.run(strata).range("2024-01-01", "2024-01-04").parallelism(2).execute();

    assertThat(r.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(r.outcomes()).hasSize(12).allMatch(o -> o.status() == Status.SUCCEEDED);
    Set<String> days = Set.of("2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04");
    Map<String, ReferenceGold.Values> expected = ReferenceGold.compute(data, days);
    assertThat(expected).hasSize(80);
    assertThat(goldTable(p.table("gold/daily_revenue"))).isEqualTo(expected);
    // Silver holds one row per valid order of those days; bronze every row of them.
    long silverRows = expected.values().stream().mapToLong(ReferenceGold.Values::orderCount).sum();
    assertThat(strata.read().table(p.table("silver/orders")).count()).isEqualTo(silverRows);
    assertThat(DeltaLog.forTable(p.table("silver/orders")).latestSnapshot().partitionColumns())
        .containsExactly("order_date");

    // A rerun of one day with --force rewrites that day through MERGE without duplicates.
    RunResult forced = p.run(strata).partition("2024-01-02").force().execute();
    assertThat(forced.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(strata.read().table(p.table("silver/orders")).count()).isEqualTo(silverRows);
    assertThat(goldTable(p.table("gold/daily_revenue"))).isEqualTo(expected);
  }

  @Test
  void providerGeneratesTheDataOnRequestOnly() {
    String lh = tmp.resolve("lh2").toString();
    OrdersPipeline provider = new OrdersPipeline();
    provider.create(new PipelineContext(lh, Map.of()));
    assertThat(OrdersPipeline.defaultDataDir(lh).resolve("orders.csv")).doesNotExist();
    Pipeline p =
        provider.create(new PipelineContext(lh, Map.of("generate", "true", "rows", "500")));
    assertThat(p.name()).isEqualTo("orders");
    assertThat(OrdersPipeline.defaultDataDir(lh).resolve("orders.csv")).exists();
    assertThat(OrdersPipeline.ensureData(OrdersPipeline.defaultDataDir(lh), 500, 42)).isFalse();
  }

  /** Validates the Java oracle itself against python3 reference_check.py (all 30 days). */
  @Test
  void theJavaOracleAgreesWithThePythonReference() throws Exception {
    Path script = OrdersGeneratorTest.sharedDir().resolve("bench/reference_check.py");
    assumeTrue(script.toFile().exists(), "reference_check.py not found");
    assumeTrue(OrdersGeneratorTest.python3Available(), "python3 is not installed");
    Path data = tmp.resolve("data");
    OrdersGenerator.generate(data, 20_000, 42);
    Process proc =
        new ProcessBuilder("python3", script.toString(), data.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    byte[] out = proc.getInputStream().readAllBytes();
    assertThat(proc.waitFor(120, TimeUnit.SECONDS)).isTrue();
    JsonNode gold = new ObjectMapper().readTree(out).get("pipeline_gold");
    Map<String, ReferenceGold.Values> mine = ReferenceGold.compute(data, null);
    assertThat(mine).hasSize(gold.get("rows").asInt());
    assertThat(mine.values().stream().mapToLong(ReferenceGold.Values::orderCount).sum())
        .isEqualTo(gold.get("sum_order_count").asLong());
    assertThat(
            ReferenceGold.money(
                mine.values().stream().mapToLong(ReferenceGold.Values::revenueCents).sum()))
        .isEqualTo(gold.get("sum_revenue").asText());
    assertThat(mine.values().stream().mapToLong(ReferenceGold.Values::distinctCustomers).sum())
        .isEqualTo(gold.get("sum_distinct_customers").asLong());
  }
}
