package dev.strata.conformance.spark;

import static dev.strata.conformance.spark.SparkTables.assertSameRows;
import static dev.strata.conformance.spark.SparkTables.delta;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.Dataset;
import dev.strata.engine.Strata;
import dev.strata.format.Row;
import dev.strata.format.types.ArrayType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.MapType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Direction 1: Spark + Delta Lake reads exactly what Strata writes. */
class SparkReadsStrataTest {
  static Strata strata;
  static SparkPeer spark;

  @TempDir Path dir;

  static final StructType POINT =
      StructType.of(
          StructField.of("x", PrimitiveType.INTEGER), StructField.of("y", PrimitiveType.STRING));

  static final StructType SCHEMA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG),
          StructField.of("region", PrimitiveType.STRING),
          StructField.of("day", PrimitiveType.DATE),
          StructField.of("flag", PrimitiveType.BOOLEAN),
          StructField.of("i8", PrimitiveType.BYTE),
          StructField.of("i16", PrimitiveType.SHORT),
          StructField.of("qty", PrimitiveType.INTEGER),
          StructField.of("f32", PrimitiveType.FLOAT),
          StructField.of("f64", PrimitiveType.DOUBLE),
          StructField.of("price", new DecimalType(10, 2)),
          StructField.of("big", new DecimalType(25, 3)),
          StructField.of("bin", PrimitiveType.BINARY),
          StructField.of("ts", PrimitiveType.TIMESTAMP),
          StructField.of("pt", POINT),
          StructField.of("tags", new ArrayType(PrimitiveType.STRING, true)),
          StructField.of("attrs", new MapType(PrimitiveType.STRING, PrimitiveType.LONG, true)));

  /** Partition values Hive-style paths must escape, and one that needs no escaping. */
  static final String[] REGIONS = {"eu", "us", "a/b=c%d", "x:y#z", "sp ace", "ü'quote"};

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

  static Row row(long id) {
    return Row.of(
        id,
        id % 11 == 0 ? null : REGIONS[(int) (id % REGIONS.length)],
        LocalDate.of(2024, 1, 1 + (int) (id % 3)),
        id % 2 == 0,
        (byte) (id % 5),
        (short) (id * 3),
        (int) (id % 10),
        id / 3f,
        id / 7d,
        BigDecimal.valueOf(id * 101, 2),
        new BigDecimal(id + "123456789.125"),
        new byte[] {(byte) id, 1, 2},
        Instant.ofEpochSecond(1_700_000_000L + id * 61, (id % 1000) * 1000),
        new Row(POINT, new Object[] {(int) id, "s" + id}),
        id % 4 == 0 ? null : List.of("t" + id, "u"),
        Map.of("k", id));
  }

  static List<Row> rows(long from, long to) {
    List<Row> out = new ArrayList<>();
    for (long id = from; id < to; id++) {
      out.add(row(id));
    }
    return out;
  }

  static Dataset ds(List<Row> rows) {
    return strata.createDataset(rows, SCHEMA);
  }

  @Test
  void sparkReadsAnUnpartitionedStrataTableWithEveryType() {
    String t = dir.resolve("flat").toString();
    ds(rows(0, 40)).write().save(t);

    List<String> read = assertSameRows(spark, strata, t, null);
    assertThat(read).hasSize(40);
    List<String> detail = spark.rows("DESCRIBE DETAIL " + delta(t));
    assertThat(detail).hasSize(1);
    assertThat(detail.get(0)).contains("'delta'").contains("[]");
    assertThat(spark.rows("DESCRIBE HISTORY " + delta(t))).hasSize(1);
  }
}
