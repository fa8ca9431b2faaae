package dev.strata.pipeline;

import static dev.strata.engine.functions.col;
import static dev.strata.engine.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.Strata;
import dev.strata.engine.events.Status;
import dev.strata.format.Row;
import dev.strata.log.DeltaLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MERGE steps: unique source keys, the whole clause vocabulary, custom actions. */
class MergeStepTest {
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

  /** A CSV of changes (id, day, amount, op) and a pipeline that MERGEs them into silver. */
  private Pipeline pipeline(String csv, WriteMode mode, int attempts) throws Exception {
    Path file = tmp.resolve("changes.csv");
    Files.writeString(file, "id,day,amount,op\n" + csv);
    return Pipeline.builder("m")
        .lakehouse(tmp.resolve("lh").toString())
        .partitioning(Partitioning.daily("day"))
        .retry(RetryPolicy.of(attempts, Duration.ofMillis(10)))
        .step(
            Step.named("silver")
                .input(
                    "changes",
                    Input.csv(file.toString())
                        .schema("id BIGINT, day DATE, amount INT, op STRING")
                        .option("header", "true"))
                .transform((in, day) -> in.partition("changes"))
                .target("silver/t")
                .mode(mode)
                .build())
        .build();
  }

  private Map<Long, String> rows() {
    Map<Long, String> m = new TreeMap<>();
    for (Row r : strata.read().table(tmp.resolve("lh/silver/t").toString()).collect()) {
      m.put((Long) r.get("id"), r.get("day") + "/" + r.get("amount") + "/" + r.get("op"));
    }
    return m;
  }

  @Test
  void duplicateKeysFailTheFirstRunBeforeWritingAndAreNotRetried() throws Exception {
    Pipeline p =
        pipeline(
            "1,2024-01-01,10,i\n2,2024-01-01,20,i\n2,2024-01-01,21,u\n",
            WriteMode.merge("id").withinPartition(),
            3);
    RunResult r = p.run(strata).partition("2024-01-01").execute();

    assertThat(r.status()).isEqualTo(Status.FAILED);
    NodeOutcome o = r.outcome("silver", PartitionKey.of("2024-01-01"));
    assertThat(o.attempts()).hasSize(1);
    assertThat(o.error())
        .startsWith("not retried: several source rows match one target row")
        .contains("MultipleSourceRowsMatchException")
        .contains("2 rows for id=2, day=2024-01-01")
        .contains("dropDuplicates(List.of(\"id\", \"day\")")
        .contains("Nothing was written");
    // The target partition was empty (no table at all): nothing was created or inserted.
    assertThat(DeltaLog.forTable(tmp.resolve("lh/silver/t").toString()).tableExists()).isFalse();
  }

  @Test
  void duplicateKeysFailAlsoWhenTheTableExists() throws Exception {
    Pipeline p =
        pipeline(
            "1,2024-01-01,10,i\n5,2024-01-02,50,i\n5,2024-01-02,51,u\n", WriteMode.merge("id"), 1);
    assertThat(p.run(strata).partition("2024-01-01").execute().status())
        .isEqualTo(Status.SUCCEEDED);
    long before =
        DeltaLog.forTable(tmp.resolve("lh/silver/t").toString()).latestSnapshot().version();
    RunResult r = p.run(strata).partition("2024-01-02").execute();
    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.outcome("silver", PartitionKey.of("2024-01-02")).error())
        .contains("2 rows for id=5");
    assertThat(DeltaLog.forTable(tmp.resolve("lh/silver/t").toString()).latestSnapshot().version())
        .isEqualTo(before);
    assertThat(rows()).containsOnlyKeys(1L);
  }

  @Test
  void clausesConditionsAndBySourceScopedToThePartition() throws Exception {
    // Day 1 and day 2 loaded with the default merge, then day 1 gets changes with deletes.
    Path lh = tmp.resolve("lh");
    Pipeline load =
        pipeline(
            "1,2024-01-01,10,i\n2,2024-01-01,20,i\n3,2024-01-01,30,i\n4,2024-01-02,40,i\n",
            WriteMode.merge("id"),
            1);
    assertThat(load.run(strata).range("2024-01-01", "2024-01-02").execute().status())
        .isEqualTo(Status.SUCCEEDED);

    WriteMode.Merge full =
        WriteMode.merge("id")
            .withinPartition()
            .on("s.op <> 'ignore'")
            .whenMatched("s.op = 'd'")
            .delete()
            .whenMatched("s.amount > t.amount")
            .update(Map.of("amount", "s.amount", "op", "'raised'"))
            .whenNotMatched("s.op <> 'd'")
            .insert(Map.of("id", "s.id", "day", "s.day", "amount", "s.amount * 10", "op", "'new'"))
            .whenNotMatchedBySource()
            .update(Map.of("op", "'stale'"));
    Files.delete(tmp.resolve("changes.csv"));
    Pipeline changes =
        pipeline(
            // 1: delete; 2: raised; 5: new (x10); 6: a delete of nothing, not inserted;
            // 3 is missing from the source: stale, but 4 (day 2) must stay as it is.
            "1,2024-01-01,0,d\n2,2024-01-01,25,u\n5,2024-01-01,5,i\n6,2024-01-01,6,d\n", full, 1);
    RunResult r = changes.run(strata).partition("2024-01-01").force().execute();
    assertThat(r.status()).as("%s", r.outcomes(Status.FAILED)).isEqualTo(Status.SUCCEEDED);
    assertThat(rows())
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    2L, "2024-01-01/25/raised",
                    3L, "2024-01-01/30/stale",
                    4L, "2024-01-02/40/i",
                    5L, "2024-01-01/50/new")));
    assertThat(lh.resolve("silver/t")).exists();

    // A rerun of the committed day skips it: the txn marker is there.
    RunResult again = changes.run(strata).partition("2024-01-01").execute();
    assertThat(again.outcome("silver", PartitionKey.of("2024-01-01")).status())
        .isEqualTo(Status.SKIPPED);
  }

  @Test
  void conditionalInsertsIntoAMissingTableFollowTheClauses() throws Exception {
    Pipeline p =
        pipeline(
            "1,2024-01-01,10,i\n2,2024-01-01,20,d\n",
            WriteMode.merge("id").whenNotMatched("s.op <> 'd'").insertAll(),
            1);
    RunResult r = p.run(strata).partition("2024-01-01").execute();
    assertThat(r.status()).as("%s", r.outcomes(Status.FAILED)).isEqualTo(Status.SUCCEEDED);
    assertThat(rows()).containsOnlyKeys(1L);
    assertThat(
            DeltaLog.forTable(tmp.resolve("lh/silver/t").toString())
                .latestSnapshot()
                .txnVersion("m/silver/2024-01-01"))
        .hasValue(1);
  }

  @Test
  void schemaEvolutionAddsTheSourcesNewColumns() throws Exception {
    Pipeline load = pipeline("1,2024-01-01,10,i\n", WriteMode.merge("id"), 1);
    assertThat(load.run(strata).partition("2024-01-01").execute().status())
        .isEqualTo(Status.SUCCEEDED);
    Path file = tmp.resolve("changes.csv");
    Pipeline wider =
        Pipeline.builder("m")
            .lakehouse(tmp.resolve("lh").toString())
            .partitioning(Partitioning.daily("day"))
            .retry(RetryPolicy.none())
            .step(
                Step.named("silver")
                    .input(
                        "changes",
                        Input.csv(file.toString())
                            .schema("id BIGINT, day DATE, amount INT, op STRING")
                            .option("header", "true"))
                    .transform(
                        (in, day) -> in.partition("changes").withColumn("note", lit("evolved")))
                    .target("silver/t")
                    .mode(WriteMode.merge("id").withSchemaEvolution())
                    .build())
            .build();
    RunResult r = wider.run(strata).partition("2024-01-01").force().execute();
    assertThat(r.status()).as("%s", r.outcomes(Status.FAILED)).isEqualTo(Status.SUCCEEDED);
    List<Row> rows = strata.read().table(tmp.resolve("lh/silver/t").toString()).collect();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get("note")).isEqualTo("evolved");
  }

  @Test
  void aCustomActionCommitsWithTheMarkerAndIsSkippedWhenCommitted() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    StepAction action =
        (out, target) -> {
          calls.incrementAndGet();
          if (!target.exists()) {
            target.write(out.withColumn("seen", lit(1))).mode("append").save(target.path());
            return;
          }
          target.table().as("t").update(Map.of("amount", col("amount").plus(lit(1))));
        };
    Pipeline p = pipeline("1,2024-01-01,10,i\n", WriteMode.custom(action), 1);
    RunResult first = p.run(strata).partition("2024-01-01").execute();
    assertThat(first.status()).as("%s", first.outcomes(Status.FAILED)).isEqualTo(Status.SUCCEEDED);
    assertThat(p.run(strata).partition("2024-01-01").execute().outcomes().get(0).status())
        .isEqualTo(Status.SKIPPED);
    assertThat(calls.get()).isEqualTo(1);
    RunResult forced = p.run(strata).partition("2024-01-01").force().execute();
    assertThat(forced.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(calls.get()).isEqualTo(2);
    assertThat(rows()).containsExactlyEntriesOf(Map.of(1L, "2024-01-01/11/i"));
    assertThat(
            DeltaLog.forTable(tmp.resolve("lh/silver/t").toString())
                .latestSnapshot()
                .txnVersion("m/silver/2024-01-01"))
        .hasValue(2);
  }

  @Test
  void aCustomActionThatDoesNotCommitTheMarkerFails() throws Exception {
    StepAction forgetful =
        (out, target) -> out.write().mode("append").save(target.path()); // no marker
    Pipeline p = pipeline("1,2024-01-01,10,i\n", WriteMode.custom(forgetful), 1);
    RunResult r = p.run(strata).partition("2024-01-01").execute();
    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.outcomes().get(0).error())
        .contains("returned without committing txn(appId 'm/silver/2024-01-01', version 1)")
        .contains("StepTarget.table()");
  }
}
