package dev.strata.conformance.spark;

import static dev.strata.conformance.spark.SparkTables.assertSameRows;
import static dev.strata.conformance.spark.SparkTables.delta;
import static dev.strata.conformance.spark.SparkTables.latestVersion;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.SaveMode;
import dev.strata.engine.Strata;
import dev.strata.engine.WriteResult;
import dev.strata.format.Row;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.DeltaLog;
import dev.strata.log.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Direction 3: the Spark peer process and Strata (this test JVM, a second process) commit to one
 * table at the same time.
 */
class SparkConcurrencyTest {
  static Strata strata;
  static SparkPeer spark;

  @TempDir Path dir;

  static final StructType SCHEMA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG),
          StructField.of("batch", PrimitiveType.STRING),
          StructField.of("writer", PrimitiveType.STRING));

  @BeforeAll
  static void start() {
    spark = SparkPeer.shared();
    strata = Strata.builder().parallelism(2).build();
  }

  @AfterAll
  static void stop() {
    if (strata != null) {
      strata.close();
    }
  }

  static List<Row> batch(String writer, int b, int rows) {
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      out.add(
          Row.of(
              (writer.equals("spark") ? 1_000_000L : 0L) + b * 100L + i, writer + "-" + b, writer));
    }
    return out;
  }

  static String sparkBatch(int b, int rows) {
    StringBuilder sb = new StringBuilder("SELECT * FROM VALUES ");
    for (int i = 0; i < rows; i++) {
      sb.append(i > 0 ? ", " : "")
          .append(
              String.format(
                  "(CAST(%d AS BIGINT), 'spark-%d', 'spark')", 1_000_000L + b * 100L + i, b));
    }
    return sb.append(" AS s(id, batch, writer)").toString();
  }

  static List<String> commitFiles(String t) throws Exception {
    try (Stream<Path> files = Files.list(Path.of(t, "_delta_log"))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d{20}\\.json"))
          .sorted()
          .toList();
    }
  }

  @Test
  void strataAndSparkAppendConcurrentlyAndEveryBatchCommitsExactlyOnce() throws Exception {
    concurrentAppends(10);
  }

  @Test
  @Tag("stress")
  void thirtyBatchesEachFromStrataAndSparkAtOnce() throws Exception {
    concurrentAppends(30);
  }

  private void concurrentAppends(int batches) throws Exception {
    String t = dir.resolve("race").toString();
    strata.createDataset(List.of(), SCHEMA).write().save(t);
    int rows = 4;
    AtomicInteger sparkDone = new AtomicInteger();
    AtomicInteger strataDone = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    CompletableFuture<Void> sparkSide =
        CompletableFuture.runAsync(
            () -> {
              await(go);
              for (int b = 0; b < batches; b++) {
                spark.write(
                    sparkBatch(b, rows),
                    t,
                    "append",
                    List.of(),
                    Map.of("txnAppId", "spark-writer", "txnVersion", Integer.toString(b)));
                sparkDone.incrementAndGet();
              }
            });
    CompletableFuture<Void> strataSide =
        CompletableFuture.runAsync(
            () -> {
              await(go);
              for (int b = 0; b < batches; b++) {
                // Keep pace with Spark (slower per commit) so the two really interleave.
                while (b > sparkDone.get() + 1 && !sparkSide.isDone()) {
                  sleep(5);
                }
                strata
                    .createDataset(batch("strata", b, rows), SCHEMA)
                    .write()
                    .mode(SaveMode.APPEND)
                    .idempotent("strata-writer", b)
                    .save(t);
                strataDone.incrementAndGet();
              }
            });
    go.countDown();
    CompletableFuture.allOf(sparkSide, strataSide).get(15, TimeUnit.MINUTES);

    // Versions 0..60 with no gap: nobody overwrote anybody's commit.
    List<String> commits = commitFiles(t);
    assertThat(commits).hasSize(2 * batches + 1);
    assertThat(commits.get(commits.size() - 1)).isEqualTo(String.format("%020d.json", 2 * batches));
    assertThat(latestVersion(t)).isEqualTo(2 * batches);

    // Every batch exactly once, read by both.
    List<String> perBatch =
        spark.rows("SELECT batch, count(*) FROM " + delta(t) + " GROUP BY batch");
    assertThat(perBatch).hasSize(2 * batches).allMatch(r -> r.endsWith(", " + rows + ")"));
    assertThat(assertSameRows(spark, strata, t, null)).hasSize(2 * batches * rows);

    // Both writers' txn markers survived the other's commits.
    Snapshot snapshot = DeltaLog.forTable(t).latestSnapshot();
    assertThat(snapshot.txnVersion("strata-writer")).hasValue(batches - 1);
    assertThat(snapshot.txnVersion("spark-writer")).hasValue(batches - 1);

    // The commits interleaved: Spark's and Strata's versions are mixed, not two blocks.
    List<String> writers = new ArrayList<>();
    for (int v = 1; v <= 2 * batches; v++) {
      String json = Files.readString(Path.of(t, "_delta_log", String.format("%020d.json", v)));
      writers.add(json.contains("\"spark-writer\"") ? "S" : "T");
    }
    String order = String.join("", writers);
    assertThat(order.chars().filter(c -> c == 'S').count()).isEqualTo(batches);
    assertThat(order).as("commit order %s", order).doesNotContain("S".repeat(batches));
    assertThat(order.split("(?<=S)(?=T)|(?<=T)(?=S)").length).isGreaterThan(batches / 3);
  }

  @Test
  void strataAndSparkWithTheSameTxnAppIdAndVersionCommitOnlyOnce() throws Exception {
    String t = dir.resolve("idem").toString();
    strata.createDataset(List.of(), SCHEMA).write().save(t);
    // Strata first: Spark's write with the same marker is skipped.
    WriteResult first =
        strata
            .createDataset(batch("strata", 1, 3), SCHEMA)
            .write()
            .mode(SaveMode.APPEND)
            .idempotent("shared-app", 1)
            .save(t);
    assertThat(first.skipped()).isFalse();
    spark.write(
        sparkBatch(1, 3),
        t,
        "append",
        List.of(),
        Map.of("txnAppId", "shared-app", "txnVersion", "1"));
    assertThat(latestVersion(t)).isEqualTo(1);

    // Spark first: Strata's write with the same marker is skipped.
    spark.write(
        sparkBatch(2, 3),
        t,
        "append",
        List.of(),
        Map.of("txnAppId", "shared-app", "txnVersion", "2"));
    WriteResult skipped =
        strata
            .createDataset(batch("strata", 2, 3), SCHEMA)
            .write()
            .mode(SaveMode.APPEND)
            .idempotent("shared-app", 2)
            .save(t);
    assertThat(skipped.skipped()).isTrue();
    assertThat(latestVersion(t)).isEqualTo(2);

    // Both at once, several rounds: exactly one of the two commits each marker.
    for (int round = 3; round < 6; round++) {
      int r = round;
      long before = latestVersion(t);
      CountDownLatch go = new CountDownLatch(1);
      CompletableFuture<Void> sparkSide =
          CompletableFuture.runAsync(
              () -> {
                await(go);
                spark.write(
                    sparkBatch(r, 3),
                    t,
                    "append",
                    List.of(),
                    Map.of("txnAppId", "shared-app", "txnVersion", Integer.toString(r)));
              });
      CompletableFuture<WriteResult> strataSide =
          CompletableFuture.supplyAsync(
              () -> {
                await(go);
                return strata
                    .createDataset(batch("strata", r, 3), SCHEMA)
                    .write()
                    .mode(SaveMode.APPEND)
                    .idempotent("shared-app", r)
                    .save(t);
              });
      go.countDown();
      CompletableFuture.allOf(sparkSide, strataSide).get(5, TimeUnit.MINUTES);
      assertThat(latestVersion(t)).as("round %d", r).isEqualTo(before + 1);
    }
    List<String> batches = spark.rows("SELECT DISTINCT batch FROM " + delta(t));
    Map<String, Long> perRound =
        batches.stream()
            .map(b -> b.replaceAll("[()'a-z]", "").replace("-", ""))
            .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    assertThat(perRound).hasSize(5).allSatisfy((round, n) -> assertThat(n).isEqualTo(1));
    assertThat(DeltaLog.forTable(t).latestSnapshot().txnVersion("shared-app")).hasValue(5);
    assertSameRows(spark, strata, t, null);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
