package dev.strata.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.format.CloseableIterator;
import dev.strata.format.CorruptFileException;
import dev.strata.format.LocalStorage;
import dev.strata.format.Row;
import dev.strata.format.SchemaMismatchException;
import dev.strata.format.StoragePaths;
import dev.strata.format.stats.ColumnRange;
import dev.strata.format.types.ArrayType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.MapType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetRoundTripTest {
  @TempDir Path dir;
  private final LocalStorage storage = new LocalStorage();

  static final StructType INNER =
      StructType.of(
          StructField.of("x", PrimitiveType.INTEGER), StructField.of("y", PrimitiveType.STRING));

  static final StructType ALL =
      StructType.of(
          StructField.of("b", PrimitiveType.BOOLEAN),
          StructField.of("i8", PrimitiveType.BYTE),
          StructField.of("i16", PrimitiveType.SHORT),
          StructField.of("i32", PrimitiveType.INTEGER),
          StructField.of("i64", PrimitiveType.LONG, false),
          StructField.of("f", PrimitiveType.FLOAT),
          StructField.of("d", PrimitiveType.DOUBLE),
          StructField.of("s", PrimitiveType.STRING),
          StructField.of("bin", PrimitiveType.BINARY),
          StructField.of("date", PrimitiveType.DATE),
          StructField.of("ts", PrimitiveType.TIMESTAMP),
          StructField.of("ntz", PrimitiveType.TIMESTAMP_NTZ),
          StructField.of("dec9", new DecimalType(9, 2)),
          StructField.of("dec18", new DecimalType(18, 4)),
          StructField.of("dec38", new DecimalType(38, 10)),
          StructField.of("st", INNER),
          StructField.of("arr", new ArrayType(PrimitiveType.LONG, true)),
          StructField.of("arrst", new ArrayType(INNER, true)),
          StructField.of("m", new MapType(PrimitiveType.STRING, PrimitiveType.INTEGER, true)),
          StructField.of(
              "nested",
              new MapType(PrimitiveType.STRING, new ArrayType(PrimitiveType.STRING, true), true)));

  private String path(String name) {
    return StoragePaths.normalize(dir.resolve(name).toString());
  }

  static List<Row> rows(int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean nul = i % 7 == 3;
      Map<String, Integer> m = new LinkedHashMap<>();
      m.put("k" + i, i);
      m.put("z", null);
      Map<String, List<String>> nested = new LinkedHashMap<>();
      nested.put("a", Arrays.asList("p" + i, null));
      nested.put("b", null);
      rows.add(
          Row.of(
              nul ? null : i % 2 == 0,
              nul ? null : (byte) (i % 100 - 50),
              nul ? null : (short) (i * 3 - 1000),
              nul ? null : i * 17 - 5,
              (long) i * 1_000_000_007L,
              nul ? null : i * 0.5f,
              nul ? null : i * -1.25,
              nul ? null : "str-" + i + "-\u00e9\u4e2d",
              nul ? null : new byte[] {(byte) i, 0, (byte) 255},
              nul ? null : LocalDate.of(2024, 1, 1).plusDays(i - 200),
              nul ? null : Instant.parse("2024-03-01T10:15:30.123456Z").plusSeconds(i * 3601L),
              nul ? null : LocalDateTime.of(2021, 11, 18, 2, 30, 0, 123456000).plusMinutes(i),
              nul ? null : new BigDecimal(i - 50).movePointLeft(2),
              nul ? null : new BigDecimal(i * 12345L - 99).movePointLeft(4),
              nul
                  ? null
                  : new BigDecimal("1234567890123456789012345678")
                      .add(BigDecimal.valueOf(i))
                      .movePointLeft(10),
              nul ? null : (i % 5 == 0 ? Row.of(null, "only-y") : Row.of(i, "y" + i)),
              nul ? null : (i % 4 == 0 ? List.of() : Arrays.asList((long) i, null, (long) -i)),
              nul ? null : Arrays.asList(Row.of(i, "e"), null, Row.of(null, null)),
              nul ? null : m,
              nul ? null : nested));
    }
    return rows;
  }

  @Test
  void everyTypeRoundTripsIncludingNestedAndNulls() {
    List<Row> expected = rows(1000);
    String file = path("all.parquet");
    ParquetDataWriter writer =
        ParquetDataWriter.open(
            storage, file, ALL, ParquetWriteOptions.builder().rowGroupSize(16 * 1024).build());
    writer.write(ColumnBatch.fromRows(ALL, expected.subList(0, 300)));
    writer.write(ColumnBatch.fromRows(ALL, expected.subList(300, 1000)));
    DataFileInfo info = writer.close();
    assertThat(info.numRecords()).isEqualTo(1000);
    assertThat(info.size()).isEqualTo(storage.status(file).orElseThrow().size());
    assertThat(ParquetDataReader.rowGroupCount(storage, file)).isGreaterThan(1);
    assertThat(ParquetDataReader.rowCount(storage, file)).isEqualTo(1000);

    List<Row> actual = readAll(file, ALL, 128);
    assertThat(actual).hasSize(1000);
    for (int i = 0; i < expected.size(); i++) {
      assertRowEquals(actual.get(i), expected.get(i), i);
    }
  }

  static void assertRowEquals(Row actual, Row expected, int index) {
    for (int c = 0; c < expected.size(); c++) {
      Object a = actual.get(c);
      Object e = expected.get(c);
      if (e instanceof byte[] eb) {
        assertThat((byte[]) a).as("row %d col %d", index, c).isEqualTo(eb);
      } else {
        assertThat(String.valueOf(a)).as("row %d col %d", index, c).isEqualTo(String.valueOf(e));
      }
    }
  }

  private List<Row> readAll(String file, StructType schema, int batchSize) {
    List<Row> out = new ArrayList<>();
    try (CloseableIterator<ColumnBatch> it =
        ParquetDataReader.open(storage, file, schema, null, batchSize)) {
      while (it.hasNext()) {
        out.addAll(it.next().toRows());
      }
    }
    return out;
  }

  @Test
  void projectionMissingColumnsAndFieldMatching() {
    String file = path("p.parquet");
    ParquetDataWriter w = ParquetDataWriter.open(storage, file, ALL);
    w.write(ColumnBatch.fromRows(ALL, rows(50)));
    w.close();
    StructType read =
        StructType.of(
            StructField.of("S", PrimitiveType.STRING),
            StructField.of("absent", PrimitiveType.LONG),
            StructField.of(
                "st",
                StructType.of(
                    StructField.of("y", PrimitiveType.STRING),
                    StructField.of("q", PrimitiveType.INTEGER))),
            StructField.of("i32", PrimitiveType.LONG));
    List<Row> got = readAll(file, read, 4096);
    assertThat(got).hasSize(50);
    assertThat(got.get(1).get(0)).isEqualTo("str-1-\u00e9\u4e2d");
    assertThat(got.get(1).get(1)).isNull();
    assertThat(got.get(1).get(2)).isEqualTo(Row.of("y1", null));
    assertThat(got.get(1).get(3)).isEqualTo(12L);
    assertThat(got.get(3).get(2)).isNull();
  }

  @Test
  void statsJsonFollowsDelta() throws Exception {
    StructType schema =
        StructType.of(
            StructField.of("id", PrimitiveType.LONG),
            StructField.of("s", PrimitiveType.STRING),
            StructField.of("ts", PrimitiveType.TIMESTAMP),
            StructField.of("d", PrimitiveType.DATE),
            StructField.of("dec", new DecimalType(10, 2)),
            StructField.of("n", StructType.of(StructField.of("x", PrimitiveType.INTEGER))),
            StructField.of("arr", new ArrayType(PrimitiveType.INTEGER, true)),
            StructField.of("allnull", PrimitiveType.INTEGER),
            StructField.of("bin", PrimitiveType.BINARY));
    String longString = "a".repeat(40);
    List<Row> rows =
        List.of(
            Row.of(
                1L,
                longString,
                Instant.parse("2000-01-01T08:00:00.123999Z"),
                LocalDate.of(2020, 2, 29),
                new BigDecimal("12.30"),
                Row.of(5),
                List.of(1),
                null,
                new byte[] {1}),
            Row.of(
                7L,
                "b",
                Instant.parse("2001-01-01T00:00:00Z"),
                LocalDate.of(2019, 1, 1),
                new BigDecimal("-0.05"),
                null,
                null,
                null,
                null));
    String file = path("stats.parquet");
    ParquetDataWriter w = ParquetDataWriter.open(storage, file, schema);
    w.write(ColumnBatch.fromRows(schema, rows));
    String json = w.close().statsJson();
    JsonNode stats = new ObjectMapper().readTree(json);
    assertThat(stats.get("numRecords").asLong()).as(json).isEqualTo(2);
    assertThat(stats.get("minValues").has("id")).as(json).isTrue();
    JsonNode min = stats.get("minValues");
    JsonNode max = stats.get("maxValues");
    JsonNode nulls = stats.get("nullCount");
    assertThat(min.get("id").asLong()).isEqualTo(1);
    assertThat(max.get("id").asLong()).isEqualTo(7);
    assertThat(min.get("s").asText()).isEqualTo("a".repeat(32));
    assertThat(max.get("s").asText()).isEqualTo("b");
    assertThat(min.get("ts").asText()).isEqualTo("2000-01-01T08:00:00.123Z");
    assertThat(max.get("ts").asText()).isEqualTo("2001-01-01T00:00:00.000Z");
    assertThat(min.get("d").asText()).isEqualTo("2019-01-01");
    assertThat(min.get("dec").decimalValue()).isEqualByComparingTo("-0.05");
    assertThat(min.get("dec").isNumber()).isTrue();
    assertThat(min.get("n").get("x").asInt()).isEqualTo(5);
    assertThat(nulls.get("n").get("x").asInt()).isEqualTo(1);
    assertThat(nulls.get("arr").asInt()).isEqualTo(1);
    assertThat(min.has("arr")).isFalse();
    assertThat(min.has("allnull")).isFalse();
    assertThat(nulls.get("allnull").asInt()).isEqualTo(2);
    assertThat(min.has("bin")).isFalse();
    assertThat(nulls.get("bin").asInt()).isEqualTo(1);

    // the row-group filter sees the same values the stats say
    List<ColumnRange> seen = new ArrayList<>();
    try (CloseableIterator<ColumnBatch> it =
        ParquetDataReader.open(
            storage,
            file,
            schema,
            cols -> {
              seen.add(cols.apply("n.x"));
              return cols.apply("id").max() instanceof Long l && l < 5;
            })) {
      assertThat(it.hasNext()).isFalse();
    }
    assertThat(seen.get(0).min()).isEqualTo(5);
    assertThat(seen.get(0).nullCount()).isEqualTo(1);
  }

  @Test
  void ourStatsParseBackToBoundsOfTheData() {
    List<Row> rows = rows(300);
    String file = path("bounds.parquet");
    ParquetDataWriter w = ParquetDataWriter.open(storage, file, ALL);
    w.write(ColumnBatch.fromRows(ALL, rows));
    dev.strata.format.stats.FileStats stats =
        dev.strata.format.stats.DeltaStats.parse(w.close().statsJson(), ALL);
    assertThat(stats.numRecords()).isEqualTo(300);
    for (String column :
        List.of(
            "i8", "i16", "i32", "i64", "f", "d", "s", "date", "ts", "ntz", "dec9", "dec18", "dec38",
            "st.x", "st.y")) {
      ColumnRange range = stats.range(column);
      assertThat(range).as(column).isNotNull();
      assertThat(range.min()).as(column).isNotNull();
      String[] parts = column.split("\\.");
      int index = ALL.indexOf(parts[0]);
      for (Row row : rows) {
        Object v = row.get(index);
        if (parts.length > 1 && v != null) {
          v = ((Row) v).get(INNER.indexOf(parts[1]));
        }
        if (v == null) {
          continue;
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Comparable<Object> c = (Comparable) v;
        assertThat(c.compareTo(range.min())).as(column + " " + v).isGreaterThanOrEqualTo(0);
        assertThat(c.compareTo(range.max())).as(column + " " + v).isLessThanOrEqualTo(0);
      }
    }
    assertThat(stats.range("i32").nullCount()).isEqualTo(43);
    assertThat(stats.range("arr").nullCount()).isEqualTo(43);
    assertThat(stats.range("b").min()).isNull();
  }

  @Test
  void truncatedMaxIsAnUpperBound() {
    String s = "z".repeat(31) + "\u00e9\u00e9\u00e9";
    String max = dev.strata.format.internal.parquet.StatsJsonWriter.truncateMax(s, 32);
    assertThat(max.compareTo(s)).isGreaterThan(0);
    assertThat(dev.strata.format.internal.parquet.StatsJsonWriter.truncateMax("a".repeat(33), 32))
        .isEqualTo("a".repeat(32) + "\u007F");
  }

  @Test
  void numIndexedColsLimitsStats() throws Exception {
    String file = path("n.parquet");
    ParquetDataWriter w =
        ParquetDataWriter.open(
            storage, file, ALL, ParquetWriteOptions.builder().numIndexedCols(3).build());
    w.write(ColumnBatch.fromRows(ALL, rows(10)));
    JsonNode stats = new ObjectMapper().readTree(w.close().statsJson());
    List<String> names = new ArrayList<>();
    stats.get("nullCount").fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("b", "i8", "i16");
  }

  @Test
  void everyCodecRoundTripsAndSizeEstimateGrows() {
    List<Row> expected = rows(500);
    for (ParquetWriteOptions.Codec codec : ParquetWriteOptions.Codec.values()) {
      String file = path("codec-" + codec + ".parquet");
      ParquetDataWriter w =
          ParquetDataWriter.open(
              storage,
              file,
              ALL,
              ParquetWriteOptions.builder()
                  .codec(codec)
                  .dictionary(ParquetWriteOptions.DictionaryMode.NEVER)
                  .build());
      assertThat(w.estimatedBytes()).isZero();
      w.write(ColumnBatch.fromRows(ALL, expected.subList(0, 250)));
      long first = w.estimatedBytes();
      w.write(ColumnBatch.fromRows(ALL, expected.subList(250, 500)));
      assertThat(first).isPositive();
      assertThat(w.estimatedBytes()).isGreaterThan(first);
      assertThat(w.numRecords()).isEqualTo(500);
      w.close();
      List<Row> actual = readAll(file, ALL, 4096);
      for (int i = 0; i < expected.size(); i++) {
        assertRowEquals(actual.get(i), expected.get(i), i);
      }
    }
    assertThat(ParquetWriteOptions.Codec.fromName("uncompressed"))
        .isEqualTo(ParquetWriteOptions.Codec.NONE);
    assertThatThrownBy(() -> ParquetWriteOptions.Codec.fromName("lz5")).hasMessageContaining("lz5");
  }

  @Test
  void readingNoColumnsStillCountsRows() {
    String file = path("count.parquet");
    ParquetDataWriter w =
        ParquetDataWriter.open(
            storage, file, ALL, ParquetWriteOptions.builder().rowGroupSize(8 * 1024).build());
    w.write(ColumnBatch.fromRows(ALL, rows(700)));
    w.close();
    for (StructType read :
        List.of(
            new StructType(List.of()),
            StructType.of(StructField.of("not_there", PrimitiveType.STRING)))) {
      long rows = 0;
      try (CloseableIterator<ColumnBatch> it = ParquetDataReader.open(storage, file, read, null)) {
        while (it.hasNext()) {
          ColumnBatch b = it.next();
          rows += b.numRows();
          if (read.size() == 1) {
            assertThat(b.column(0).isNull(0)).isTrue();
          }
        }
      }
      assertThat(rows).isEqualTo(700);
    }
  }

  @Test
  void emptyFileHasNoRows() throws Exception {
    String file = path("empty.parquet");
    DataFileInfo info = ParquetDataWriter.open(storage, file, ALL).close();
    assertThat(info.numRecords()).isZero();
    assertThat(new ObjectMapper().readTree(info.statsJson()).get("numRecords").asLong()).isZero();
    assertThat(readAll(file, ALL, 4096)).isEmpty();
    assertThat(ParquetDataReader.rowCount(storage, file)).isZero();
  }

  @Test
  void abortLeavesNothingBehind() throws Exception {
    String file = path("sub/aborted.parquet");
    ParquetDataWriter w = ParquetDataWriter.open(storage, file, ALL);
    w.write(ColumnBatch.fromRows(ALL, rows(100)));
    w.abort();
    assertThat(storage.exists(file)).isFalse();
    try (var files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
    }
  }

  @Test
  void mismatchedBatchIsRejected() {
    ParquetDataWriter w = ParquetDataWriter.open(storage, path("m.parquet"), ALL);
    StructType other = StructType.of(StructField.of("x", PrimitiveType.STRING));
    assertThatThrownBy(() -> w.write(ColumnBatch.fromRows(other, List.of(Row.of("a")))))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("m.parquet");
    w.abort();
  }

  @Test
  void corruptAndTruncatedFilesNameTheFile() throws Exception {
    String file = path("ok.parquet");
    ParquetDataWriter w = ParquetDataWriter.open(storage, file, ALL);
    w.write(ColumnBatch.fromRows(ALL, rows(200)));
    w.close();
    byte[] bytes = storage.read(file);
    String truncated = path("truncated.parquet");
    storage.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> ParquetDataReader.open(storage, truncated, ALL, null))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("truncated.parquet");
    String garbage = path("garbage.parquet");
    storage.write(garbage, "not parquet at all".getBytes());
    assertThatThrownBy(() -> ParquetDataReader.schema(storage, garbage))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("garbage.parquet");
    // page data overwritten with junk, footer intact
    byte[] damaged = bytes.clone();
    for (int i = 4; i < damaged.length / 2; i++) {
      damaged[i] = (byte) (i * 31);
    }
    String bad = path("damaged.parquet");
    storage.write(bad, damaged);
    assertThatThrownBy(() -> readAll(bad, ALL, 4096))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("damaged.parquet");
  }
}
