package dev.strata.writer;

import static dev.strata.engine.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.Dataset;
import dev.strata.engine.SaveMode;
import dev.strata.engine.Strata;
import dev.strata.format.Row;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repartitioned Dataset writes, and reads back, every row. */
class RepartitionWriteTest {
  static Strata strata;

  @TempDir Path dir;

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
  void repartitionedWritesKeepEveryRow() {
    String a = dir.resolve("a").toString();
    thousand().repartition(1).write().mode(SaveMode.APPEND).save(a);
    assertThat(Tables.rows(a)).hasSize(1000);
    String b = dir.resolve("b").toString();
    thousand().repartition(3, col("day")).write().partitionBy("day").save(b);
    assertThat(Tables.rows(b)).hasSize(1000);
    Dataset back = strata.read().table(b);
    assertThat(back.count()).isEqualTo(1000);
    assertThat(back.repartition(4).collect()).hasSize(1000);
    assertThat(back.repartition(3, col("day")).collect()).hasSize(1000);
    String c = dir.resolve("c").toString();
    back.repartition(2).write().save(c);
    assertThat(Tables.rows(c)).hasSize(1000);
  }
}
