package dev.strata.examples.readme;

import static dev.strata.engine.functions.col;
import static dev.strata.engine.functions.count;
import static dev.strata.engine.functions.lit;
import static dev.strata.engine.functions.sum;
import static dev.strata.engine.functions.when;

import dev.strata.engine.Dataset;
import dev.strata.engine.PartitionOverwriteMode;
import dev.strata.engine.SaveMode;
import dev.strata.engine.Strata;
import dev.strata.engine.WriteResult;
import dev.strata.format.Row;
import dev.strata.log.CommitEntry;
import dev.strata.pipeline.Input;
import dev.strata.pipeline.Partitioning;
import dev.strata.pipeline.Pipeline;
import dev.strata.pipeline.RetryPolicy;
import dev.strata.pipeline.RunListener;
import dev.strata.pipeline.RunResult;
import dev.strata.pipeline.Step;
import dev.strata.pipeline.WriteMode;
import dev.strata.writer.DmlMetrics;
import dev.strata.writer.MergeMetrics;
import dev.strata.writer.StrataTable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Java snippets of the README, compiled with the tests and run by {@link ReadmeSnippetsTest},
 * which also checks that each region between {@code // README: name} and {@code // END README} is,
 * character for character after de-indenting, a {@code ```java} block of README.md.
 *
 * <p>{@code lake} is the lakehouse directory; the test makes it and puts {@code orders.csv} and
 * {@code updates.csv} in it; the test checks the tables each snippet leaves there.
 */
final class ReadmeSnippets {
  private ReadmeSnippets() {}

  static void tour(String lake) {
    // README: tour
    try (Strata strata = Strata.local()) {
      Dataset orders =
          strata
              .read()
              .schema("order_id BIGINT, customer STRING, amount DECIMAL(10,2), order_date DATE")
              .option("header", "true")
              .csv(lake + "/orders.csv");
      Dataset daily =
          orders
              .where(col("amount").gt(lit(0)))
              .withColumn("big", when(col("amount").geq(lit(100)), lit(1)).otherwise(lit(0)))
              .groupBy("order_date")
              .agg(
                  count(col("order_id")).as("orders"),
                  sum(col("amount")).as("revenue"),
                  sum(col("big")).as("big_orders"))
              .orderBy("order_date");
      daily.show(); // runs a job and prints a text table
      List<Row> rows = daily.collect(); // rows.get(0).get("revenue") is a BigDecimal
      daily.write().mode(SaveMode.OVERWRITE).save(lake + "/gold/daily_revenue");
    }
    // END README
  }

  static List<CommitEntry> write(String lake) {
    try (Strata strata = Strata.local()) {
      // README: write
      Dataset orders =
          strata
              .read()
              .schema("order_id BIGINT, customer STRING, amount DECIMAL(10,2), order_date DATE")
              .option("header", "true")
              .csv(lake + "/orders.csv");
      String table = lake + "/bronze/orders";

      // The default mode, ERROR_IF_EXISTS, creates the table and fails if it is already there.
      WriteResult created = orders.write().partitionBy("order_date").save(table);

      // APPEND adds files; the commit is a blind append that never conflicts.
      orders.where("order_id = 1").write().mode(SaveMode.APPEND).save(table);

      // OVERWRITE with replaceWhere replaces only the rows matching the predicate (here one
      // day's partition); a written row outside it fails the write and commits nothing.
      orders
          .where("order_date = '2024-01-02'")
          .write()
          .mode(SaveMode.OVERWRITE)
          .replaceWhere("order_date = '2024-01-02'")
          .save(table);

      // DYNAMIC partition overwrite replaces exactly the partitions present in the data.
      orders
          .where("order_date >= '2024-01-02'")
          .write()
          .mode(SaveMode.OVERWRITE)
          .partitionOverwriteMode(PartitionOverwriteMode.DYNAMIC)
          .save(table);

      // Options: schema evolution, an idempotency marker (a replay is skipped), commit metadata.
      WriteResult again =
          orders
              .withColumn("channel", lit("web"))
              .write()
              .mode(SaveMode.APPEND)
              .option("mergeSchema", "true")
              .idempotent("nightly-load", 7)
              .userMetadata("added the channel column")
              .save(table);
      // END README
      if (created.version() != 0 || again.skipped()) {
        throw new AssertionError(created + " / " + again);
      }
      WriteResult replay =
          orders
              .withColumn("channel", lit("web"))
              .write()
              .mode(SaveMode.APPEND)
              .option("mergeSchema", "true")
              .idempotent("nightly-load", 7)
              .save(table);
      if (!replay.skipped()) {
        throw new AssertionError("replay of txn nightly-load/7 was not skipped: " + replay);
      }
      return StrataTable.forPath(strata, table).history();
    }
  }

  static List<Long> table(String lake) {
    try (Strata strata = Strata.local()) {
      strata
          .read()
          .schema("order_id BIGINT, customer STRING, amount DECIMAL(10,2), order_date DATE")
          .option("header", "true")
          .csv(lake + "/orders.csv")
          .write()
          .partitionBy("order_date")
          .save(lake + "/silver/orders");
      // README: table
      StrataTable orders = StrataTable.forPath(strata, lake + "/silver/orders");
      Dataset updates =
          strata
              .read()
              .schema(
                  "order_id BIGINT, customer STRING, amount DECIMAL(10,2), order_date DATE,"
                      + " deleted BOOLEAN")
              .option("header", "true")
              .csv(lake + "/updates.csv");

      // MERGE with every clause kind; clauses of one kind apply in order, the first that
      // matches wins.
      MergeMetrics merged =
          orders
              .as("t")
              .merge(updates.as("s"), "t.order_id = s.order_id")
              .whenMatched("s.deleted")
              .delete()
              .whenMatched("s.amount > t.amount")
              .update(Map.of("amount", "s.amount"))
              .whenMatched()
              .updateAll()
              .whenNotMatched()
              .insert(
                  Map.of(
                      "order_id", "s.order_id",
                      "customer", "s.customer",
                      "amount", "s.amount",
                      "order_date", "s.order_date"))
              .whenNotMatchedBySource("t.order_date < '2024-01-02'")
              .delete()
              .execute();

      DmlMetrics deleted = orders.delete("amount = 0");
      DmlMetrics updated = orders.update("customer = 'acme'", Map.of("customer", "'ACME'"));

      for (CommitEntry c : orders.history(3)) { // newest first
        System.out.println(c.version() + " " + c.info().operation());
      }
      long before = strata.read().versionAsOf(0).table(orders.path()).count(); // time travel
      long now = orders.toDataset().count();
      // END README
      return List.of(
          merged.rowsInserted(),
          merged.rowsUpdated(),
          merged.rowsDeleted(),
          deleted.rowsAffected(),
          updated.rowsAffected(),
          before,
          now,
          orders.version());
    }
  }

  static void pipeline(String lake) {
    // README: pipeline
    Pipeline p =
        Pipeline.builder("orders")
            .lakehouse(lake)
            .partitioning(Partitioning.daily("order_date"))
            .retry(RetryPolicy.of(3, Duration.ofSeconds(1)))
            .step(
                Step.named("bronze")
                    // A file input: in.get("orders") is all of it, every day's rows.
                    .input(
                        "orders",
                        Input.csv(lake + "/orders.csv")
                            .schema(
                                "order_id BIGINT, customer STRING, amount DECIMAL(10,2),"
                                    + " order_date DATE")
                            .option("header", "true"))
                    .transform(
                        (in, day) ->
                            in.get("orders").where(col("order_date").equalTo(lit(day.date()))))
                    .target("bronze/orders")
                    .mode(WriteMode.replacePartition())
                    .build())
            .step(
                Step.named("silver")
                    // A table input: in.partition("bronze") is only the day being processed
                    // (order_date = day), in.get("bronze") would be the whole table.
                    .input("bronze", "bronze/orders")
                    .transform((in, day) -> in.partition("bronze").where(col("amount").gt(lit(0))))
                    .target("silver/orders")
                    .mode(WriteMode.merge("order_id").withinPartition())
                    .build())
            .build();
    try (Strata strata = Strata.local()) {
      RunResult r =
          p.run(strata)
              .range("2024-01-01", "2024-01-03")
              .parallelism(2)
              .listener(RunListener.printing(System.err)) // the lines `strata run` prints
              .execute();
      System.out.print(r.summary()); // the table `strata run` prints at the end
    }
    // END README
  }

  static RunResult pipelineMerge(String lake) {
    // README: pipeline-merge
    Pipeline p =
        Pipeline.builder("changes")
            .lakehouse(lake)
            .partitioning(Partitioning.daily("order_date"))
            .step(
                Step.named("apply")
                    .input(
                        "updates",
                        Input.csv(lake + "/updates.csv")
                            .schema(
                                "order_id BIGINT, customer STRING, amount DECIMAL(10,2),"
                                    + " order_date DATE, deleted BOOLEAN")
                            .option("header", "true"))
                    .transform(
                        (in, day) ->
                            in.get("updates").where(col("order_date").equalTo(lit(day.date()))))
                    .target("silver/orders")
                    .mode(
                        WriteMode.merge("order_id")
                            .withinPartition()
                            .whenMatched("s.deleted")
                            .delete()
                            .whenMatched()
                            .updateAll()
                            .whenNotMatched("NOT s.deleted")
                            .insertAll())
                    .build())
            .build();
    try (Strata strata = Strata.local()) {
      return p.run(strata).range("2024-01-01", "2024-01-03").execute();
    }
    // END README
  }
}
