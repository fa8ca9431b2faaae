package dev.strata.conformance.spark;

import static dev.strata.conformance.spark.SparkTables.assertSameAtEveryVersion;
import static dev.strata.conformance.spark.SparkTables.assertSameRows;
import static dev.strata.conformance.spark.SparkTables.delta;
import static dev.strata.conformance.spark.SparkTables.latestVersion;
import static dev.strata.conformance.spark.SparkTables.sparkRows;
import static dev.strata.conformance.spark.SparkTables.strataRows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.engine.SaveMode;
import dev.strata.engine.Strata;
import dev.strata.format.Row;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.DeltaLog;
import dev.strata.maintenance.Optimize;
import dev.strata.maintenance.Vacuum;
import dev.strata.writer.StrataTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Direction 2: Spark + Delta Lake writes tables with the protocol features it has; Strata reads
 * each exactly as Spark does (latest and every version), then writes into it - and either Spark
 * reads the result Spark itself would have produced by the same operation, or Strata refuses with
 * an error naming the feature and the table's log does not move.
 */
class StrataReadsSparkTest {
  static Strata strata;
  static SparkPeer spark;

  /** feature -> operation -> outcome, printed at the end (the conformance matrix). */
  static final Map<String, Map<String, String>> MATRIX = new TreeMap<>();

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = SparkPeer.shared();
    strata = Strata.builder().parallelism(2).build();
  }

  @AfterAll
  static void stop() throws IOException {
    if (strata != null) {
      strata.close();
    }
    StringBuilder sb = new StringBuilder("Strata writes into Spark tables:\n");
    MATRIX.forEach((feature, ops) -> sb.append(String.format("  %-22s %s%n", feature, ops)));
    System.err.print(sb);
    Path out = Path.of("target", "spark-conformance-matrix.txt");
    Files.writeString(
        out, sb, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
  }

  /** A table layout: its Strata schema and one row of it for an id, as a Strata row and as SQL. */
  record Shape(
      String ddl,
      StructType schema,
      String textColumn,
      BiFunction<Long, String, Row> row,
      BiFunction<Long, String, String> sql) {
    String values(long from, long to, String tag) {
      return LongStream.range(from, to)
          .mapToObj(id -> sql.apply(id, tag))
          .collect(Collectors.joining(", "));
    }

    List<Row> rows(long from, long to, String tag) {
      return LongStream.range(from, to).mapToObj(id -> row.apply(id, tag)).toList();
    }

    String columns() {
      return schema.fields().stream().map(StructField::name).collect(Collectors.joining(", "));
    }
  }

  static Instant instant(long id) {
    return Instant.ofEpochSecond(1_700_000_000L + id * 3601, id * 1000);
  }

  static long micros(Instant i) {
    return i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
  }

  static String part(long id) {
    return id % 3 == 0 ? "a" : "b";
  }

  /** id, name, amount, ts, p: the layout most feature tables use. */
  static final Shape STANDARD =
      new Shape(
          "id BIGINT, name STRING, amount DECIMAL(10,2), ts TIMESTAMP, p STRING",
          StructType.of(
              StructField.of("id", PrimitiveType.LONG),
              StructField.of("name", PrimitiveType.STRING),
              StructField.of("amount", new DecimalType(10, 2)),
              StructField.of("ts", PrimitiveType.TIMESTAMP),
              StructField.of("p", PrimitiveType.STRING)),
          "name",
          (id, tag) -> Row.of(id, tag + id, BigDecimal.valueOf(id * 125, 2), instant(id), part(id)),
          (id, tag) ->
              String.format(
                  "(%d, '%s%d', CAST('%s' AS DECIMAL(10,2)), TIMESTAMP_MICROS(%d), '%s')",
                  id,
                  tag,
                  id,
                  BigDecimal.valueOf(id * 125, 2).toPlainString(),
                  micros(instant(id)),
                  part(id)));

  /** A copy of the table directory, for Spark to run the same operation on. */
  private Path copyOf(String table, String suffix) {
    Path from = Path.of(table);
    Path to = from.resolveSibling(from.getFileName() + "-" + suffix);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return to;
  }

  private static void record(String feature, String op, String outcome) {
    synchronized (MATRIX) {
      MATRIX.computeIfAbsent(feature, k -> new TreeMap<>()).put(op, outcome);
    }
  }

  /**
   * Runs a Strata write on {@code table}. If Strata refuses, the error must name one of {@code
   * featureWords} and the table must be unchanged. If it commits, Spark must read what Spark's own
   * {@code sparkSame} (run on a copy of the table taken before) produces; a null {@code sparkSame}
   * means the rows must not change (OPTIMIZE, VACUUM).
   */
  private String writeOrRefuse(
      String feature,
      String op,
      String table,
      Runnable strataWrite,
      java.util.function.Consumer<String> sparkSame,
      String... featureWords) {
    long before = latestVersion(table);
    List<String> filesBefore = filesOf(table);
    // OPTIMIZE and VACUUM must leave the rows as Spark read them before.
    List<String> sparkBefore = sparkSame == null ? sparkRows(spark, table, null) : null;
    String copy = sparkSame == null ? null : copyOf(table, op.replace(' ', '_')).toString();
    try {
      strataWrite.run();
    } catch (RuntimeException e) {
      String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      assertThat(
              Stream.of(featureWords).anyMatch(w -> message.contains(w.toLowerCase(Locale.ROOT))))
          .as(
              "Strata's refusal to %s a %s table names the feature %s: %s",
              op, feature, List.of(featureWords), e.getMessage())
          .isTrue();
      // Refused means untouched: same log version, not one file added or removed.
      assertThat(latestVersion(table))
          .as("the refused %s left the log alone", op)
          .isEqualTo(before);
      assertThat(filesOf(table)).as("files after the refused %s", op).isEqualTo(filesBefore);
      record(feature, op, "refused");
      System.err.printf("refused %s on %s: %s%n", op, feature, e.getMessage());
      return "refused";
    }
    List<String> expected;
    if (sparkSame == null) {
      expected = sparkBefore;
    } else {
      sparkSame.accept(copy);
      expected = sparkRows(spark, copy, null);
    }
    assertThat(sparkRows(spark, table, null))
        .as("Spark's read after Strata's %s of a %s table vs Spark doing the same", op, feature)
        .containsExactlyInAnyOrderElementsOf(expected);
    assertSameRows(spark, strata, table, null);
    String outcome = latestVersion(table) == before ? "match (no-op)" : "match";
    record(feature, op, outcome);
    return outcome;
  }

  private static List<String> filesOf(String table) {
    Path root = Path.of(table);
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> root.relativize(f).toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Strata's append, DELETE, MERGE, OPTIMIZE and VACUUM into a Spark table of this shape. */
  private void strataWritesInto(String feature, String t, Shape shape, String... featureWords) {
    writeOrRefuse(
        feature,
        "append",
        t,
        () ->
            strata
                .createDataset(shape.rows(900, 904, "s"), shape.schema())
                .write()
                .mode(SaveMode.APPEND)
                .save(t),
        copy -> spark.sql("INSERT INTO " + delta(copy) + " VALUES " + shape.values(900, 904, "s")),
        featureWords);
    writeOrRefuse(
        feature,
        "delete",
        t,
        () -> StrataTable.forPath(strata, t).delete("id % 4 = 1"),
        copy -> spark.sql("DELETE FROM " + delta(copy) + " WHERE id % 4 = 1"),
        featureWords);
    String col = shape.textColumn();
    writeOrRefuse(
        feature,
        "merge",
        t,
        () ->
            StrataTable.forPath(strata, t)
                .as("t")
                .merge(
                    strata.createDataset(shape.rows(2, 4, "m"), shape.schema()).as("s"),
                    "t.id = s.id")
                .whenMatched()
                .update(Map.of(col, "s." + col))
                .whenNotMatched()
                .insertAll()
                .execute(),
        copy ->
            spark.sql(
                "MERGE INTO "
                    + delta(copy)
                    + " t USING (SELECT * FROM VALUES "
                    + shape.values(2, 4, "m")
                    + " AS s("
                    + shape.columns()
                    + ")) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET "
                    + col
                    + " = s."
                    + col
                    + " WHEN NOT MATCHED THEN INSERT *"),
        featureWords);
    writeOrRefuse(
        feature,
        "optimize",
        t,
        () -> Optimize.forTable(DeltaLog.forTable(t)).minInputFiles(2).execute(),
        null,
        featureWords);
    writeOrRefuse(
        feature,
        "vacuum",
        t,
        () ->
            Vacuum.forTable(DeltaLog.forTable(t))
                .retention(Duration.ZERO)
                .allowShortRetention()
                .execute(),
        null,
        featureWords);
  }

  private static String createStandard(String t, String extra) {
    spark.sql("CREATE TABLE " + delta(t) + " (" + STANDARD.ddl() + ") USING delta " + extra);
    return t;
  }

  private static String logText(String t) throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.list(Path.of(t, "_delta_log"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        sb.append(Files.readString(f)).append('\n');
      }
    }
    return sb.toString();
  }

  @Test
  void deletionVectorsFromSparkDeleteUpdateAndMergeReadTheSame() throws Exception {
    String t =
        createStandard(
            dir.resolve("dv").toString(),
            "PARTITIONED BY (p) TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
    spark.sql("INSERT INTO " + delta(t) + " VALUES " + STANDARD.values(0, 40, "n"));
    spark.sql("INSERT INTO " + delta(t) + " VALUES " + STANDARD.values(40, 60, "n"));
    spark.sql("DELETE FROM " + delta(t) + " WHERE id % 10 = 0");
    spark.sql("UPDATE " + delta(t) + " SET name = 'upd' WHERE id % 7 = 0");
    spark.sql(
        "MERGE INTO "
            + delta(t)
            + " t USING (SELECT * FROM VALUES "
            + STANDARD.values(50, 70, "mg")
            + " AS s("
            + STANDARD.columns()
            + ")) s ON t.id = s.id WHEN MATCHED AND s.id % 2 = 0 THEN DELETE"
            + " WHEN MATCHED THEN UPDATE SET name = s.name WHEN NOT MATCHED THEN INSERT *");
    assertThat(logText(t)).contains("\"deletionVector\":{");
    assertSameAtEveryVersion(spark, strata, t, 0);
    // count() may answer from file statistics; with deletion vectors it must not.
    assertThat(strata.read().table(t).count()).isEqualTo(strataRows(strata, t, null).size());
    strataWritesInto("deletionVectors", t, STANDARD, "deletionVectors", "deletion vector");
  }

  /** A column-mapped (name mode) table after RENAME COLUMN and DROP COLUMN, and its layout. */
  private Shape columnMappedTable(String t) {
    createStandard(
        t,
        "PARTITIONED BY (p) TBLPROPERTIES ('delta.columnMapping.mode' = 'name',"
            + " 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5')");
    spark.sql("INSERT INTO " + delta(t) + " VALUES " + STANDARD.values(0, 20, "n"));
    spark.sql("ALTER TABLE " + delta(t) + " RENAME COLUMN name TO label");
    spark.sql("INSERT INTO " + delta(t) + " VALUES " + STANDARD.values(20, 30, "r"));
    spark.sql("ALTER TABLE " + delta(t) + " DROP COLUMN amount");
    spark.sql(
        "INSERT INTO "
            + delta(t)
            + " SELECT id + 100, label, ts, p FROM "
            + delta(t)
            + " WHERE id < 5");
    return new Shape(
        "",
        StructType.of(
            StructField.of("id", PrimitiveType.LONG),
            StructField.of("label", PrimitiveType.STRING),
            StructField.of("ts", PrimitiveType.TIMESTAMP),
            StructField.of("p", PrimitiveType.STRING)),
        "label",
        (id, tag) -> Row.of(id, tag + id, instant(id), part(id)),
        (id, tag) ->
            String.format(
                "(%d, '%s%d', TIMESTAMP_MICROS(%d), '%s')",
                id, tag, id, micros(instant(id)), part(id)));
  }

  @Test
  void columnMappingByNameWithRenameAndDropReadsTheSame() {
    String t = dir.resolve("cm").toString();
    columnMappedTable(t);
    assertSameAtEveryVersion(spark, strata, t, 0);
    assertThat(spark.sql("SELECT * FROM " + delta(t)).columns())
        .containsExactly("id", "label", "ts", "p");
    assertThat(strata.read().table(t).filter("label = 'r25'").count()).isEqualTo(1);
  }

  @Test
  void strataWritesIntoAColumnMappedTableOrRefusesNamingColumnMapping() {
    String t = dir.resolve("cm").toString();
    Shape mapped = columnMappedTable(t);
    strataWritesInto("columnMapping", t, mapped, "columnMapping", "column mapping");
  }

  @Test
  void changeDataFeedTableReadsTheSameAndStrataDmlKeepsTheFeedOrRefuses() {
    String t =
        createStandard(
            dir.resolve("cdf").toString(), "TBLPROPERTIES ('delta.enableChangeDataFeed' = 'true')");
    spark.sql("INSERT INTO " + delta(t) + " VALUES " + STANDARD.values(0, 30, "n"));
    spark.sql("UPDATE " + delta(t) + " SET name = 'upd' WHERE id % 5 = 0");
    spark.sql("DELETE FROM " + delta(t) + " WHERE id % 6 = 0");
    assertSameAtEveryVersion(spark, strata, t, 0);
    long before = latestVersion(t);
    long deleted =
        Long.parseLong(
            spark
                .rows("SELECT count(*) FROM " + delta(t) + " WHERE id % 4 = 2")
                .get(0)
                .replaceAll("[()]", ""));
    String outcome =
        writeOrRefuse(
            "changeDataFeed",
            "delete (feed)",
            t,
            () -> StrataTable.forPath(strata, t).delete("id % 4 = 2"),
            copy -> spark.sql("DELETE FROM " + delta(copy) + " WHERE id % 4 = 2"),
            "changeDataFeed",
            "change data feed",
            "writer version 4");
    if (outcome.startsWith("match")) {
      // A DELETE on a change-feed table must record the deleted rows in the feed.
      List<String> feed =
          spark.rows(
              "SELECT id FROM table_changes_by_path('"
                  + t
                  + "', "
                  + (before + 1)
                  + ") WHERE _change_type = 'delete'");
      assertThat(feed).hasSize((int) deleted);
    }
    strataWritesInto(
        "changeDataFeed", t, STANDARD, "changeDataFeed", "change data feed", "writer version 4");
  }

  @Test
  void v2CheckpointsReadTheSameAlsoAfterTheCommitsBeforeThemAreGone() throws Exception {
    String t =
        createStandard(
            dir.resolve("v2cp").toString(),
            "TBLPROPERTIES ('delta.checkpointPolicy' = 'v2', 'delta.checkpointInterval' = '4')");
    for (int c = 0; c < 9; c++) {
      spark.sql("INSERT INTO " + delta(t) + " VALUES " + STANDARD.values(c * 5, c * 5 + 5, "n"));
    }
    try (Stream<Path> files = Files.list(Path.of(t, "_delta_log"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.matches("\\d{20}\\.checkpoint\\.[0-9a-f-]{36}\\.(json|parquet)"));
    }
    assertSameAtEveryVersion(spark, strata, t, 0);
    dropCommitsBefore(t, 8);
    assertSameRows(spark, strata, t, null);
    assertSameRows(spark, strata, t, 8L);
    assertThat(strata.read().table(t).count()).isEqualTo(45);
    strataWritesInto("v2Checkpoint", t, STANDARD, "v2Checkpoint");
  }

  @Test
  @Tag("stress") // the slowest Spark test (12 commits, 3 checkpoints, every version read twice)
  void classicMultiPartCheckpointsAfterManyCommitsReadTheSameAndStrataWritesOnTop()
      throws Exception {
    String t =
        createStandard(
            dir.resolve("cp").toString(),
            "PARTITIONED BY (p) TBLPROPERTIES ('delta.checkpointInterval' = '5')");
    spark.conf("spark.databricks.delta.checkpoint.partSize", "3");
    try {
      for (int c = 0; c < 11; c++) {
        spark.sql("INSERT INTO " + delta(t) + " VALUES " + STANDARD.values(c * 4, c * 4 + 4, "n"));
      }
    } finally {
      spark.conf("spark.databricks.delta.checkpoint.partSize", null);
    }
    try (Stream<Path> files = Files.list(Path.of(t, "_delta_log"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(
              n -> n.matches("00000000000000000010\\.checkpoint\\.0000000001\\.\\d{10}\\.parquet"));
    }
    assertSameAtEveryVersion(spark, strata, t, 0);
    dropCommitsBefore(t, 10);
    assertSameRows(spark, strata, t, null);
    assertSameRows(spark, strata, t, 10L);
    strataWritesInto("classicCheckpoint", t, STANDARD, "checkpoint");
  }

  /** What log cleanup would leave: the commits before {@code version}'s checkpoint are gone. */
  private static void dropCommitsBefore(String t, long version) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(t, "_delta_log"))) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString().replaceFirst("^\\.", "");
        if (name.matches("\\d{20}\\.json(\\.crc)?|\\d{20}\\.crc")
            && Long.parseLong(name.substring(0, 20)) < version) {
          Files.delete(f);
        }
      }
    }
  }

  @Test
  void checkConstraintsAndNotNullAreEnforcedByStrataOnSparkTables() {
    String t = dir.resolve("constraints").toString();
    spark.sql(
        "CREATE TABLE "
            + delta(t)
            + " (id BIGINT NOT NULL, name STRING, amount DECIMAL(10,2), ts TIMESTAMP, p STRING)"
            + " USING delta");
    spark.sql("ALTER TABLE " + delta(t) + " ADD CONSTRAINT amount_positive CHECK (amount > 0)");
    spark.sql("INSERT INTO " + delta(t) + " VALUES " + STANDARD.values(1, 20, "n"));
    assertSameAtEveryVersion(spark, strata, t, 0);

    // Valid rows: Strata commits and Spark reads them.
    strataWritesInto("checkConstraints", t, STANDARD, "checkConstraints");

    long before = latestVersion(t);
    Row negative = Row.of(500L, "neg", new BigDecimal("-1.00"), instant(1), "a");
    assertThatThrownBy(
            () ->
                strata
                    .createDataset(List.of(negative), STANDARD.schema())
                    .write()
                    .mode(SaveMode.APPEND)
                    .save(t))
        .hasMessageContaining("amount_positive");
    Row nullId = Row.of(null, "nul", new BigDecimal("1.00"), instant(1), "a");
    assertThatThrownBy(
            () ->
                strata
                    .createDataset(List.of(nullId), STANDARD.schema())
                    .write()
                    .mode(SaveMode.APPEND)
                    .save(t))
        .hasMessageContaining("id");
    assertThatThrownBy(
            () -> StrataTable.forPath(strata, t).update("id = 3", Map.of("amount", "-5")))
        .hasMessageContaining("amount_positive");
    assertThat(latestVersion(t)).isEqualTo(before);
    assertThat(spark.rows("SELECT count(*) FROM " + delta(t) + " WHERE amount <= 0 OR id IS NULL"))
        .containsExactly("(0)");
  }

  @Test
  void generatedColumnsReadTheSameAndStrataNeverWritesAWrongGeneratedValue() {
    String t = dir.resolve("generated").toString();
    spark.create(
        t, List.of("id BIGINT", "ts TIMESTAMP", "d DATE GENERATED CAST(ts AS DATE)"), List.of("d"));
    spark.sql(
        "INSERT INTO "
            + delta(t)
            + " (id, ts) SELECT id, TIMESTAMP_MICROS(1700000000000000 + id * 36000000000) FROM"
            + " range(0, 12)");
    assertSameAtEveryVersion(spark, strata, t, 0);
    StructType schema =
        StructType.of(
            StructField.of("id", PrimitiveType.LONG),
            StructField.of("ts", PrimitiveType.TIMESTAMP),
            StructField.of("d", PrimitiveType.DATE));
    Instant ts = Instant.parse("2024-03-01T23:30:00Z");
    long before = latestVersion(t);
    Row wrong = Row.of(100L, ts, java.time.LocalDate.of(1999, 1, 1));
    assertThatThrownBy(
            () ->
                strata.createDataset(List.of(wrong), schema).write().mode(SaveMode.APPEND).save(t))
        .satisfies(
            e ->
                assertThat(e.getMessage().toLowerCase(Locale.ROOT))
                    .containsAnyOf("generat", "writer version 4"));
    assertThat(latestVersion(t)).isEqualTo(before);
    Row right = Row.of(101L, ts, java.time.LocalDate.of(2024, 3, 1));
    writeOrRefuse(
        "generatedColumns",
        "append",
        t,
        () -> strata.createDataset(List.of(right), schema).write().mode(SaveMode.APPEND).save(t),
        copy ->
            spark.sql(
                "INSERT INTO "
                    + delta(copy)
                    + " (id, ts) VALUES (101, TIMESTAMP'2024-03-01 23:30:00')"),
        "generat",
        "writer version 4");
  }

  @Test
  void identityColumnReadsTheSameAndStrataRefusesOrKeepsItUnique() {
    String t = dir.resolve("identity").toString();
    spark.create(t, List.of("id BIGINT IDENTITY", "name STRING"), List.of());
    spark.sql("INSERT INTO " + delta(t) + " (name) SELECT concat('n', id) FROM range(0, 10)");
    assertSameAtEveryVersion(spark, strata, t, 0);
    StructType schema =
        StructType.of(
            StructField.of("id", PrimitiveType.LONG), StructField.of("name", PrimitiveType.STRING));
    long before = latestVersion(t);
    try {
      strata
          .createDataset(List.of(Row.of(1L, "dup")), schema)
          .write()
          .mode(SaveMode.APPEND)
          .save(t);
    } catch (RuntimeException e) {
      assertThat(e.getMessage().toLowerCase(Locale.ROOT))
          .containsAnyOf("identity", "writer version 6");
      assertThat(latestVersion(t)).isEqualTo(before);
      record("identityColumns", "append", "refused");
      return;
    }
    // Committed: an identity column must still be unique.
    record("identityColumns", "append", "committed");
    assertThat(spark.rows("SELECT id FROM " + delta(t) + " GROUP BY id HAVING count(*) > 1"))
        .isEmpty();
  }

  @Test
  void timestampNtzReadsTheSameAtEveryVersion() {
    String t = dir.resolve("ntz").toString();
    spark.sql(
        "CREATE TABLE " + delta(t) + " (id BIGINT, tn TIMESTAMP_NTZ, ts TIMESTAMP) USING delta");
    spark.sql(
        "INSERT INTO "
            + delta(t)
            + " VALUES (1, TIMESTAMP_NTZ'2024-01-02 03:04:05.123456', TIMESTAMP'2024-01-02"
            + " 03:04:05.123456'), (2, TIMESTAMP_NTZ'1969-12-31 23:59:59.999999', null), (3, null,"
            + " TIMESTAMP'1900-01-01 00:00:00')");
    spark.sql("UPDATE " + delta(t) + " SET tn = TIMESTAMP_NTZ'2000-02-29 12:00:00' WHERE id = 3");
    assertSameAtEveryVersion(spark, strata, t, 0);
    assertThat(strataRows(strata, t, null)).contains("(2, ntz:1969-12-31T23:59:59.999999, null)");
    Shape ntz =
        new Shape(
            "",
            StructType.of(
                StructField.of("id", PrimitiveType.LONG),
                StructField.of("tn", PrimitiveType.TIMESTAMP_NTZ),
                StructField.of("ts", PrimitiveType.TIMESTAMP)),
            "tn",
            (id, tag) ->
                Row.of(id, LocalDateTime.ofInstant(instant(id), ZoneOffset.UTC), instant(id)),
            (id, tag) ->
                String.format(
                    "(%d, CAST(TIMESTAMP_MICROS(%d) AS TIMESTAMP_NTZ), TIMESTAMP_MICROS(%d))",
                    id, micros(instant(id)), micros(instant(id))));
    writeOrRefuse(
        "timestampNtz",
        "append",
        t,
        () ->
            strata
                .createDataset(ntz.rows(10, 13, ""), ntz.schema())
                .write()
                .mode(SaveMode.APPEND)
                .save(t),
        copy -> spark.sql("INSERT INTO " + delta(copy) + " VALUES " + ntz.values(10, 13, "")),
        "timestampNtz");
  }

  @Test
  void liquidClusteringTableReadsTheSameAfterSparkOptimize() {
    String t = createStandard(dir.resolve("clustered").toString(), "CLUSTER BY (p, id)");
    spark.sql("INSERT INTO " + delta(t) + " VALUES " + STANDARD.values(0, 20, "n"));
    spark.sql("INSERT INTO " + delta(t) + " VALUES " + STANDARD.values(20, 40, "n"));
    spark.sql("OPTIMIZE " + delta(t));
    assertSameAtEveryVersion(spark, strata, t, 0);
    strataWritesInto("clustering", t, STANDARD, "clustering", "domainMetadata");
  }

  @Test
  void partitionValuesWithNullsAndSpecialCharactersFromSparkReadTheSame() {
    String t = dir.resolve("special").toString();
    spark.sql(
        "CREATE TABLE "
            + delta(t)
            + " (id BIGINT, name STRING, amount DECIMAL(10,2), ts TIMESTAMP, p STRING) USING delta"
            + " PARTITIONED BY (p)");
    String[] values = {"null", "'a/b=c%d'", "'x:y#z'", "'sp ace'", "'ü{}[]'", "'50%'", "''"};
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 28; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(
          String.format(
              "(%d, 'n%d', %d.25, TIMESTAMP_MICROS(%d), %s)",
              i, i, i, micros(instant(i)), values[i % values.length]));
    }
    spark.sql("INSERT INTO " + delta(t) + " VALUES " + sb);
    assertSameAtEveryVersion(spark, strata, t, 0);
    assertThat(strata.read().table(t).filter("p IS NULL").count())
        .isEqualTo(
            Long.parseLong(
                spark
                    .rows("SELECT count(*) FROM " + delta(t) + " WHERE p IS NULL")
                    .get(0)
                    .replaceAll("[()]", "")));
    assertThat(strata.read().table(t).filter("p = 'a/b=c%d'").count()).isEqualTo(4);
    strataWritesInto("specialPartitionValues", t, STANDARD);
    assertThat(spark.rows("SELECT count(*) FROM " + delta(t) + " WHERE p = 'x:y#z'"))
        .containsExactly("(" + strata.read().table(t).filter("p = 'x:y#z'").count() + ")");
  }

  @Test
  void sparkOptimizeZorderRestoreAndVacuumReadTheSameAndStrataWritesOnTop() {
    String t = createStandard(dir.resolve("spark_maint").toString(), "PARTITIONED BY (p)");
    for (int c = 0; c < 5; c++) {
      spark.sql("INSERT INTO " + delta(t) + " VALUES " + STANDARD.values(c * 6, c * 6 + 6, "n"));
    }
    spark.sql("OPTIMIZE " + delta(t));
    spark.sql("DELETE FROM " + delta(t) + " WHERE id = 3");
    spark.sql("OPTIMIZE " + delta(t) + " ZORDER BY (name)");
    assertSameAtEveryVersion(spark, strata, t, 0);
    spark.sql("RESTORE TABLE " + delta(t) + " TO VERSION AS OF 3");
    assertSameRows(spark, strata, t, null);
    spark.sql("VACUUM " + delta(t) + " RETAIN 0 HOURS");
    assertSameRows(spark, strata, t, null);
    for (long v = 0; v <= 3; v++) {
      assertSameRows(spark, strata, t, v);
    }
    strataWritesInto("sparkMaintenance", t, STANDARD);
  }
}
