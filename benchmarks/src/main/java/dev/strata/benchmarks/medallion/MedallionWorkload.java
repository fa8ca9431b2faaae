package dev.strata.benchmarks.medallion;

import static dev.strata.engine.functions.broadcast;
import static dev.strata.engine.functions.col;
import static dev.strata.engine.functions.count;
import static dev.strata.engine.functions.countDistinct;
import static dev.strata.engine.functions.lit;
import static dev.strata.engine.functions.sum;

import dev.strata.engine.Dataset;
import dev.strata.engine.SaveMode;
import dev.strata.engine.Strata;
import dev.strata.engine.WriteResult;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.DeltaLog;
import dev.strata.maintenance.Optimize;
import dev.strata.maintenance.OptimizeResult;
import dev.strata.maintenance.Vacuum;
import dev.strata.maintenance.VacuumResult;
import dev.strata.writer.MergeMetrics;
import dev.strata.writer.StrataTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The six stages of {@code shared/bench/WORKLOAD.md}, exactly as defined there, on Strata. Each
 * stage returns what it wrote so the harness can report rows and files.
 */
public final class MedallionWorkload {
  /** The schema of orders.csv and updates.csv. */
  public static final StructType ORDERS_SCHEMA =
      StructType.of(
          StructField.of("order_id", PrimitiveType.LONG),
          StructField.of("customer_id", PrimitiveType.LONG),
          StructField.of("product_id", PrimitiveType.STRING),
          StructField.of("quantity", PrimitiveType.INTEGER),
          StructField.of("price", new DecimalType(10, 2)),
          StructField.of("order_ts", PrimitiveType.TIMESTAMP),
          StructField.of("order_date", PrimitiveType.DATE),
          StructField.of("status", PrimitiveType.STRING),
          StructField.of("comment", PrimitiveType.STRING));

  /** The schema of products.csv. */
  public static final StructType PRODUCTS_SCHEMA =
      StructType.of(
          StructField.of("product_id", PrimitiveType.STRING),
          StructField.of("category", PrimitiveType.STRING),
          StructField.of("name", PrimitiveType.STRING));

  /** The backfill day D. */
  public static final String BACKFILL_DAY = "2024-01-15";

  private final Strata strata;
  private final Path data;
  private final String warehouse;

  public MedallionWorkload(Strata strata, Path data, String warehouse) {
    this.strata = strata;
    this.data = data;
    this.warehouse = warehouse;
  }

  public String bronzePath() {
    return warehouse + "/bronze/orders";
  }

  public String silverPath() {
    return warehouse + "/silver/orders";
  }

  public String goldPath() {
    return warehouse + "/gold/daily_revenue";
  }

  private Dataset csv(String file, StructType schema) {
    return strata
        .read()
        .schema(schema)
        .option("header", "true")
        .option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss")
        .option("dateFormat", "yyyy-MM-dd")
        .csv(data.resolve(file).toString());
  }

  private static Dataset valid(Dataset orders) {
    return orders.filter("quantity > 0 AND product_id IS NOT NULL AND product_id <> ''");
  }

  private Dataset enrich(Dataset orders) {
    Dataset products = csv("products.csv", PRODUCTS_SCHEMA).select("product_id", "category");
    return orders
        .join(broadcast(products), java.util.List.of("product_id"), "inner")
        .select(
            "order_id",
            "customer_id",
            "product_id",
            "quantity",
            "price",
            "order_ts",
            "order_date",
            "status",
            "comment",
            "category");
  }

  private static Dataset goldOf(Dataset silver) {
    return silver
        .groupBy("order_date", "category")
        .agg(
            count(lit(1)).as("order_count"),
            sum(col("quantity").multiply(col("price"))).as("revenue"),
            countDistinct(col("customer_id")).as("distinct_customers"));
  }

  /** Stage 1: all of orders.csv into bronze, partitioned by order_date, overwrite. */
  public WriteResult bronze() {
    return csv("orders.csv", ORDERS_SCHEMA)
        .write()
        .mode(SaveMode.OVERWRITE)
        .partitionBy("order_date")
        .save(bronzePath());
  }

  /** Stage 2: valid rows, latest per order_id, enriched, into silver. */
  public WriteResult silver() {
    Dataset bronze = strata.read().table(bronzePath());
    Dataset latest =
        valid(bronze).dropDuplicates(java.util.List.of("order_id"), col("order_ts").desc());
    return enrich(latest)
        .write()
        .mode(SaveMode.OVERWRITE)
        .partitionBy("order_date")
        .save(silverPath());
  }

  /** Stage 3: daily revenue by category into gold, unpartitioned, overwrite. */
  public WriteResult gold() {
    return goldOf(strata.read().table(silverPath()))
        .write()
        .mode(SaveMode.OVERWRITE)
        .save(goldPath());
  }

  /** Stage 4: MERGE the valid, enriched updates into silver by order_id. */
  public MergeMetrics merge() {
    Dataset source = enrich(valid(csv("updates.csv", ORDERS_SCHEMA)));
    return StrataTable.forPath(strata, silverPath())
        .as("t")
        .merge(source.as("s"), "t.order_id = s.order_id")
        .whenMatched()
        .updateAll()
        .whenNotMatched()
        .insertAll()
        .execute();
  }

  /** Stage 5: replace day D in bronze from the CSV and in gold from current silver. */
  public Map<String, WriteResult> backfill() {
    String predicate = "order_date = '" + BACKFILL_DAY + "'";
    Map<String, WriteResult> results = new LinkedHashMap<>();
    results.put(
        "bronze",
        csv("orders.csv", ORDERS_SCHEMA)
            .filter(predicate)
            .write()
            .mode(SaveMode.OVERWRITE)
            .replaceWhere(predicate)
            .save(bronzePath()));
    results.put(
        "gold",
        goldOf(strata.read().table(silverPath()).filter(predicate))
            .write()
            .mode(SaveMode.OVERWRITE)
            .replaceWhere(predicate)
            .save(goldPath()));
    return results;
  }

  /** Stage 6: OPTIMIZE silver (target 1 GB), then VACUUM it retaining 0 hours. */
  public Map<String, Object> optimize() {
    DeltaLog silver = DeltaLog.forTable(silverPath());
    OptimizeResult optimized =
        Optimize.forTable(silver).targetFileSize(1024L * 1024 * 1024).execute();
    VacuumResult vacuumed =
        Vacuum.forTable(DeltaLog.forTable(silverPath()))
            .retention(Duration.ZERO)
            .allowShortRetention()
            .execute();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("optimize", optimized);
    out.put("vacuum", vacuumed);
    return out;
  }

  /** The table at {@code path} as a Dataset. */
  public Dataset table(String path) {
    return strata.read().table(path);
  }
}
