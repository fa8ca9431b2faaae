package dev.strata.pipeline;

import static dev.strata.engine.functions.col;
import static dev.strata.engine.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.engine.Strata;
import dev.strata.engine.events.Status;
import dev.strata.format.Row;
import dev.strata.format.StrataException;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a pipeline run from Java offers: DDL input schemas, a printing listener, the summary. */
class PipelineFromJavaTest {
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

  private Pipeline orders(Input.Files csv, RetryPolicy retry) {
    return Pipeline.builder("orders")
        .lakehouse(tmp.resolve("lh").toString())
        .partitioning(Partitioning.daily("order_date"))
        .retry(retry)
        .step(
            Step.named("bronze")
                .input("orders", csv)
                .transform(
                    (in, day) -> in.get("orders").where(col("order_date").equalTo(lit(day.date()))))
                .target("bronze/orders")
                .mode(WriteMode.replacePartition())
                .build())
        .build();
  }

  private Input.Files csv() throws Exception {
    Path file = tmp.resolve("orders.csv");
    Files.writeString(
        file,
        "order_id,price,order_date\n1,10.25,2024-01-01\n2,3.10,2024-01-01\n3,7.00,2024-01-02\n");
    return Input.csv(file.toString()).option("header", "true");
  }

  @Test
  void csvInputTakesADdlSchemaLikeDataReader() throws Exception {
    Input.Files ddl = csv().schema("order_id BIGINT, price DECIMAL(10,2), order_date DATE");
    StructType expected =
        StructType.of(
            StructField.of("order_id", PrimitiveType.LONG),
            StructField.of("price", new DecimalType(10, 2)),
            StructField.of("order_date", PrimitiveType.DATE));
    assertThat(ddl.schema()).isEqualTo(expected);
    assertThat(ddl).isEqualTo(csv().schema(expected));

    RunResult r =
        orders(ddl, RetryPolicy.none()).run(strata).range("2024-01-01", "2024-01-02").execute();
    assertThat(r.status()).as(r.summary()).isEqualTo(Status.SUCCEEDED);
    List<Row> rows =
        strata
            .read()
            .table(tmp.resolve("lh/bronze/orders").toString())
            .orderBy("order_id")
            .collect();
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).get("price")).isEqualTo(new BigDecimal("10.25"));
    assertThat(rows.get(0).get("order_date")).isEqualTo(LocalDate.parse("2024-01-01"));
  }

  @Test
  void aBadDdlFailsWhereThePipelineIsBuilt() throws Exception {
    Input.Files csv = csv();
    assertThatThrownBy(() -> csv.schema("order_id BIGINT, price"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("price");
    assertThatThrownBy(() -> csv.schema("order_id BIGNUM"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("BIGNUM");
  }

  @Test
  void printingListenerShowsEveryFinishedNodeAndTheSummaryIsTheCliTable() throws Exception {
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    RunResult r =
        orders(csv(), RetryPolicy.of(3, Duration.ofMillis(5)))
            .run(strata)
            .range("2024-01-01", "2024-01-02")
            .failAt("bronze", "2024-01-02")
            .listener(RunListener.printing(lines))
            .execute();
    String printed = lines.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .startsWith(
            "Run " + r.runId() + " of pipeline 'orders': 2 (step, partition)s, 0 already committed")
        .containsPattern("\\[[12]/2\\] ok +bronze/2024-01-01 +2 rows  v\\d+  ")
        .containsPattern("\\[[12]/2\\] FAILED +bronze/2024-01-02 +after 3 attempt\\(s\\): ")
        .contains("retry    bronze/2024-01-02: attempt 1 failed")
        .contains("retry    bronze/2024-01-02: attempt 2 failed");

    String summary = r.summary();
    assertThat(summary.lines().toList().get(0))
        .startsWith("Run " + r.runId() + " of pipeline 'orders': FAILED in ");
    assertThat(summary)
        .containsPattern("(?m)^  step +ok +skipped +failed +blocked +retried +rows +time$")
        // one ok, one failed after 3 attempts: retried counts the 2 attempts after the first
        .containsPattern("(?m)^  bronze +1 +0 +1 +0 +2 +2 +\\d")
        .contains("Failed:\n  bronze/2024-01-02 (3 attempts): ");
    assertThat(r.toString()).doesNotContain("\n").hasSizeLessThan(200).contains("FAILED");
  }

  @Test
  void failAtOutsideTheRunIsRefusedBeforeAnythingRuns() throws Exception {
    Pipeline p = orders(csv(), RetryPolicy.none());
    assertThatThrownBy(
            () -> p.run(strata).partition("2024-01-01").failAt("bronze", "2024-03-01").start())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("partition 2024-03-01 is not in this run (2024-01-01)");
    assertThat(tmp.resolve("lh/bronze/orders")).doesNotExist();
  }
}
