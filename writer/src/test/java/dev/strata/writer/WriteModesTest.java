package dev.strata.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.engine.Dataset;
import dev.strata.engine.PartitionOverwriteMode;
import dev.strata.engine.SaveMode;
import dev.strata.engine.Strata;
import dev.strata.engine.WriteResult;
import dev.strata.format.Row;
import dev.strata.format.SchemaMismatchException;
import dev.strata.format.types.ArrayType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.MapType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.AddFile;
import dev.strata.log.Snapshot;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteModesTest {
  static Strata strata;

  @TempDir Path dir;

  static final StructType ORDERS =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG),
          StructField.of("day", PrimitiveType.DATE),
          StructField.of("qty", PrimitiveType.INTEGER),
          StructField.of("note", PrimitiveType.STRING));

  @BeforeAll
  static void start() {
    strata = Strata.builder().parallelism(2).build();
  }

  @AfterAll
  static void stop() {
    strata.close();
  }

  private String table(String name) {
    return dir.resolve(name).toString();
  }

  static LocalDate day(int d) {
    return LocalDate.of(2024, 1, d);
  }

  static List<Row> orders(long firstId, int count, int... days) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long id = firstId + i;
      rows.add(Row.of(id, day(days[i % days.length]), (int) (id % 7) + 1, "n" + id));
    }
    return rows;
  }

  private Dataset ds(List<Row> rows) {
    return strata.createDataset(rows, ORDERS);
  }

  private Dataset ds(List<Row> rows, StructType schema) {
    return strata.createDataset(rows, schema);
  }

  private static void assertNoOrphans(String table) {
    Tables.assertNoOrphans(table);
  }

  @Test
  void appendThenOverwritePartitionedTable() {
    String t = table("orders");
    List<Row> first = orders(0, 200, 1, 2, 3);
    WriteResult created = ds(first).write().partitionBy("day").save(t);
    assertThat(created.version()).isZero();
    assertThat(created.rowsWritten()).isEqualTo(200);
    assertThat(Tables.rows(t)).isEqualTo(Tables.sorted(first));
    assertThat(Tables.snapshot(t).partitionColumns()).containsExactly("day");
    for (AddFile f : Tables.snapshot(t).allFiles()) {
      assertThat(f.path())
          .matches("day=2024-01-0[123]/part-\\d{5}-[0-9a-f-]{36}\\.c\\d{3}\\.snappy\\.parquet");
      assertThat(f.stats()).contains("\"numRecords\"");
    }

    List<Row> second = orders(1000, 50, 4);
    WriteResult appended = ds(second).write().mode(SaveMode.APPEND).save(t);
    assertThat(appended.version()).isEqualTo(1);
    List<Row> all = new ArrayList<>(first);
    all.addAll(second);
    assertThat(Tables.rows(t)).isEqualTo(Tables.sorted(all));

    assertThat(Tables.sorted(StrataTable.forPath(strata, t).toDataset().collect()))
        .as("read back through the engine")
        .isEqualTo(Tables.sorted(all));

    List<Row> third = orders(5000, 10, 9);
    WriteResult overwritten = ds(third).write().mode(SaveMode.OVERWRITE).save(t);
    assertThat(overwritten.filesRemoved()).isEqualTo(created.filesAdded() + appended.filesAdded());
    assertThat(Tables.rows(t)).isEqualTo(Tables.sorted(third));
    Map<String, String> metrics = Tables.snapshot(t).commitInfo().orElseThrow().operationMetrics();
    assertThat(metrics).containsEntry("numOutputRows", "10").containsKey("numRemovedFiles");
    assertNoOrphans(t);
  }

  @Test
  void unpartitionedAppendAndOverwrite() {
    String t = table("flat");
    ds(orders(0, 100, 1)).write().save(t);
    ds(orders(100, 100, 2)).write().mode(SaveMode.APPEND).save(t);
    assertThat(Tables.rows(t)).hasSize(200);
    for (AddFile f : Tables.snapshot(t).allFiles()) {
      assertThat(f.path()).startsWith("part-");
      assertThat(f.partitionValues()).isEmpty();
    }
    ds(orders(7, 3, 3)).write().mode(SaveMode.OVERWRITE).save(t);
    assertThat(Tables.rows(t)).isEqualTo(Tables.sorted(orders(7, 3, 3)));
    assertNoOrphans(t);
  }

  @Test
  void errorIfExistsAndIgnore() {
    String t = table("modes");
    ds(orders(0, 10, 1)).write().mode(SaveMode.ERROR_IF_EXISTS).save(t);
    assertThatThrownBy(() -> ds(orders(10, 10, 1)).write().mode(SaveMode.ERROR_IF_EXISTS).save(t))
        .isInstanceOf(TableAlreadyExistsException.class)
        .hasMessageContaining("already exists");
    WriteResult ignored = ds(orders(10, 10, 1)).write().mode(SaveMode.IGNORE).save(t);
    assertThat(ignored.skipped()).isTrue();
    assertThat(Tables.rows(t)).hasSize(10);
    assertThat(Tables.snapshot(t).version()).isZero();
  }

  @Test
  void idempotentWriteCommitsOncePerVersion() {
    String t = table("idem");
    WriteResult v1 = ds(orders(0, 10, 1)).write().idempotent("job", 1).save(t);
    WriteResult again =
        ds(orders(0, 10, 1)).write().mode(SaveMode.APPEND).idempotent("job", 1).save(t);
    WriteResult older =
        ds(orders(0, 10, 1)).write().mode(SaveMode.APPEND).idempotent("job", 0).save(t);
    WriteResult v2 =
        ds(orders(10, 10, 1)).write().mode(SaveMode.APPEND).idempotent("job", 2).save(t);
    assertThat(v1.skipped()).isFalse();
    assertThat(again.skipped()).isTrue();
    assertThat(older.skipped()).isTrue();
    assertThat(v2.version()).isEqualTo(1);
    assertThat(Tables.rows(t)).hasSize(20);
    assertThat(Tables.snapshot(t).txnVersion("job")).hasValue(2);
  }

  @Test
  void replaceWhereOnPartitionReplacesOnlyThatPartition() {
    String t = table("rw");
    ds(orders(0, 90, 1, 2, 3)).write().partitionBy("day").save(t);
    List<Row> replacement = orders(500, 5, 2);
    WriteResult r =
        ds(replacement)
            .write()
            .mode(SaveMode.OVERWRITE)
            .replaceWhere("day = DATE'2024-01-02'")
            .save(t);
    assertThat(r.filesRemoved()).isPositive();
    List<Row> expected = new ArrayList<>();
    for (Row row : orders(0, 90, 1, 2, 3)) {
      if (!row.get(1).equals(day(2))) {
        expected.add(row);
      }
    }
    expected.addAll(replacement);
    assertThat(Tables.rows(t)).isEqualTo(Tables.sorted(expected));
    assertNoOrphans(t);
  }

  @Test
  void replaceWhereRejectsRowsOutsideThePredicateAndChangesNothing() {
    String t = table("rwbad");
    ds(orders(0, 30, 1, 2)).write().partitionBy("day").save(t);
    long version = Tables.snapshot(t).version();
    List<Row> rows = orders(100, 10, 2);
    rows.add(Row.of(999L, day(5), 1, "stray"));
    assertThatThrownBy(
            () ->
                ds(rows)
                    .write()
                    .mode(SaveMode.OVERWRITE)
                    .replaceWhere("day = DATE'2024-01-02'")
                    .save(t))
        .isInstanceOf(ConstraintViolationException.class)
        .hasMessageContaining("replaceWhere")
        .hasMessageContaining("999");
    assertThat(Tables.snapshot(t).version()).isEqualTo(version);
    assertThat(Tables.rows(t)).isEqualTo(Tables.sorted(orders(0, 30, 1, 2)));
    assertNoOrphans(t);
  }

  @Test
  void replaceWhereOnDataColumnRewritesPartlyMatchingFiles() {
    String t = table("rwdata");
    List<Row> original = orders(0, 40, 1);
    ds(original).write().save(t);
    List<Row> replacement = List.of(Row.of(900L, day(1), 3, "new"));
    WriteResult r =
        ds(replacement).write().mode(SaveMode.OVERWRITE).replaceWhere("qty = 3").save(t);
    List<Row> expected = new ArrayList<>();
    for (Row row : original) {
      if ((int) row.get(2) != 3) {
        expected.add(row);
      }
    }
    expected.addAll(replacement);
    assertThat(Tables.rows(t)).isEqualTo(Tables.sorted(expected));
    assertThat(r.metrics()).containsKey("numCopiedRows").containsKey("numDeletedRows");
    assertNoOrphans(t);
  }

  @Test
  void dynamicPartitionOverwriteReplacesOnlyPartitionsWritten() {
    String t = table("dyn");
    ds(orders(0, 60, 1, 2, 3)).write().partitionBy("day").save(t);
    List<Row> replacement = orders(700, 6, 1, 3);
    ds(replacement)
        .write()
        .mode(SaveMode.OVERWRITE)
        .partitionOverwriteMode(PartitionOverwriteMode.DYNAMIC)
        .save(t);
    List<Row> expected = new ArrayList<>();
    for (Row row : orders(0, 60, 1, 2, 3)) {
      if (row.get(1).equals(day(2))) {
        expected.add(row);
      }
    }
    expected.addAll(replacement);
    assertThat(Tables.rows(t)).isEqualTo(Tables.sorted(expected));
    assertNoOrphans(t);
  }

  @Test
  void schemaEnforcementListsDifferences() {
    String t = table("schema");
    ds(orders(0, 5, 1)).write().save(t);
    StructType wrong =
        StructType.of(
            StructField.of("id", PrimitiveType.STRING),
            StructField.of("day", PrimitiveType.DATE),
            StructField.of("extra", PrimitiveType.DOUBLE));
    assertThatThrownBy(
            () ->
                ds(List.of(Row.of("x", day(1), 1.0)), wrong).write().mode(SaveMode.APPEND).save(t))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("extra")
        .hasMessageContaining("id has type string");
    assertThat(Tables.snapshot(t).version()).isZero();
    assertNoOrphans(t);
  }

  @Test
  void appendFillsMissingColumnsAndWidensTypes() {
    String t = table("widen");
    ds(orders(0, 3, 1)).write().save(t);
    StructType narrow =
        StructType.of(
            StructField.of("qty", PrimitiveType.SHORT),
            StructField.of("id", PrimitiveType.INTEGER),
            StructField.of("day", PrimitiveType.DATE));
    ds(List.of(Row.of((short) 4, 77, day(2))), narrow).write().mode(SaveMode.APPEND).save(t);
    assertThat(Tables.rows(t)).contains(Row.of(77L, day(2), 4, null));
    assertThat(Tables.snapshot(t).schema()).isEqualTo(ORDERS);
  }

  @Test
  void mergeSchemaAddsColumnsAndOverwriteSchemaReplacesTheTableDefinition() {
    String t = table("evolve");
    ds(orders(0, 3, 1)).write().partitionBy("day").save(t);
    StructType wider = ORDERS.add(StructField.of("channel", PrimitiveType.STRING));
    ds(List.of(Row.of(50L, day(1), 2, "x", "web")), wider)
        .write()
        .mode(SaveMode.APPEND)
        .mergeSchema()
        .save(t);
    assertThat(Tables.snapshot(t).schema().fieldNames())
        .containsExactly("id", "day", "qty", "note", "channel");
    assertThat(Tables.rows(t))
        .contains(Row.of(50L, day(1), 2, "x", "web"), Row.of(0L, day(1), 1, "n0", null));

    StructType other =
        StructType.of(
            StructField.of("k", PrimitiveType.STRING), StructField.of("v", PrimitiveType.LONG));
    String id = Tables.snapshot(t).metadata().id();
    ds(List.of(Row.of("a", 1L)), other)
        .write()
        .mode(SaveMode.OVERWRITE)
        .overwriteSchema()
        .partitionBy("k")
        .save(t);
    Snapshot s = Tables.snapshot(t);
    assertThat(s.schema()).isEqualTo(other);
    assertThat(s.partitionColumns()).containsExactly("k");
    assertThat(s.metadata().id()).isEqualTo(id);
    assertThat(Tables.rows(t)).containsExactly(Row.of("a", 1L));
    assertNoOrphans(t);
  }

  @Test
  void partitionByOnExistingTableMustMatch() {
    String t = table("pb");
    ds(orders(0, 3, 1)).write().partitionBy("day").save(t);
    assertThatThrownBy(
            () -> ds(orders(5, 3, 1)).write().mode(SaveMode.APPEND).partitionBy("qty").save(t))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("partitioned by [day]");
  }

  @Test
  void notNullCheckAndInvariantConstraintsShowTheViolatingRow() {
    String t = table("checks");
    StructType strict =
        StructType.of(
            StructField.of("id", PrimitiveType.LONG, false),
            StructField.of("day", PrimitiveType.DATE),
            StructField.of("qty", PrimitiveType.INTEGER, true),
            StructField.of("note", PrimitiveType.STRING));
    ds(orders(0, 3, 1), strict)
        .write()
        .property("delta.constraints.qty_positive", "qty > 0")
        .property("owner", "tests")
        .save(t);
    Snapshot s = Tables.snapshot(t);
    assertThat(s.configuration()).containsEntry("owner", "tests");
    assertThat(s.protocol().minWriterVersion()).isEqualTo(3);

    assertThatThrownBy(
            () ->
                ds(List.of(Row.of(null, day(1), 1, "nullid")), ORDERS)
                    .write()
                    .mode(SaveMode.APPEND)
                    .save(t))
        .isInstanceOf(ConstraintViolationException.class)
        .hasMessageContaining("NOT NULL")
        .hasMessageContaining("nullid");
    assertThatThrownBy(
            () ->
                ds(List.of(Row.of(8L, day(1), -5, "negative")), ORDERS)
                    .write()
                    .mode(SaveMode.APPEND)
                    .save(t))
        .isInstanceOf(ConstraintViolationException.class)
        .hasMessageContaining("qty_positive")
        .hasMessageContaining("negative");
    assertThat(Tables.snapshot(t).version()).isZero();
    assertNoOrphans(t);

    String inv = table("invariant");
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("delta.invariants", "{\"expression\":{\"expression\":\"qty < 100\"}}");
    StructType withInvariant =
        StructType.of(
            StructField.of("id", PrimitiveType.LONG),
            new StructField("qty", PrimitiveType.INTEGER, true, metadata));
    // Tables with invariants come from other writers (Spark); create one through the log.
    Tables.log(inv)
        .startTransaction()
        .updateMetadata(dev.strata.log.Metadata.create(withInvariant, List.of(), Map.of()))
        .updateProtocol(dev.strata.log.Protocol.DEFAULT)
        .commit(List.of(), dev.strata.log.Operation.of("CREATE TABLE"));
    ds(List.of(Row.of(1L, 5)), withInvariant).write().mode(SaveMode.APPEND).save(inv);
    assertThatThrownBy(
            () ->
                ds(List.of(Row.of(2L, 500)), withInvariant).write().mode(SaveMode.APPEND).save(inv))
        .isInstanceOf(ConstraintViolationException.class)
        .hasMessageContaining("qty < 100")
        .hasMessageContaining("500");
  }

  @Test
  void appendOnlyTablesRefuseOverwriteAndDelete() {
    String t = table("ao");
    ds(orders(0, 3, 1)).write().property("delta.appendOnly", "true").save(t);
    ds(orders(3, 3, 1)).write().mode(SaveMode.APPEND).save(t);
    assertThatThrownBy(() -> ds(orders(9, 3, 1)).write().mode(SaveMode.OVERWRITE).save(t))
        .isInstanceOf(ConstraintViolationException.class)
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> StrataTable.forPath(strata, t).delete("id = 1"))
        .isInstanceOf(ConstraintViolationException.class);
    assertThat(Tables.rows(t)).hasSize(6);
  }

  @Test
  void filesRollOverAtTheTargetSize() {
    String t = table("roll");
    ds(orders(0, 20_000, 1)).write().partitionBy("day").targetFileSize(16 * 1024).save(t);
    List<AddFile> files = Tables.snapshot(t).allFiles();
    assertThat(files).hasSizeGreaterThan(3);
    assertThat(Tables.rows(t)).hasSize(20_000);
  }

  @Test
  void everyTypeRoundTripsPartitionedAndNot() {
    Map<String, Object> none = Map.of();
    StructType all =
        StructType.of(
            StructField.of("b", PrimitiveType.BOOLEAN),
            StructField.of("i8", PrimitiveType.BYTE),
            StructField.of("i16", PrimitiveType.SHORT),
            StructField.of("i32", PrimitiveType.INTEGER),
            StructField.of("i64", PrimitiveType.LONG),
            StructField.of("f32", PrimitiveType.FLOAT),
            StructField.of("f64", PrimitiveType.DOUBLE),
            StructField.of("dec", new DecimalType(10, 2)),
            StructField.of("bigdec", new DecimalType(30, 5)),
            StructField.of("s", PrimitiveType.STRING),
            StructField.of("bin", PrimitiveType.BINARY),
            StructField.of("d", PrimitiveType.DATE),
            StructField.of("ts", PrimitiveType.TIMESTAMP),
            StructField.of("ntz", PrimitiveType.TIMESTAMP_NTZ),
            StructField.of(
                "st",
                StructType.of(
                    StructField.of("x", PrimitiveType.INTEGER),
                    StructField.of("y", PrimitiveType.STRING))),
            StructField.of("arr", new ArrayType(PrimitiveType.LONG, true)),
            StructField.of("m", new MapType(PrimitiveType.STRING, PrimitiveType.INTEGER, true)));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      rows.add(
          Row.of(
              i % 2 == 0,
              (byte) (i % 3),
              (short) (i * 100),
              i,
              i * 1_000_000_000L,
              i / 4f,
              i / 8d,
              new BigDecimal(i + ".25"),
              new BigDecimal("12345678901234567890." + (10000 + i)),
              i % 4 == 0 ? null : "s " + (i % 3) + (i == 5 ? " / :%=" : ""),
              new byte[] {(byte) i, 7},
              LocalDate.of(2024, 2, 1 + i % 2),
              Instant.parse("2024-03-01T10:00:00Z").plusSeconds(i * 3600L),
              LocalDateTime.of(2024, 3, 1, 10, 0).plusMinutes(i % 2),
              new Row(
                  StructType.of(
                      StructField.of("x", PrimitiveType.INTEGER),
                      StructField.of("y", PrimitiveType.STRING)),
                  new Object[] {i, "y" + i}),
              List.of((long) i, (long) i + 1),
              Map.of("k" + i, i)));
    }
    String flat = table("types-flat");
    ds(rows, all).write().save(flat);
    assertThat(Tables.rows(flat)).isEqualTo(Tables.sorted(rows));
    assertThat(Tables.sorted(strata.read().table(flat).collect())).isEqualTo(Tables.sorted(rows));

    for (String column :
        List.of("b", "i8", "i16", "i32", "i64", "dec", "s", "d", "ts", "ntz", "f64")) {
      String t = table("types-" + column);
      ds(rows, all).write().partitionBy(column).save(t);
      assertThat(Tables.rows(t)).as(column).isEqualTo(Tables.sorted(rows));
      assertThat(Tables.sorted(strata.read().table(t).collect()))
          .as("engine read of table partitioned by " + column)
          .isEqualTo(Tables.sorted(rows));
    }
    assertThat(none).isEmpty();
  }
}
