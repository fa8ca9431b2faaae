package dev.strata.engine;

import static dev.strata.engine.functions.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.format.Row;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DatasetTest {
  static Strata strata;

  static final StructType ORDERS =
      StructType.of(
          StructField.of("order_id", PrimitiveType.LONG),
          StructField.of("product_id", PrimitiveType.STRING),
          StructField.of("quantity", PrimitiveType.INTEGER),
          StructField.of("price", new DecimalType(10, 2)),
          StructField.of("order_date", PrimitiveType.DATE));

  @BeforeAll
  static void start() {
    strata = Strata.builder().parallelism(2).build();
  }

  @AfterAll
  static void stop() {
    strata.close();
  }

  static Dataset orders() {
    List<Row> rows = new ArrayList<>();
    rows.add(Row.of(1L, "P1", 2, new BigDecimal("10.50"), LocalDate.of(2024, 1, 5)));
    rows.add(Row.of(2L, "P2", 1, new BigDecimal("3.25"), LocalDate.of(2024, 1, 5)));
    rows.add(Row.of(3L, null, 4, new BigDecimal("1.00"), LocalDate.of(2024, 1, 6)));
    rows.add(Row.of(4L, "P1", -1, new BigDecimal("2.00"), LocalDate.of(2024, 1, 6)));
    rows.add(Row.of(5L, "P3", 3, null, null));
    return strata.createDataset(rows, ORDERS);
  }

  @Test
  void rangeCountAndFilter() {
    assertThat(strata.range(10000).count()).isEqualTo(10000);
    assertThat(strata.range(10000).filter("id % 3 = 0").count()).isEqualTo(3334);
  }

  @Test
  void filterProjectDecimal() {
    Dataset d =
        orders()
            .filter("order_date = '2024-01-05' AND quantity > 0")
            .selectExpr("order_id", "quantity * price AS amount");
    assertThat(d.schema().field("amount").type()).isEqualTo(new DecimalType(21, 2));
    List<Row> rows = d.orderBy("order_id").collect();
    assertThat(rows)
        .containsExactly(Row.of(1L, new BigDecimal("21.00")), Row.of(2L, new BigDecimal("3.25")));
  }

  @Test
  void groupByAggregates() {
    Dataset g =
        orders()
            .groupBy("order_date")
            .agg(
                count("*").as("n"),
                sum(col("quantity").multiply(col("price"))).as("revenue"),
                countDistinct(col("product_id")).as("products"),
                avg("quantity").as("avgq"));
    assertThat(g.schema().field("revenue").type()).isEqualTo(new DecimalType(31, 2));
    List<Row> rows = g.orderBy(col("order_date").asc_nulls_last()).collect();
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0))
        .isEqualTo(Row.of(LocalDate.of(2024, 1, 5), 2L, new BigDecimal("24.25"), 2L, 1.5));
    assertThat(rows.get(2).get(0)).isNull();
  }

  @Test
  void joinsAndDedupe() {
    Dataset products =
        strata.createDataset(
            List.of(Row.of("P1", "cat_a"), Row.of("P2", "cat_b")),
            StructType.of(
                StructField.of("product_id", PrimitiveType.STRING),
                StructField.of("category", PrimitiveType.STRING)));
    assertThat(orders().join(broadcast(products), "product_id").count()).isEqualTo(3);
    assertThat(orders().join(products, List.of("product_id"), "left").count()).isEqualTo(5);
    assertThat(orders().join(products, List.of("product_id"), "full").count()).isEqualTo(5);
    assertThat(orders().join(products, List.of("product_id"), "left_anti").count()).isEqualTo(2);
    Dataset latest = orders().dropDuplicates(List.of("product_id"), col("order_id").desc());
    assertThat(latest.count()).isEqualTo(4);
    Dataset rn =
        orders()
            .withColumn(
                "rn",
                row_number().over(Window.partitionBy("product_id").orderBy(col("order_id").desc())))
            .filter("rn = 1")
            .drop("rn");
    assertThat(rn.explainString()).contains("Dedupe").doesNotContain("Window");
    assertThat(rn.orderBy("order_id").collect().stream().map(r -> r.get(0)).toList())
        .containsExactly(2L, 3L, 4L, 5L);
  }

  @Test
  void repartitionAsTheLastStepKeepsAllRows() {
    assertThat(strata.range(1000).repartition(3).collect()).hasSize(1000);
    assertThat(strata.range(1000).repartition(3, col("id")).numPartitions()).isEqualTo(3);
    assertThat(strata.range(100).union(strata.range(50)).distinct().count()).isEqualTo(100);
    assertThat(strata.range(10).unionByName(strata.range(5)).count()).isEqualTo(15);
  }

  @Test
  void showPrintsATable() {
    String table = orders().orderBy("order_id").showString(2, true);
    assertThat(table)
        .contains("|order_id|product_id|quantity|price|order_date|")
        .contains("|       1|        P1|       2|10.50|2024-01-05|")
        .contains("only showing top 2 rows");
    assertThat(orders().selectExpr("count(*) AS n", "max(price) AS m").first())
        .isEqualTo(Row.of(5L, new BigDecimal("10.50")));
    assertThat(orders().withColumnRenamed("quantity", "q").columns())
        .contains("q")
        .doesNotContain("quantity");
    assertThat(orders().select(col("*"), expr("quantity * 2 AS dbl")).columns()).hasSize(6);
  }

  @Test
  void invalidPredicateShowsPosition() {
    assertThatThrownBy(() -> orders().filter("quantity > AND price < 3"))
        .isInstanceOf(InvalidPredicateException.class)
        .hasMessageContaining("position 11");
  }

  @Test
  void runTasksGivesPartitions() {
    List<Long> counts =
        strata
            .range(1000)
            .runTasks(
                (ctx, it) -> {
                  long n = 0;
                  while (it.hasNext()) {
                    n += it.next().numRows();
                  }
                  return n;
                });
    assertThat(counts).hasSize(2);
    assertThat(counts.stream().mapToLong(Long::longValue).sum()).isEqualTo(1000);
    assertThat(strata.lastJob().stages()).hasSize(1);
  }
}
