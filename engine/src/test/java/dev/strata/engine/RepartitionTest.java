package dev.strata.engine;

import static dev.strata.engine.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.format.Row;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Repartitioning keeps every row, whatever consumes the exchange and whatever the source. */
class RepartitionTest {
  static Strata strata;

  static final StructType SCHEMA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG), StructField.of("day", PrimitiveType.STRING));

  @BeforeAll
  static void start() {
    strata = Strata.builder().parallelism(4).build();
  }

  @AfterAll
  static void stop() {
    strata.close();
  }

  static Dataset thousand() {
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 1000; i++) {
      rows.add(Row.of(i, "d" + (i % 7)));
    }
    return strata.createDataset(rows, SCHEMA);
  }

  @Test
  void roundRobinCollectKeepsAllRows() {
    Dataset d = thousand().repartition(4);
    assertThat(d.count()).isEqualTo(1000);
    List<Row> rows = d.collect();
    assertThat(rows).hasSize(1000);
    assertThat(rows.stream().map(r -> (Long) r.get(0)).distinct().count()).isEqualTo(1000);
  }

  @Test
  void hashCollectKeepsAllRows() {
    List<Row> rows = thousand().repartition(3, col("day")).collect();
    assertThat(rows).hasSize(1000);
    assertThat(rows.stream().map(r -> (Long) r.get(0)).distinct().count()).isEqualTo(1000);
  }

  @Test
  void exchangeDirectlyOverAnExchangeRunsBothMapSides() {
    assertThat(thousand().repartition(2).repartition(3).collect()).hasSize(1000);
    assertThat(thousand().repartition(2).repartition(3).count()).isEqualTo(1000);
    assertThat(thousand().repartition(4).orderBy("id").collect()).hasSize(1000);
    assertThat(thousand().repartition(3, col("day")).repartition(2, col("id")).collect())
        .hasSize(1000);
    assertThat(thousand().repartition(4).groupBy("day").count().collect()).hasSize(7);
  }
}
