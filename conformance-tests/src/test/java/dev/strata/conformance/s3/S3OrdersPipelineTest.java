package dev.strata.conformance.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.Strata;
import dev.strata.engine.events.Status;
import dev.strata.examples.OrdersGenerator;
import dev.strata.examples.OrdersPipeline;
import dev.strata.format.FileStatus;
import dev.strata.format.Row;
import dev.strata.format.s3.S3Storage;
import dev.strata.format.testing.S3ProxyFixture;
import dev.strata.log.DeltaLog;
import dev.strata.pipeline.Pipeline;
import dev.strata.pipeline.RunResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orders medallion pipeline run end to end on an {@code s3://} lakehouse produces exactly the
 * tables the same run produces on local disk, and a rerun on S3 commits nothing new.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3OrdersPipelineTest {
  @RegisterExtension static final S3ProxyFixture S3 = S3ProxyFixture.shared();
  private static final List<String> TABLES =
      List.of("bronze/orders", "silver/orders", "gold/daily_revenue");

  @TempDir Path tmp;
  private Strata strata;

  @BeforeAll
  void start() {
    S3.setSystemProperties();
    strata = Strata.builder().parallelism(2).build();
  }

  @AfterAll
  void stop() {
    strata.close();
    S3.clearSystemProperties();
  }

  private List<String> rows(String table) {
    return strata.read().table(table).collect().stream().map(Row::toString).sorted().toList();
  }

  @Test
  void ordersPipelineOnS3MatchesTheSameRunOnDisk() {
    Path data = tmp.resolve("data");
    OrdersGenerator.generate(data, 3_000, OrdersGenerator.DEFAULT_SEED);
    String lakehouse = "s3://" + S3.createBucket() + "/lakehouse";
    Pipeline onS3 = OrdersPipeline.pipeline(lakehouse, data.toString());
    Pipeline onDisk = OrdersPipeline.pipeline(tmp.resolve("lh").toString(), data.toString());

    RunResult s3Run = onS3.run(strata).range("2024-01-01", "2024-01-02").parallelism(2).execute();
    RunResult diskRun =
        onDisk.run(strata).range("2024-01-01", "2024-01-02").parallelism(2).execute();
    assertThat(s3Run.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(diskRun.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(s3Run.outcomes()).hasSize(6).allMatch(o -> o.status() == Status.SUCCEEDED);

    for (String table : TABLES) {
      assertThat(onS3.table(table)).startsWith("s3://");
      assertThat(rows(onS3.table(table))).as(table).isEqualTo(rows(onDisk.table(table)));
    }
    assertThat(rows(onS3.table("gold/daily_revenue"))).hasSize(40);

    List<Long> versions =
        TABLES.stream()
            .map(t -> DeltaLog.forTable(onS3.table(t)).latestSnapshot().version())
            .toList();
    RunResult again = onS3.run(strata).range("2024-01-01", "2024-01-02").execute();
    assertThat(again.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(
            TABLES.stream()
                .map(t -> DeltaLog.forTable(onS3.table(t)).latestSnapshot().version())
                .toList())
        .isEqualTo(versions);

    try (S3Storage s3 = S3.newStorage()) {
      assertThat(s3.listRecursively(lakehouse))
          .extracting(FileStatus::path)
          .noneMatch(p -> p.contains("/_temporary/"));
    }
  }
}
