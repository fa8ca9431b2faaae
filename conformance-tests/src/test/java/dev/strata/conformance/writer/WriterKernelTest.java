package dev.strata.conformance.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.conformance.KernelOracle;
import dev.strata.conformance.OracleOutput;
import dev.strata.engine.Dataset;
import dev.strata.engine.PartitionOverwriteMode;
import dev.strata.engine.SaveMode;
import dev.strata.engine.Strata;
import dev.strata.format.Row;
import dev.strata.format.types.ArrayType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.MapType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.writer.StrataTable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Delta Kernel reads every table the writer produces - each write mode, DELETE, UPDATE and MERGE,
 * every type, partitioned and not - and returns exactly the rows Strata's engine returns.
 */
class WriterKernelTest {
  static Strata strata;

  @TempDir Path dir;

  static final StructType ROW_TYPE =
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
          StructField.of("st", ROW_TYPE),
          StructField.of("tags", new ArrayType(PrimitiveType.STRING, true)),
          StructField.of("attrs", new MapType(PrimitiveType.STRING, PrimitiveType.LONG, true)));

  static final String[] REGIONS = {"eu", "us", "a/b=c%d", "x:y#z", "sp ace"};

  @BeforeAll
  static void start() {
    strata = Strata.builder().parallelism(2).build();
  }

  @AfterAll
  static void stop() {
    strata.close();
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
        new Row(ROW_TYPE, new Object[] {(int) id, "s" + id}),
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

  private Dataset ds(List<Row> rows) {
    return strata.createDataset(rows, SCHEMA);
  }

  private static void assertKernelAgrees(String table) throws Exception {
    List<String> strataRows =
        strata.read().table(table).collect().stream().map(OracleOutput::render).sorted().toList();
    KernelOracle.Result kernel = KernelOracle.read(table, null);
    assertThat(kernel.rows().stream().sorted().toList()).isEqualTo(strataRows);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "region", "flag,qty", "ts", "price,day"})
  void kernelReadsEveryWriteMode(String partitionBy) throws Exception {
    String t = dir.resolve("t").toString();
    String[] partitions = partitionBy.isEmpty() ? new String[0] : partitionBy.split(",");
    ds(rows(0, 60)).write().partitionBy(partitions).save(t);
    assertKernelAgrees(t);

    ds(rows(60, 90)).write().mode(SaveMode.APPEND).idempotent("kernel-test", 1).save(t);
    assertKernelAgrees(t);

    ds(rows(1000, 1010).stream().filter(r -> (int) r.get(6) < 5).toList())
        .write()
        .mode(SaveMode.OVERWRITE)
        .replaceWhere("qty < 5")
        .save(t);
    assertKernelAgrees(t);

    ds(rows(2000, 2012))
        .write()
        .mode(SaveMode.OVERWRITE)
        .partitionOverwriteMode(PartitionOverwriteMode.DYNAMIC)
        .save(t);
    assertKernelAgrees(t);

    StrataTable table = StrataTable.forPath(strata, t);
    table.delete("id % 7 = 3");
    assertKernelAgrees(t);

    table.update("qty = 9", Map.of("f64", "f64 * 2", "i16", "i16 + 1"));
    assertKernelAgrees(t);

    List<Row> source = new ArrayList<>(rows(70, 75));
    source.addAll(rows(5000, 5003));
    table
        .as("t")
        .merge(ds(source).as("s"), "t.id = s.id")
        .whenMatched()
        .update(Map.of("qty", "s.qty + 100"))
        .whenNotMatched()
        .insertAll()
        .execute();
    assertKernelAgrees(t);
    assertThat(strata.read().table(t).filter("id >= 5000").count()).isEqualTo(3);

    ds(rows(9000, 9005)).write().mode(SaveMode.OVERWRITE).save(t);
    assertKernelAgrees(t);
  }
}
