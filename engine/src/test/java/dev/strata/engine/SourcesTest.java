package dev.strata.engine;

import static dev.strata.engine.functions.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.engine.events.EventLogFormat;
import dev.strata.format.Row;
import dev.strata.format.StrataException;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesTest {
  static Strata strata;
  static Path eventLog;
  @TempDir static Path tmp;

  static Path shared() {
    return dev.strata.format.testing.Golden.sharedDir();
  }

  static final StructType ORDERS =
      StructType.of(
          StructField.of("order_id", PrimitiveType.LONG),
          StructField.of("product_id", PrimitiveType.STRING),
          StructField.of("quantity", PrimitiveType.INTEGER),
          StructField.of("price", new DecimalType(10, 2)),
          StructField.of("order_ts", PrimitiveType.TIMESTAMP),
          StructField.of("order_date", PrimitiveType.DATE));

  @BeforeAll
  static void start() {
    eventLog = tmp.resolve("events.jsonl");
    strata =
        Strata.builder()
            .parallelism(2)
            .eventLog(eventLog.toString())
            .config("strata.files.max-partition-bytes", "1048576")
            .build();
  }

  @AfterAll
  static void stop() {
    strata.close();
  }

  Path csv(String name, String content) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  @Test
  void csvTypesNullsAndTimestamps() throws Exception {
    Path p =
        csv(
            "a.csv",
            "order_id,product_id,quantity,price,order_ts,order_date\n"
                + "1,P1,2,10.5,2024-01-05T10:00:00,2024-01-05\n"
                + "2,,3,0.01,2024-01-06T00:00:01,2024-01-06\n"
                + "3,\"P,3\",-1,7,2024-01-06T23:59:59,2024-01-06\r\n");
    List<Row> rows =
        strata
            .read()
            .schema(ORDERS)
            .option("header", "true")
            .csv(p.toString())
            .orderBy("order_id")
            .collect();
    assertThat(rows)
        .containsExactly(
            Row.of(
                1L,
                "P1",
                2,
                new BigDecimal("10.50"),
                Instant.parse("2024-01-05T10:00:00Z"),
                LocalDate.of(2024, 1, 5)),
            Row.of(
                2L,
                null,
                3,
                new BigDecimal("0.01"),
                Instant.parse("2024-01-06T00:00:01Z"),
                LocalDate.of(2024, 1, 6)),
            Row.of(
                3L,
                "P,3",
                -1,
                new BigDecimal("7.00"),
                Instant.parse("2024-01-06T23:59:59Z"),
                LocalDate.of(2024, 1, 6)));
  }

  @Test
  void csvModes() throws Exception {
    Path p =
        csv(
            "bad.csv",
            "order_id,product_id,quantity,price,order_ts,order_date\n"
                + "1,P1,2,10.5,2024-01-05T10:00:00,2024-01-05\n"
                + "2,P2,x,1,2024-01-05T10:00:00,2024-01-05\n"
                + "3,P3,1,1,2024-01-05T10:00:00\n");
    assertThatThrownBy(
            () -> strata.read().schema(ORDERS).option("header", "true").csv(p.toString()).collect())
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("bad.csv")
        .hasMessageContaining("line 3");
    assertThat(
            strata
                .read()
                .schema(ORDERS)
                .option("header", "true")
                .option("mode", "DROPMALFORMED")
                .csv(p.toString())
                .collect())
        .hasSize(1);
    List<Row> permissive =
        strata
            .read()
            .schema(ORDERS)
            .option("header", "true")
            .option("mode", "PERMISSIVE")
            .csv(p.toString())
            .orderBy("order_id")
            .collect();
    assertThat(permissive).hasSize(3);
    assertThat(permissive.get(1).get(2)).isNull();
    assertThat(permissive.get(2).get(5)).isNull();
  }

  @Test
  void csvOptionsNullValueAndFormats() throws Exception {
    Path p =
        csv("fmt.csv", "1;NA;05/01/2024;05/01/2024 10:11:12\n2;x;06/01/2024;06/01/2024 00:00:00\n");
    StructType s =
        StructType.of(
            StructField.of("id", PrimitiveType.INTEGER),
            StructField.of("s", PrimitiveType.STRING),
            StructField.of("d", PrimitiveType.DATE),
            StructField.of("t", PrimitiveType.TIMESTAMP));
    List<Row> rows =
        strata
            .read()
            .schema(s)
            .option("sep", ";")
            .option("nullValue", "NA")
            .option("dateFormat", "dd/MM/yyyy")
            .option("timestampFormat", "dd/MM/yyyy HH:mm:ss")
            .csv(p.toString())
            .orderBy("id")
            .collect();
    assertThat(rows.get(0))
        .isEqualTo(
            Row.of(1, null, LocalDate.of(2024, 1, 5), Instant.parse("2024-01-05T10:11:12Z")));
    assertThat(rows.get(1).get(1)).isEqualTo("x");
  }

  @Test
  void bigCsvIsSplitIntoRangesWithoutLosingLines() throws Exception {
    StringBuilder sb =
        new StringBuilder("order_id,product_id,quantity,price,order_ts,order_date\n");
    long expectedSum = 0;
    for (int i = 0; i < 60000; i++) {
      sb.append(i)
          .append(",P")
          .append(i % 97)
          .append(',')
          .append(i % 7)
          .append(",1.25,2024-01-05T10:00:00,2024-01-05\n");
      expectedSum += i;
    }
    Path p = csv("big.csv", sb.toString());
    Dataset ds = strata.read().schema(ORDERS).option("header", "true").csv(p.toString());
    assertThat(ds.numPartitions()).isGreaterThan(1);
    List<Row> r = ds.agg(count("*"), sum("order_id"), countDistinct(col("order_id"))).collect();
    assertThat(r).containsExactly(Row.of(60000L, expectedSum, 60000L));
  }

  @Test
  void csvSchemaInferenceAndDdl() throws Exception {
    Path p =
        csv(
            "infer.csv",
            "id,big,amount,flag,day,ts,name\n1,10000000000,1.5,true,2024-01-05,2024-01-05T10:00:00,a\n2,3,2,false,2024-01-06,2024-01-06 11:00:00,\n");
    Dataset ds =
        strata.read().option("header", "true").option("inferSchema", "true").csv(p.toString());
    assertThat(ds.schema().fields().stream().map(f -> f.type().simpleString()).toList())
        .containsExactly("integer", "long", "double", "boolean", "date", "timestamp", "string");
    Dataset typed =
        strata
            .read()
            .schema(
                "id INT, big BIGINT, amount DECIMAL(10,2), flag BOOLEAN, day DATE, ts TIMESTAMP, name STRING")
            .option("header", "true")
            .csv(p.toString());
    assertThat(typed.schema().field("amount").type()).isEqualTo(new DecimalType(10, 2));
    assertThat(typed.orderBy("id").collect().get(1).get(2)).isEqualTo(new BigDecimal("2.00"));
  }

  @Test
  void jsonLines() throws Exception {
    Path p =
        csv(
            "a.json",
            "{\"id\": 1, \"name\": \"a\", \"amount\": 1.5}\n{\"id\": 2, \"name\": null}\n\n{\"id\": 3, \"name\": \"c\", \"amount\": 2}\n");
    Dataset ds = strata.read().json(p.toString());
    assertThat(ds.columns()).containsExactly("amount", "id", "name");
    assertThat(ds.filter("id >= 2").select("id", "name").orderBy("id").collect())
        .containsExactly(Row.of(2L, null), Row.of(3L, "c"));
  }

  @Test
  void deltaTableWithPartitionPruningAndTimeTravel() {
    String table = shared().resolve("conformance/golden/deltatbl-partition-prune").toString();
    Dataset all = strata.read().table(table);
    assertThat(all.count()).isEqualTo(5);
    Dataset hz = all.filter("city = 'hz'");
    assertThat(hz.explainString()).contains("files 2 of 5");
    assertThat(hz.select("name").orderBy("name").collect())
        .containsExactly(Row.of("Jim"), Row.of("Jone"));
    String deleted = shared().resolve("conformance/golden/snapshot-data2-deleted").toString();
    assertThat(strata.read().table(deleted).count()).isEqualTo(20);
    assertThat(strata.read().versionAsOf(2).table(deleted).count()).isEqualTo(10);
    String dv = shared().resolve("conformance/golden/dv-partitioned-with-checkpoint").toString();
    assertThat(strata.read().table(dv).count()).isGreaterThan(0);
  }

  @Test
  void tableWithFilePathColumn() {
    String table = shared().resolve("conformance/golden/deltatbl-partition-prune").toString();
    List<Row> rows =
        strata
            .read()
            .option("filePathColumn", "_file")
            .table(table)
            .filter("city = 'bj'")
            .select("name", "_file")
            .collect();
    assertThat(rows).hasSize(1);
    assertThat((String) rows.get(0).get(1)).startsWith("date=20180520/city=bj/part-");
  }

  @Test
  void avroFiles() throws Exception {
    org.apache.avro.Schema schema =
        new org.apache.avro.Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"r\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
                    + "{\"name\":\"name\",\"type\":[\"null\",\"string\"]}]}");
    Path dir = tmp.resolve("avro");
    Files.createDirectories(dir);
    for (int f = 0; f < 2; f++) {
      try (org.apache.avro.file.DataFileWriter<org.apache.avro.generic.GenericRecord> w =
          new org.apache.avro.file.DataFileWriter<>(
              new org.apache.avro.generic.GenericDatumWriter<>(schema))) {
        w.create(schema, dir.resolve("part-" + f + ".avro").toFile());
        for (int i = 0; i < 100; i++) {
          org.apache.avro.generic.GenericRecord r =
              new org.apache.avro.generic.GenericData.Record(schema);
          r.put("id", (long) (f * 100 + i));
          r.put("name", i % 10 == 0 ? null : "n" + i);
          w.append(r);
        }
      }
    }
    Dataset ds = strata.read().avro(dir.toString());
    assertThat(ds.numPartitions()).isEqualTo(2);
    assertThat(ds.agg(count("*"), count("name"), max("id")).collect())
        .containsExactly(Row.of(200L, 180L, 199L));
  }

  @Test
  void parquetFilesReadOnlyNeededColumns() {
    String dir = shared().resolve("conformance/golden/snapshot-data0").toString();
    Dataset ds = strata.read().parquet(dir);
    assertThat(ds.count()).isEqualTo(10);
    assertThat(ds.filter("col1 >= 5").select("col2").orderBy("col2").collect().get(0))
        .isEqualTo(Row.of("data-0-5"));
  }

  @Test
  void eventLogFollowsTheFormat() throws Exception {
    strata.setJobTag("silver/2024-01-05");
    try {
      strata
          .range(1000)
          .repartition(3, col("id"))
          .groupBy(expr("id % 10").as("m"))
          .agg(count("*"))
          .collect();
    } finally {
      strata.setJobTag(null);
    }
    JobMetrics job = strata.lastJob();
    assertThat(job.tag()).isEqualTo("silver/2024-01-05");
    assertThat(job.stages()).hasSize(3);
    assertThat(job.stages().get(2).parents()).containsExactly(job.stages().get(1).stageId());
    ObjectMapper m = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(eventLog)) {
      JsonNode n = m.readTree(line);
      if (n.get("jobId").asInt() == job.jobId()) {
        events.add(n);
      }
    }
    JsonNode start = events.get(0);
    assertThat(start.get("event").asText()).isEqualTo("JobStart");
    assertThat(start.get("tag").asText()).isEqualTo("silver/2024-01-05");
    assertThat(start.get("stages")).hasSize(3);
    assertThat(start.get("stages").get(0).get("exchange").asText()).isEqualTo("hash");
    assertThat(start.get("stages").get(2).get("exchange").asText()).isEqualTo("none");
    long taskEnds = events.stream().filter(e -> e.get("event").asText().equals("TaskEnd")).count();
    assertThat(taskEnds).isEqualTo(job.totalTasks());
    JsonNode task =
        events.stream()
            .filter(e -> e.get("event").asText().equals("TaskEnd"))
            .findFirst()
            .orElseThrow();
    assertThat(task.get("thread").asText()).startsWith("strata-worker-");
    assertThat(task.has("shuffleWriteBytes")).isTrue();
    JsonNode end = events.get(events.size() - 1);
    assertThat(end.get("event").asText()).isEqualTo("JobEnd");
    assertThat(end.get("status").asText()).isEqualTo("SUCCEEDED");
    // Every line is a versioned record that reads back to itself.
    for (String line : Files.readAllLines(eventLog)) {
      assertThat(m.readTree(line).get("version").asInt()).isEqualTo(EventLogFormat.VERSION);
      assertThat(EventLogFormat.toJson(EventLogFormat.parse(line).orElseThrow())).isEqualTo(line);
    }
    assertThat(job.stages().get(0).shuffleWriteBytes()).isGreaterThan(0);
    assertThat(job.stages().get(0).inputRows()).isEqualTo(1000);
  }

  @Test
  void explainShowsExchangesAndStages() {
    Dataset products =
        strata.createDataset(
            List.of(Row.of("P1", "c")),
            StructType.of(
                StructField.of("product_id", PrimitiveType.STRING),
                StructField.of("category", PrimitiveType.STRING)));
    String plan =
        strata
            .range(100)
            .selectExpr("'P1' AS product_id", "id")
            .join(products, "product_id")
            .groupBy("category")
            .agg(count("*"))
            .explainString();
    assertThat(plan)
        .contains("BroadcastHashJoin")
        .contains("BroadcastExchange")
        .contains("Exchange hashpartitioning")
        .contains("HashAggregate(partial")
        .contains("*(");
  }
}
