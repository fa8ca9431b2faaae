package dev.strata.conformance.spark;

import static dev.strata.conformance.spark.SparkTables.assertSameAtEveryVersion;
import static dev.strata.conformance.spark.SparkTables.assertSameRows;
import static dev.strata.conformance.spark.SparkTables.delta;
import static dev.strata.conformance.spark.SparkTables.latestVersion;
import static dev.strata.conformance.spark.SparkTables.strataRows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.strata.log.DeltaLog;
import dev.strata.maintenance.LogMaintenance;
import dev.strata.maintenance.Optimize;
import dev.strata.maintenance.OptimizeResult;
import dev.strata.maintenance.Restore;
import dev.strata.maintenance.Vacuum;
import dev.strata.writer.StrataTable;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
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

  /** Spark's DESCRIBE HISTORY versions, newest first. */
  static List<Long> historyVersions(String t) {
    SparkPeer.Result h = spark.sql("DESCRIBE HISTORY " + delta(t));
    List<Long> versions = new ArrayList<>();
    for (int i = 0; i < h.rows().size(); i++) {
      versions.add(Long.parseLong(h.cell(i, "version")));
    }
    return versions;
  }

  /** Spark's DESCRIBE HISTORY operation names, newest first. */
  static List<String> historyOperations(String t) {
    SparkPeer.Result h = spark.sql("DESCRIBE HISTORY " + delta(t));
    List<String> ops = new ArrayList<>();
    for (int i = 0; i < h.rows().size(); i++) {
      ops.add(h.text(i, "operation"));
    }
    return ops;
  }

  static SparkPeer.Result detail(String t) {
    return spark.sql("DESCRIBE DETAIL " + delta(t));
  }

  /** Spark's history and detail of {@code t} agree with Strata's log. */
  static void assertHistoryAndDetail(String t) {
    long latest = latestVersion(t);
    List<Long> versions = historyVersions(t);
    assertThat(versions.get(0)).isEqualTo(latest);
    SparkPeer.Result d = detail(t);
    assertThat(d.text(0, "format")).isEqualTo("delta");
    assertThat(Long.parseLong(d.cell(0, "numFiles")))
        .isEqualTo(DeltaLog.forTable(t).latestSnapshot().numFiles());
  }

  @Test
  void sparkReadsAnUnpartitionedStrataTableWithEveryType() {
    String t = dir.resolve("flat").toString();
    ds(rows(0, 40)).write().save(t);

    List<String> read = assertSameRows(spark, strata, t, null);
    assertThat(read).hasSize(40);
    assertHistoryAndDetail(t);
    assertThat(detail(t).cell(0, "partitionColumns")).isEqualTo("[]");
    assertThat(historyVersions(t)).containsExactly(0L);
  }

  @Test
  void everyWriteModeAndDmlOnADatePartitionedTableReadsTheSameInSparkAtEveryVersion() {
    String t = dir.resolve("by_day").toString();
    ds(rows(0, 60)).write().partitionBy("day").save(t);
    ds(rows(60, 90)).write().mode(SaveMode.APPEND).idempotent("spark-test", 1).save(t);
    // replaceWhere: only rows of the replaced day are written.
    ds(rows(1000, 1012).stream().filter(r -> r.get(2).equals(LocalDate.of(2024, 1, 2))).toList())
        .write()
        .mode(SaveMode.OVERWRITE)
        .replaceWhere("day = '2024-01-02'")
        .save(t);
    ds(rows(2000, 2001))
        .write()
        .mode(SaveMode.OVERWRITE)
        .partitionOverwriteMode(PartitionOverwriteMode.DYNAMIC)
        .save(t);
    StrataTable table = StrataTable.forPath(strata, t);
    table.delete("id % 7 = 3");
    table.update("qty = 9", Map.of("f64", "f64 * 2", "i16", "i16 + 1"));
    List<Row> source = new ArrayList<>(rows(60, 70));
    source.addAll(rows(5000, 5004));
    table
        .as("t")
        .merge(ds(source).as("s"), "t.id = s.id")
        .whenMatched("s.qty > 6")
        .delete()
        .whenMatched()
        .update(Map.of("qty", "s.qty + 100", "region", "s.region"))
        .whenNotMatched("s.id % 2 = 0")
        .insertAll()
        .whenNotMatched()
        .insert(Map.of("id", "s.id", "day", "s.day", "qty", "-1"))
        .whenNotMatchedBySource("t.id % 5 = 0")
        .update(Map.of("flag", "false"))
        .execute();
    table
        .as("t")
        .merge(ds(rows(5000, 5001)).as("s"), "t.id = s.id")
        .whenMatched()
        .updateAll()
        .whenNotMatchedBySource("t.id % 5 = 1")
        .delete()
        .execute();
    assertThat(latestVersion(t)).isEqualTo(7);

    SparkTables.assertSameAtEveryVersion(spark, strata, t, 0);
    assertThat(strataRows(strata, t, null))
        .anyMatch(r -> r.startsWith("(5003, null, 2024-01-03, null"));
    assertHistoryAndDetail(t);
    assertThat(detail(t).cell(0, "partitionColumns")).isEqualTo("['day']");
    assertThat(historyVersions(t)).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L, 0L);

    // TIMESTAMP AS OF: the commit timestamp of version 3, as Spark's history reports it.
    SparkPeer.Result h = spark.sql("DESCRIBE HISTORY " + delta(t));
    String ts = h.cell(h.rows().size() - 1 - 3, "timestamp");
    List<String> viaSpark =
        spark.rows("SELECT * FROM " + delta(t) + " TIMESTAMP AS OF '" + ts.replace("Z", "") + "'");
    List<String> viaStrata =
        strata.read().timestampAsOf(ts).table(t).collect().stream().map(Canonical::row).toList();
    assertThat(viaSpark).containsExactlyInAnyOrderElementsOf(viaStrata);
    assertThat(viaSpark).containsExactlyInAnyOrderElementsOf(strataRows(strata, t, 3L));
  }

  @Test
  void stringPartitionsWithNullsAndSpecialCharactersReadTheSameAndPruneInSpark() {
    String t = dir.resolve("by_region").toString();
    ds(rows(0, 66)).write().partitionBy("region").save(t);
    ds(rows(66, 80)).write().mode(SaveMode.APPEND).save(t);
    StrataTable.forPath(strata, t).delete("region = 'x:y#z'");
    StrataTable.forPath(strata, t).update("region IS NULL", Map.of("qty", "qty + 1000"));

    SparkTables.assertSameAtEveryVersion(spark, strata, t, 0);
    for (String region : REGIONS) {
      String where = "region = " + sqlString(region);
      assertThat(spark.rows("SELECT * FROM " + delta(t) + " WHERE " + where))
          .as("Spark's rows of partition %s", region)
          .containsExactlyInAnyOrderElementsOf(
              strata.read().table(t).filter(where).collect().stream().map(Canonical::row).toList());
    }
    List<String> nulls = spark.rows("SELECT id, qty FROM " + delta(t) + " WHERE region IS NULL");
    assertThat(nulls)
        .hasSize(8)
        .allMatch(r -> Integer.parseInt(r.split(", ")[1].replace(")", "")) >= 1000);
    assertThat(spark.rows("SELECT * FROM " + delta(t) + " WHERE region = 'x:y#z'")).isEmpty();
    assertThat(detail(t).cell(0, "partitionColumns")).isEqualTo("['region']");
  }

  @Test
  void mergeSchemaEvolutionReadsTheSameInSparkBeforeAndAfter() {
    String t = dir.resolve("evolve").toString();
    StructType narrow =
        StructType.of(
            StructField.of("id", PrimitiveType.LONG),
            StructField.of("region", PrimitiveType.STRING),
            StructField.of("qty", PrimitiveType.INTEGER));
    StructType wide =
        StructType.of(
            StructField.of("id", PrimitiveType.LONG),
            StructField.of("region", PrimitiveType.STRING),
            StructField.of("qty", PrimitiveType.INTEGER),
            StructField.of("score", PrimitiveType.DOUBLE),
            StructField.of("pt", POINT));
    List<Row> first = new ArrayList<>();
    List<Row> second = new ArrayList<>();
    for (long i = 0; i < 20; i++) {
      first.add(Row.of(i, REGIONS[(int) (i % REGIONS.length)], (int) i));
      second.add(
          Row.of(100 + i, "eu", (int) i, i / 4.0, new Row(POINT, new Object[] {(int) i, "p"})));
    }
    strata.createDataset(first, narrow).write().partitionBy("region").save(t);
    strata.createDataset(second, wide).write().mode(SaveMode.APPEND).mergeSchema().save(t);

    List<String> latest = assertSameRows(spark, strata, t, null);
    assertThat(latest).hasSize(40).contains("(0, 'eu', 0, null, null)");
    assertThat(spark.sql("SELECT * FROM " + delta(t)).columns())
        .containsExactly("id", "region", "qty", "score", "pt");
    assertThat(spark.sql("SELECT * FROM " + delta(t) + " VERSION AS OF 0").columns())
        .containsExactly("id", "region", "qty");
    assertSameRows(spark, strata, t, 0L);
  }

  @Test
  void optimizeZorderCheckpointRestoreVacuumAndLogCleanupReadTheSameInSpark() throws Exception {
    String t = dir.resolve("maint").toString();
    ds(rows(0, 10)).write().partitionBy("day").save(t);
    for (int c = 1; c < 8; c++) {
      ds(rows(c * 10, c * 10 + 10)).write().mode(SaveMode.APPEND).save(t);
    }
    long beforeOptimize = latestVersion(t);
    List<String> original = assertSameRows(spark, strata, t, null);

    OptimizeResult optimized = Optimize.forTable(DeltaLog.forTable(t)).execute();
    assertThat(optimized.filesRemoved()).isGreaterThan(optimized.filesAdded());
    assertThat(assertSameRows(spark, strata, t, null))
        .containsExactlyInAnyOrderElementsOf(original);
    assertThat(historyOperations(t).get(0)).isEqualTo("OPTIMIZE");

    ds(rows(80, 90)).write().mode(SaveMode.APPEND).save(t);
    Optimize.forTable(DeltaLog.forTable(t)).zOrderBy(List.of("qty", "id")).execute();
    assertSameRows(spark, strata, t, null);
    assertHistoryAndDetail(t);

    LogMaintenance.checkpoint(DeltaLog.forTable(t));
    assertSameRows(spark, strata, t, null);

    Restore.forTable(DeltaLog.forTable(t)).toVersion(beforeOptimize).execute();
    long restored = latestVersion(t);
    assertThat(assertSameRows(spark, strata, t, null))
        .containsExactlyInAnyOrderElementsOf(original);
    assertThat(historyOperations(t).get(0)).isEqualTo("RESTORE");

    Vacuum.forTable(DeltaLog.forTable(t)).retention(Duration.ZERO).allowShortRetention().execute();
    assertSameRows(spark, strata, t, null);
    // The files of every version up to the restored one are live again, so those stay readable.
    for (long v = 0; v <= beforeOptimize; v++) {
      assertSameRows(spark, strata, t, v);
    }

    // Log cleanup: age the commits behind a fresh checkpoint past the log retention.
    ds(rows(90, 95)).write().mode(SaveMode.APPEND).save(t);
    LogMaintenance.checkpoint(DeltaLog.forTable(t));
    long checkpointVersion = latestVersion(t);
    ds(rows(95, 100)).write().mode(SaveMode.APPEND).save(t);
    Path log = dir.resolve("maint").resolve("_delta_log");
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(60)));
    try (var files = Files.list(log)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.matches("\\d{20}\\..*")
            && Long.parseLong(name.substring(0, 20)) < checkpointVersion) {
          Files.setLastModifiedTime(f, old);
        }
      }
    }
    LogMaintenance.CleanupResult cleanup = LogMaintenance.cleanupLog(DeltaLog.forTable(t));
    assertThat(cleanup.filesDeleted()).isPositive();
    // Like Delta, cleanup keeps the newest checkpoint that is itself expired (the fresh one is
    // not) and everything after it.
    assertThat(cleanup.oldestVersionAfter())
        .isGreaterThan(1)
        .isLessThanOrEqualTo(checkpointVersion);
    assertSameRows(spark, strata, t, null);
    // Versions between the optimizes and the restore lost their files to VACUUM; the rest read.
    assertSameAtEveryVersion(spark, strata, t, Math.max(restored, cleanup.oldestVersionAfter()));
    // Both refuse a version whose commit is gone.
    assertThatThrownBy(() -> spark.rows("SELECT * FROM " + delta(t) + " VERSION AS OF 1"))
        .isInstanceOf(SparkPeer.SparkException.class);
    assertThatThrownBy(() -> strataRows(strata, t, 1L)).hasMessageContaining("1");
  }

  @Test
  void sparkAppendsAndMergesIntoAStrataTableAndStrataCommitsOnTop() {
    String t = dir.resolve("shared").toString();
    ds(rows(0, 30)).write().partitionBy("day").save(t);
    LogMaintenance.checkpoint(DeltaLog.forTable(t));
    String cols =
        "id, region, day, flag, i8, i16, qty, f32, f64, price, big, bin, ts, pt, tags, attrs";
    spark.sql(
        "INSERT INTO "
            + delta(t)
            + " SELECT id + 100, region, day, flag, i8, i16, qty, f32, f64, price, big, bin, ts,"
            + " pt, tags, attrs FROM "
            + delta(t)
            + " WHERE id < 10");
    spark.sql(
        "MERGE INTO "
            + delta(t)
            + " t USING (SELECT * FROM "
            + delta(t)
            + " WHERE id >= 100) s ON t.id = s.id - 75"
            + " WHEN MATCHED THEN UPDATE SET t.qty = s.qty + 50, t.region = 'merged'"
            + " WHEN NOT MATCHED THEN INSERT ("
            + cols
            + ") VALUES (s.id + 1000, s.region, s.day, s.flag, s.i8, s.i16, s.qty, s.f32, s.f64,"
            + " s.price, s.big, s.bin, s.ts, s.pt, s.tags, s.attrs)");
    assertThat(latestVersion(t)).isEqualTo(2);
    SparkTables.assertSameAtEveryVersion(spark, strata, t, 0);
    assertThat(strataRows(strata, t, null)).hasSize(45);
    assertThat(StrataTable.forPath(strata, t).history())
        .extracting(e -> e.info() == null ? null : e.info().operation())
        .contains("MERGE", "WRITE");

    // Strata's next commits on top of Spark's.
    ds(rows(200, 210)).write().mode(SaveMode.APPEND).save(t);
    StrataTable.forPath(strata, t).delete("region = 'merged'");
    StrataTable.forPath(strata, t)
        .as("t")
        .merge(ds(rows(1105, 1108)).as("s"), "t.id = s.id")
        .whenMatched()
        .update(Map.of("qty", "-7"))
        .execute();
    assertThat(latestVersion(t)).isEqualTo(5);
    SparkTables.assertSameAtEveryVersion(spark, strata, t, 2);
    assertThat(spark.rows("SELECT count(*) FROM " + delta(t) + " WHERE qty = -7"))
        .containsExactly("(3)");
    assertHistoryAndDetail(t);
  }

  static String sqlString(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
