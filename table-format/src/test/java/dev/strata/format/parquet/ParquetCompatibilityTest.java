package dev.strata.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.format.CloseableIterator;
import dev.strata.format.LocalStorage;
import dev.strata.format.Row;
import dev.strata.format.SchemaMismatchException;
import dev.strata.format.StoragePaths;
import dev.strata.format.internal.parquet.StorageOutputFile;
import dev.strata.format.stats.DeltaStats;
import dev.strata.format.stats.FileStats;
import dev.strata.format.testing.Golden;
import dev.strata.format.types.ArrayType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.MapType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encodings other writers use, column mapping, row-group skipping, Spark's stats. */
class ParquetCompatibilityTest {
  @TempDir Path dir;
  private final LocalStorage storage = new LocalStorage();

  private String path(String name) {
    return StoragePaths.normalize(dir.resolve(name).toString());
  }

  private List<Row> readAll(String file, StructType schema) {
    List<Row> out = new ArrayList<>();
    try (CloseableIterator<ColumnBatch> it = ParquetDataReader.open(storage, file, schema, null)) {
      it.forEachRemaining(b -> out.addAll(b.toRows()));
    }
    return out;
  }

  @Test
  void legacyListsMapsAndOtherPhysicalEncodings() throws Exception {
    MessageType schema =
        MessageTypeParser.parseMessageType(
            """
            message legacy {
              optional group a (LIST) { repeated int32 array; }
              optional group b (LIST) { repeated group array { optional binary x (UTF8); optional int32 y; } }
              optional group c (LIST) { repeated group c_tuple { optional int32 v; } }
              optional group m (MAP_KEY_VALUE) { repeated group map { required binary key (UTF8); optional int64 value; } }
              repeated int32 r;
              optional int64 ts_millis (TIMESTAMP(MILLIS,true));
              optional int64 ts_nanos (TIMESTAMP(NANOS,true));
              optional int96 t96;
              optional binary dec (DECIMAL(20,2));
              optional fixed_len_byte_array(5) fdec (DECIMAL(10,3));
              optional int32 i32dec (DECIMAL(5,1));
            }
            """);
    String file = path("legacy.parquet");
    SimpleGroupFactory factory = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new StorageOutputFile(storage, file))
            .withType(schema)
            .build()) {
      for (int i = 0; i < 3; i++) {
        Group g = factory.newGroup();
        Group a = g.addGroup("a");
        a.append("array", i);
        a.append("array", i + 1);
        Group b = g.addGroup("b");
        b.addGroup("array").append("x", "x" + i).append("y", i);
        g.addGroup("c").addGroup("c_tuple").append("v", 10 + i);
        Group m = g.addGroup("m");
        m.addGroup("map").append("key", "k").append("value", (long) i);
        if (i != 1) {
          g.append("r", i).append("r", -i);
        }
        g.append("ts_millis", 1_600_000_000_123L + i);
        g.append("ts_nanos", 1_600_000_000_123_456_789L);
        // 2020-01-01T08:09:10Z: Julian day 2458850, 29350 s into the day
        ByteBuffer int96 = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        int96.putLong(29_350L * 1_000_000_000L).putInt(2_458_850);
        g.append("t96", Binary.fromConstantByteArray(int96.array()));
        g.append(
            "dec",
            Binary.fromConstantByteArray(
                new BigDecimal("-12345678901234567.89").unscaledValue().toByteArray()));
        byte[] fixed = new byte[5];
        byte[] unscaled = new BigDecimal("1234.567").unscaledValue().toByteArray();
        System.arraycopy(unscaled, 0, fixed, 5 - unscaled.length, unscaled.length);
        g.append("fdec", Binary.fromConstantByteArray(fixed));
        g.append("i32dec", -123);
        writer.write(g);
      }
    }
    StructType read = ParquetDataReader.schema(storage, file);
    assertThat(read.field("a").type()).isEqualTo(new ArrayType(PrimitiveType.INTEGER, false));
    assertThat(read.field("b").type())
        .isEqualTo(
            new ArrayType(
                StructType.of(
                    StructField.of("x", PrimitiveType.STRING),
                    StructField.of("y", PrimitiveType.INTEGER)),
                false));
    assertThat(read.field("c").type())
        .isEqualTo(new ArrayType(StructType.of(StructField.of("v", PrimitiveType.INTEGER)), false));
    assertThat(read.field("m").type())
        .isEqualTo(new MapType(PrimitiveType.STRING, PrimitiveType.LONG, true));
    assertThat(read.field("r").type()).isEqualTo(new ArrayType(PrimitiveType.INTEGER, false));
    assertThat(read.field("dec").type()).isEqualTo(new DecimalType(20, 2));

    List<Row> rows = readAll(file, read);
    assertThat(rows).hasSize(3);
    Row r = rows.get(2);
    assertThat(r.get("a")).isEqualTo(List.of(2, 3));
    assertThat(((List<?>) r.get("b")).get(0).toString()).isEqualTo(Row.of("x2", 2).toString());
    assertThat(((Row) ((List<?>) r.get("c")).get(0)).get(0)).isEqualTo(12);
    assertThat(r.get("m")).isEqualTo(Map.of("k", 2L));
    assertThat(r.get("r")).isEqualTo(List.of(2, -2));
    assertThat(rows.get(1).get("r")).isEqualTo(List.of());
    assertThat(r.get("ts_millis")).isEqualTo(Instant.ofEpochMilli(1_600_000_000_125L));
    assertThat(r.get("ts_nanos")).isEqualTo(Instant.parse("2020-09-13T12:26:40.123456Z"));
    assertThat(r.get("t96")).isEqualTo(Instant.parse("2020-01-01T08:09:10Z"));
    assertThat(r.get("dec")).isEqualTo(new BigDecimal("-12345678901234567.89"));
    assertThat(r.get("fdec")).isEqualTo(new BigDecimal("1234.567"));
    assertThat(r.get("i32dec")).isEqualTo(new BigDecimal("-12.3"));

    // a decimal read with another scale is rescaled; a string column read as a number is refused
    StructType widened = StructType.of(StructField.of("i32dec", new DecimalType(10, 3)));
    assertThat(readAll(file, widened).get(0).get(0)).isEqualTo(new BigDecimal("-12.300"));
    StructType wrong = StructType.of(StructField.of("b", PrimitiveType.LONG));
    assertThatThrownBy(() -> readAll(file, wrong))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("b");
  }

  @Test
  void dataPagesV2WithNullsAndDeltaEncodings() throws Exception {
    MessageType schema =
        MessageTypeParser.parseMessageType(
            "message v2 { optional int64 id; optional binary s (UTF8); required double d;"
                + " optional boolean b; optional group st { optional int32 x; } }");
    String file = path("v2.parquet");
    SimpleGroupFactory factory = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new StorageOutputFile(storage, file))
            .withType(schema)
            .withWriterVersion(
                org.apache.parquet.column.ParquetProperties.WriterVersion.PARQUET_2_0)
            .withPageRowCountLimit(1000)
            .withDictionaryEncoding(false)
            .build()) {
      for (int i = 0; i < 10_000; i++) {
        Group g = factory.newGroup();
        if (i % 3 != 0) {
          g.append("id", (long) i * 7);
        }
        if (i % 5 != 0) {
          g.append("s", "s" + (i % 1234));
        }
        g.append("d", i / 2.0);
        if (i % 2 == 0) {
          g.append("b", i % 4 == 0);
        }
        if (i % 7 != 0) {
          Group st = g.addGroup("st");
          if (i % 11 != 0) {
            st.append("x", i);
          }
        }
        writer.write(g);
      }
    }
    StructType read = ParquetDataReader.schema(storage, file);
    List<Row> rows = readAll(file, read);
    assertThat(rows).hasSize(10_000);
    for (int i = 0; i < 10_000; i++) {
      Row r = rows.get(i);
      assertThat(r.get("id")).isEqualTo(i % 3 != 0 ? (Object) ((long) i * 7) : null);
      assertThat(r.get("s")).isEqualTo(i % 5 != 0 ? "s" + (i % 1234) : null);
      assertThat(r.get("d")).isEqualTo(i / 2.0);
      assertThat(r.get("b")).isEqualTo(i % 2 == 0 ? (Object) (i % 4 == 0) : null);
      Object st = r.get("st");
      if (i % 7 == 0) {
        assertThat(st).isNull();
      } else {
        assertThat(((Row) st).get(0)).isEqualTo(i % 11 != 0 ? (Object) i : null);
      }
    }
  }

  @Test
  void columnMappingMatchesByPhysicalNameAndFieldId() {
    StructType logical =
        StructType.of(
            new StructField(
                "id",
                PrimitiveType.LONG,
                true,
                Map.of("delta.columnMapping.id", 1, "delta.columnMapping.physicalName", "col-a1")),
            new StructField(
                "name",
                PrimitiveType.STRING,
                true,
                Map.of("delta.columnMapping.id", 2, "delta.columnMapping.physicalName", "col-b2")));
    String file = path("mapped.parquet");
    ParquetDataWriter w = ParquetDataWriter.open(storage, file, logical);
    w.write(ColumnBatch.fromRows(logical, List.of(Row.of(1L, "x"), Row.of(2L, "y"))));
    String stats = w.close().statsJson();
    assertThat(stats).contains("\"col-a1\"").doesNotContain("\"id\"");
    assertThat(ParquetDataReader.schema(storage, file).fieldNames())
        .containsExactly("col-a1", "col-b2");

    assertThat(readAll(file, logical).get(1)).isEqualTo(new Row(logical, new Object[] {2L, "y"}));
    // renamed column: same id and physical name, new logical name
    StructType renamed =
        StructType.of(
            new StructField(
                "renamed",
                PrimitiveType.STRING,
                true,
                Map.of("delta.columnMapping.id", 2, "delta.columnMapping.physicalName", "col-b2")));
    assertThat(readAll(file, renamed).get(0).get(0)).isEqualTo("x");
    // by field id alone
    StructType byId =
        StructType.of(
            new StructField("whatever", PrimitiveType.LONG, true, Map.of("parquet.field.id", 1)));
    assertThat(readAll(file, byId).get(1).get(0)).isEqualTo(2L);
    // stats parse back to logical names
    FileStats parsed = DeltaStats.parse(stats, logical);
    assertThat(parsed.range("id").max()).isEqualTo(2L);
    assertThat(parsed.range("name").min()).isEqualTo("x");
  }

  @Test
  void rowGroupsAreSkippedByStatistics() {
    StructType schema =
        StructType.of(
            StructField.of("id", PrimitiveType.LONG), StructField.of("s", PrimitiveType.STRING));
    String file = path("groups.parquet");
    ParquetDataWriter w =
        ParquetDataWriter.open(
            storage, file, schema, ParquetWriteOptions.builder().rowGroupSize(64 * 1024).build());
    for (int b = 0; b < 20; b++) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < 5000; i++) {
        long id = b * 5000L + i;
        rows.add(Row.of(id, "value-" + id));
      }
      w.write(ColumnBatch.fromRows(schema, rows));
    }
    w.close();
    int groups = ParquetDataReader.rowGroupCount(storage, file);
    assertThat(groups).isGreaterThan(3);
    AtomicInteger asked = new AtomicInteger();
    long rows = 0;
    long matching = 0;
    try (CloseableIterator<ColumnBatch> it =
        ParquetDataReader.open(
            storage,
            file,
            schema,
            cols -> {
              asked.incrementAndGet();
              var range = cols.apply("id");
              return (Long) range.min() <= 42_000 && (Long) range.max() >= 42_000;
            })) {
      while (it.hasNext()) {
        ColumnBatch batch = it.next();
        rows += batch.numRows();
        for (int i = 0; i < batch.numRows(); i++) {
          if ((Long) batch.column(0).get(i) == 42_000L) {
            matching++;
          }
        }
      }
    }
    assertThat(asked.get()).isEqualTo(groups);
    assertThat(matching).isEqualTo(1);
    assertThat(rows).isLessThan(100_000 / 2);
  }

  @Test
  void statsMatchSparkOnTheAllTypesGoldenTable() throws Exception {
    Path table = Golden.table("data-skipping-basic-stats-all-types");
    ObjectMapper json = new ObjectMapper();
    StructType schema = null;
    JsonNode sparkStats = null;
    for (String line : Files.readAllLines(table.resolve("_delta_log/00000000000000000000.json"))) {
      JsonNode action = json.readTree(line);
      if (action.has("metaData")) {
        schema = StructType.fromJson(action.get("metaData").get("schemaString").asText());
      }
      if (action.has("add") && action.get("add").has("stats")) {
        JsonNode stats = json.readTree(action.get("add").get("stats").asText());
        if (stats.get("numRecords").asLong() == 1) {
          sparkStats = stats;
        }
      }
    }
    // rewrite Spark's own row with our writer
    List<Row> rows = new ArrayList<>();
    try (var files = Files.list(table)) {
      for (Path p : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
        rows.addAll(readAll(StoragePaths.normalize(p.toString()), schema));
      }
    }
    assertThat(rows).hasSize(1);
    String file = path("again.parquet");
    ParquetDataWriter w = ParquetDataWriter.open(storage, file, schema);
    w.write(ColumnBatch.fromRows(schema, rows));
    JsonNode ours = json.readTree(w.close().statsJson());
    assertThat(normalizeTimestamps(ours)).isEqualTo(normalizeTimestamps(sparkStats));
  }

  @Test
  void statsMatchSparkForTimestampNtzFiles() throws Exception {
    Path table = Golden.table("data-reader-timestamp_ntz");
    ObjectMapper json = new ObjectMapper();
    StructType schema = null;
    List<String> partitions = new ArrayList<>();
    int compared = 0;
    try (var logs = Files.list(table.resolve("_delta_log"))) {
      for (Path log : logs.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        for (String line : Files.readAllLines(log)) {
          JsonNode action = json.readTree(line);
          if (action.has("metaData")) {
            schema = StructType.fromJson(action.get("metaData").get("schemaString").asText());
            action.get("metaData").get("partitionColumns").forEach(n -> partitions.add(n.asText()));
          }
          if (!action.has("add") || !action.get("add").has("stats")) {
            continue;
          }
          StructType data = schema.without(partitions);
          String source =
              StoragePaths.normalize(
                  table
                      .resolve(
                          dev.strata.format.PartitionPaths.decodeAddPath(
                              action.get("add").get("path").asText()))
                      .toString());
          String copy = path("ntz-" + compared + ".parquet");
          ParquetDataWriter w = ParquetDataWriter.open(storage, copy, data);
          for (Row row : readAll(source, data)) {
            w.write(ColumnBatch.fromRows(data, List.of(row)));
          }
          assertThat(json.readTree(w.close().statsJson()))
              .isEqualTo(json.readTree(action.get("add").get("stats").asText()));
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThan(2);
  }

  /** Spark writes the session's offset, we write Z: compare instants. */
  private static JsonNode normalizeTimestamps(JsonNode node) {
    JsonNode copy = node.deepCopy();
    for (String section : List.of("minValues", "maxValues")) {
      var obj = (com.fasterxml.jackson.databind.node.ObjectNode) copy.get(section);
      Iterator<Map.Entry<String, JsonNode>> fields = obj.fields();
      List<String> timestampKeys = new ArrayList<>();
      fields.forEachRemaining(
          e -> {
            if (e.getValue().isTextual() && e.getValue().asText().contains("T")) {
              timestampKeys.add(e.getKey());
            }
          });
      for (String key : timestampKeys) {
        obj.put(key, OffsetDateTime.parse(obj.get(key).asText()).toInstant().toString());
      }
    }
    return copy;
  }

  @Test
  void deltaStatsParseIsLenientAndWidensTimestamps() {
    StructType schema =
        StructType.of(
            StructField.of("ts", PrimitiveType.TIMESTAMP),
            StructField.of("n", StructType.of(StructField.of("x", new DecimalType(5, 2)))),
            StructField.of("d", PrimitiveType.DATE));
    FileStats stats =
        DeltaStats.parse(
            "{\"numRecords\":3,\"minValues\":{\"ts\":\"2000-01-01T00:00:00.000-08:00\",\"n\":{\"x\":1.5},\"d\":\"bad\"},"
                + "\"maxValues\":{\"ts\":\"2000-01-01T00:00:01.000Z\",\"n\":{\"x\":2}},\"nullCount\":{\"ts\":0,\"n\":{\"x\":1}}}",
            schema);
    assertThat(stats.numRecords()).isEqualTo(3);
    assertThat(stats.range("ts").min()).isEqualTo(Instant.parse("2000-01-01T08:00:00Z"));
    assertThat(stats.range("ts").max()).isEqualTo(Instant.parse("2000-01-01T00:00:01.000999Z"));
    assertThat(stats.range("n.x").min()).isEqualTo(new BigDecimal("1.5"));
    assertThat(stats.range("n.x").nullCount()).isEqualTo(1);
    assertThat(stats.range("d")).isNull();
    assertThat(DeltaStats.parse("not json", schema)).isNull();
    assertThat(DeltaStats.parse(null, schema)).isNull();
    assertThat(Arrays.asList(stats.mightMatch(c -> c.apply("n.x") != null))).containsExactly(true);
  }
}
