package dev.strata.examples;

import static dev.strata.engine.functions.broadcast;
import static dev.strata.engine.functions.col;
import static dev.strata.engine.functions.count;
import static dev.strata.engine.functions.countDistinct;
import static dev.strata.engine.functions.lit;
import static dev.strata.engine.functions.sum;

import dev.strata.engine.Column;
import dev.strata.engine.Dataset;
import dev.strata.format.StoragePaths;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.pipeline.Input;
import dev.strata.pipeline.Partitioning;
import dev.strata.pipeline.Pipeline;
import dev.strata.pipeline.PipelineContext;
import dev.strata.pipeline.PipelineException;
import dev.strata.pipeline.PipelineProvider;
import dev.strata.pipeline.Step;
import dev.strata.pipeline.WriteMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The medallion orders pipeline of the benchmark workload, one day at a time:
 *
 * <ul>
 *   <li><b>bronze</b> ({@code bronze/orders}): that day's rows of {@code orders.csv}, unchanged
 *       (invalid rows and re-sends included); replaces the day's partition;
 *   <li><b>silver</b> ({@code silver/orders}): the day's valid bronze rows, the latest version of
 *       each order ({@code order_ts}), joined with the products (broadcast) for their category;
 *       MERGE by {@code order_id} (within the day: an order never changes its date);
 *   <li><b>gold</b> ({@code gold/daily_revenue}): per category, the day's order count, revenue (Σ
 *       quantity × price, exact decimal) and distinct customers; replaces the day's partition.
 * </ul>
 *
 * <p>Registered as pipeline {@code orders}. Options: {@code data} (the directory with the CSV
 * files, default {@code <lakehouse>/_data}); with {@code generate=true} the data set is generated
 * there first if missing ({@code rows}, default 200,000; {@code seed}, default 42).
 */
public final class OrdersPipeline implements PipelineProvider {
  /** The pipeline's name. */
  public static final String NAME = "orders";

  /** The first day of the data set. */
  public static final String FIRST_DAY = "2024-01-01";

  /** The last day of the data set. */
  public static final String LAST_DAY = "2024-01-30";

  /** Default number of generated orders. */
  public static final int DEFAULT_ROWS = 200_000;

  /** Schema of orders.csv (and updates.csv). */
  public static final StructType ORDERS_SCHEMA =
      new StructType(
          List.of(
              field("order_id", PrimitiveType.LONG),
              field("customer_id", PrimitiveType.LONG),
              field("product_id", PrimitiveType.STRING),
              field("quantity", PrimitiveType.INTEGER),
              new StructField("price", new DecimalType(10, 2), true, Map.of()),
              field("order_ts", PrimitiveType.TIMESTAMP),
              field("order_date", PrimitiveType.DATE),
              field("status", PrimitiveType.STRING),
              field("comment", PrimitiveType.STRING)));

  /** Schema of products.csv. */
  public static final StructType PRODUCTS_SCHEMA =
      new StructType(
          List.of(
              field("product_id", PrimitiveType.STRING),
              field("category", PrimitiveType.STRING),
              field("name", PrimitiveType.STRING)));

  /** The columns of silver/orders, in order. */
  public static final List<String> SILVER_COLUMNS =
      List.of(
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

  private static final String GENERATED_MARKER = "GENERATED";

  private static StructField field(String name, PrimitiveType type) {
    return new StructField(name, type, true, Map.of());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "orders.csv -> bronze/orders -> silver/orders (MERGE) -> gold/daily_revenue, daily";
  }

  @Override
  public Pipeline create(PipelineContext context) {
    String lakehouse = context.lakehouse();
    String data = context.option("data", defaultDataDir(lakehouse).toString());
    if (Boolean.parseBoolean(context.option("generate", "false"))) {
      ensureData(
          Path.of(data),
          Integer.parseInt(context.option("rows", Integer.toString(DEFAULT_ROWS))),
          Long.parseLong(context.option("seed", Long.toString(OrdersGenerator.DEFAULT_SEED))));
    }
    return pipeline(lakehouse, data);
  }

  /** Where the data set goes by default: {@code <lakehouse>/_data} (a local lakehouse). */
  public static Path defaultDataDir(String lakehouse) {
    String root = StoragePaths.normalize(lakehouse);
    if (!root.startsWith("file:")) {
      return Path.of("orders-data");
    }
    return StoragePaths.toLocalPath(root).resolve("_data");
  }

  /**
   * Generates the data set into {@code dir} unless it is there already.
   *
   * @return true when it was generated now
   * @throws PipelineException when {@code dir} holds a data set of another size or seed
   */
  public static boolean ensureData(Path dir, int rows, long seed) {
    Path marker = dir.resolve(GENERATED_MARKER);
    String wanted = "rows=" + rows + " seed=" + seed;
    try {
      if (Files.exists(marker)) {
        String have = Files.readString(marker).trim();
        if (!have.equals(wanted)) {
          throw new PipelineException(
              "The data set in "
                  + dir
                  + " was generated with "
                  + have
                  + ", not "
                  + wanted
                  + ". Use another lakehouse (--lakehouse) or delete it to start over.");
        }
        return false;
      }
      OrdersGenerator.generate(dir, rows, seed);
      Files.writeString(marker, wanted + "\n");
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the orders data set in " + dir, e);
    }
  }

  /** The pipeline over {@code lakehouse}, reading the CSV files of {@code dataDir}. */
  public static Pipeline pipeline(String lakehouse, String dataDir) {
    String orders = Path.of(dataDir).resolve("orders.csv").toString();
    String products = Path.of(dataDir).resolve("products.csv").toString();
    return Pipeline.builder(NAME)
        .lakehouse(lakehouse)
        .partitioning(Partitioning.daily("order_date"))
        .step(
            Step.named("bronze")
                .input("orders", Input.csv(orders).schema(ORDERS_SCHEMA).option("header", "true"))
                .transform(
                    (in, day) -> in.get("orders").where(col("order_date").equalTo(lit(day.date()))))
                .target("bronze/orders")
                .mode(WriteMode.replacePartition())
                .build())
        .step(
            Step.named("silver")
                .input("bronze", Input.table("bronze/orders"))
                .input(
                    "products",
                    Input.csv(products).schema(PRODUCTS_SCHEMA).option("header", "true"))
                .transform((in, day) -> silver(in.partition("bronze"), in.get("products")))
                .target("silver/orders")
                // An order keeps its date (WORKLOAD.md), so matching within the day's partition
                // is the same MERGE by order_id, and days merge concurrently without conflicts.
                .mode(WriteMode.merge("order_id").withinPartition())
                .build())
        .step(
            Step.named("gold")
                .input("silver", Input.table("silver/orders"))
                .transform((in, day) -> gold(in.partition("silver")))
                .target("gold/daily_revenue")
                .mode(WriteMode.replacePartition())
                .build())
        .build();
  }

  /** {@code quantity > 0 AND product_id IS NOT NULL AND product_id <> ''}. */
  public static Column valid() {
    return col("quantity")
        .gt(0)
        .and(col("product_id").isNotNull())
        .and(col("product_id").notEqual(""));
  }

  /**
   * Valid rows, then the latest version of each order (filter before dedupe: an order whose latest
   * row is invalid keeps its latest valid one), then its category.
   */
  public static Dataset silver(Dataset bronze, Dataset products) {
    Dataset latest =
        bronze.where(valid()).dropDuplicates(List.of("order_id"), col("order_ts").desc());
    return latest
        .join(broadcast(products.select("product_id", "category")), "product_id")
        .select(SILVER_COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  /** Daily revenue by category. */
  public static Dataset gold(Dataset silver) {
    return silver
        .groupBy("order_date", "category")
        .agg(
            count(lit(1)).as("order_count"),
            sum(col("quantity").multiply(col("price"))).as("revenue"),
            countDistinct("customer_id").as("distinct_customers"));
  }
}
