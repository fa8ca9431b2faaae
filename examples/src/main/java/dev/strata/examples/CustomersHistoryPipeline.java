package dev.strata.examples;

import static dev.strata.engine.functions.col;
import static dev.strata.engine.functions.lit;
import static dev.strata.engine.functions.not;
import static dev.strata.engine.functions.when;

import dev.strata.engine.Column;
import dev.strata.engine.Dataset;
import dev.strata.engine.SaveMode;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.pipeline.Input;
import dev.strata.pipeline.Partitioning;
import dev.strata.pipeline.Pipeline;
import dev.strata.pipeline.PipelineContext;
import dev.strata.pipeline.PipelineProvider;
import dev.strata.pipeline.Step;
import dev.strata.pipeline.StepTarget;
import dev.strata.pipeline.WriteMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A slowly changing dimension of type 2 from daily snapshots, written by a custom step action:
 *
 * <ul>
 *   <li>input: {@code customers.csv} ({@code customer_id,name,city,snapshot_date}), the whole
 *       customer list as of each day;
 *   <li><b>history</b> ({@code silver/customers_history}): one row per version of a customer with
 *       {@code valid_from}, {@code valid_to} (null while current) and {@code is_current}. A day
 *       whose snapshot changes a customer's name or city closes the current version (valid to that
 *       day) and opens a new one; a customer missing from the snapshot is closed; a new one opens.
 * </ul>
 *
 * <p>Each day is one MERGE that carries the step's idempotency marker, so a rerun skips committed
 * days and a retry after an unknown commit outcome does not close a version twice. Days must be
 * applied in order: run it with parallelism 1 (the scheduler then takes the days oldest first).
 *
 * <p>Not registered with ServiceLoader; run it with {@code strata backfill --class
 * dev.strata.examples.CustomersHistoryPipeline customers --option data=DIR --from .. --to ..}.
 */
public final class CustomersHistoryPipeline implements PipelineProvider {
  /** The pipeline's name. */
  public static final String NAME = "customers";

  /** Schema of customers.csv. */
  public static final StructType SNAPSHOT_SCHEMA =
      new StructType(
          List.of(
              field("customer_id", PrimitiveType.LONG),
              field("name", PrimitiveType.STRING),
              field("city", PrimitiveType.STRING),
              field("snapshot_date", PrimitiveType.DATE)));

  /** The tracked attributes: a change of any opens a new version. */
  public static final List<String> ATTRIBUTES = List.of("name", "city");

  private static StructField field(String name, PrimitiveType type) {
    return new StructField(name, type, true, Map.of());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "customers.csv daily snapshots -> silver/customers_history (SCD type 2), daily";
  }

  @Override
  public Pipeline create(PipelineContext context) {
    String data = context.option("data", Path.of(context.lakehouse(), "_data").toString());
    return pipeline(context.lakehouse(), Path.of(data).resolve("customers.csv").toString());
  }

  /** The pipeline over {@code lakehouse}, reading the snapshots in {@code csv}. */
  public static Pipeline pipeline(String lakehouse, String csv) {
    return Pipeline.builder(NAME)
        .lakehouse(lakehouse)
        .partitioning(Partitioning.daily("snapshot_date"))
        .step(
            Step.named("history")
                .input("snapshots", Input.csv(csv).schema(SNAPSHOT_SCHEMA).option("header", "true"))
                .transform((in, day) -> in.partition("snapshots"))
                .target("silver/customers_history")
                // The history is one table across days, not partitioned by the snapshot day.
                .partitionBy()
                .mode(WriteMode.custom(CustomersHistoryPipeline::applySnapshot))
                .build())
        .build();
  }

  /** Applies one day's snapshot to the history in one commit carrying the step's marker. */
  static void applySnapshot(Dataset snapshot, StepTarget target) {
    LocalDate day = target.partition().date();
    if (!target.exists()) {
      target.write(opened(snapshot)).mode(SaveMode.APPEND).save(target.path());
      return;
    }
    Dataset current =
        target.table().toDataset().where(col("is_current")).select("customer_id", "name", "city");
    // Rows keyed by their id close the current version of a changed customer (and match the
    // unchanged ones, which no clause changes); rows with a null key match nothing and so insert
    // the new version of a changed customer. A customer new to the history is inserted by its
    // keyed row, which matches nothing either.
    Dataset keyed = snapshot.withColumn("merge_key", col("customer_id"));
    Dataset changed =
        snapshot
            .as("s")
            .join(current.as("c"), col("s.customer_id").equalTo(col("c.customer_id")), "inner")
            .where(differs("s", "c"))
            .select(
                col("s.customer_id").as("customer_id"),
                col("s.name").as("name"),
                col("s.city").as("city"),
                col("s.snapshot_date").as("snapshot_date"))
            .withColumn("merge_key", when(lit(false), col("customer_id")));
    Dataset staged = keyed.unionByName(changed);

    Map<String, Object> close = new LinkedHashMap<>();
    close.put("valid_to", col("s.snapshot_date"));
    close.put("is_current", lit(false));
    Map<String, Object> open = new LinkedHashMap<>();
    open.put("customer_id", col("s.customer_id"));
    open.put("name", col("s.name"));
    open.put("city", col("s.city"));
    open.put("valid_from", col("s.snapshot_date"));
    open.put("valid_to", lit(null).cast("date"));
    open.put("is_current", lit(true));
    Map<String, Object> gone = new LinkedHashMap<>();
    gone.put("valid_to", lit(day));
    gone.put("is_current", lit(false));
    target
        .table()
        .as("t")
        .merge(staged.as("s"), "t.customer_id = s.merge_key AND t.is_current")
        .whenMatched(differsSql())
        .update(close)
        .whenNotMatched()
        .insert(open)
        // A customer missing from the day's snapshot is closed on that day.
        .whenNotMatchedBySource("t.is_current")
        .update(gone)
        .execute();
  }

  /** Every customer of the first snapshot as its first, current version. */
  private static Dataset opened(Dataset snapshot) {
    return snapshot.select(
        col("customer_id"),
        col("name"),
        col("city"),
        col("snapshot_date").as("valid_from"),
        lit(null).cast("date").as("valid_to"),
        lit(true).as("is_current"));
  }

  /** Whether a tracked attribute differs, nulls included. */
  private static Column differs(String a, String b) {
    Column any = null;
    for (String attr : ATTRIBUTES) {
      Column d = not(col(a + "." + attr).eqNullSafe(col(b + "." + attr)));
      any = any == null ? d : any.or(d);
    }
    return any;
  }

  private static String differsSql() {
    return String.join(
        " OR ", ATTRIBUTES.stream().map(x -> "NOT (t." + x + " <=> s." + x + ")").toList());
  }
}
