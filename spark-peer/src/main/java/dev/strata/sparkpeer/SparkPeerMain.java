package dev.strata.sparkpeer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.delta.tables.DeltaColumnBuilder;
import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A long-lived Spark 3.5 + Delta Lake 3.3 driver that the conformance tests talk to: one JSON
 * request per line on stdin, one JSON answer per line on stdout.
 *
 * <p>Requests: {@code {"op":"sql","sql":...}} runs a statement and returns its rows; {@code
 * {"op":"write","sql":<query>,"path":...,"mode":...,"partitionBy":[...],"options":{...}}} writes a
 * query's result as Delta with the DataFrame writer (the only way to pass writer options such as
 * {@code txnAppId}); {@code {"op":"create","path":...,"columns":[{"name","type","nullable",
 * "generatedAlwaysAs","identity"}],"partitionBy":[...]}} creates a table with Delta's table
 * builder; {@code {"op":"conf","key":...,"value":...}} sets (or with a null value unsets) a session
 * conf; {@code {"op":"exit"}} stops. Answers are {@code {"ok":true,"columns":[...],
 * "rows":[...],"cells":[[...],...]}} (each row whole, and value by value) or {@code
 * {"ok":false,"error":...}}; a failed request leaves the peer running.
 *
 * <p>Rows come back in a canonical text form that the tests render Strata's rows into as well, so
 * the two sides compare as multisets of strings: decimals as plain numbers with their scale,
 * timestamps in UTC with microseconds, timestamp_ntz without zone, dates ISO, binary as hex,
 * structs with field names, maps with entries sorted by key.
 */
public final class SparkPeerMain {
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
  private static final ObjectMapper JSON = new ObjectMapper();

  private SparkPeerMain() {}

  /**
   * Starts the session and serves requests until stdin closes or an exit request arrives.
   *
   * @param args {@code args[0]}: the warehouse directory (Spark's scratch space)
   */
  public static void main(String[] args) throws Exception {
    // The protocol owns stdout; Spark and its libraries may print, so they get stderr.
    PrintStream protocol =
        new PrintStream(
            new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8.name());
    System.setOut(System.err);
    String warehouse = args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir");
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("strata-conformance-peer")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.default.parallelism", "2")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.datetime.java8API.enabled", "true")
            .config("spark.sql.warehouse.dir", warehouse)
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            // Tests vacuum with zero retention on purpose.
            .config("spark.databricks.delta.retentionDurationCheck.enabled", "false")
            // VACUUM and partition discovery otherwise fan out into thousands of tiny tasks.
            .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    ObjectNode ready = JSON.createObjectNode();
    ready.put("ready", true);
    ready.put("spark", spark.version());
    protocol.println(JSON.writeValueAsString(ready));

    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      ObjectNode answer;
      boolean exit = false;
      try {
        JsonNode request = JSON.readTree(line);
        String op = request.path("op").asText();
        exit = op.equals("exit");
        answer = exit ? ok(List.of(), List.of()) : handle(spark, op, request);
      } catch (Throwable e) {
        e.printStackTrace(System.err);
        answer = JSON.createObjectNode();
        answer.put("ok", false);
        answer.put("error", describe(e));
      }
      protocol.println(JSON.writeValueAsString(answer));
      if (exit) {
        break;
      }
    }
    spark.stop();
    System.exit(0);
  }

  private static ObjectNode handle(SparkSession spark, String op, JsonNode request) {
    switch (op) {
      case "sql":
        {
          Dataset<Row> df = spark.sql(request.path("sql").asText());
          List<String> columns = List.of(df.columns());
          List<String> rows = new ArrayList<>();
          List<List<String>> cells = new ArrayList<>();
          for (Row row : df.collectAsList()) {
            rows.add(renderRow(row));
            List<String> values = new ArrayList<>();
            for (int i = 0; i < row.length(); i++) {
              values.add(render(row.get(i)));
            }
            cells.add(values);
          }
          ObjectNode answer = ok(columns, rows);
          ArrayNode c = answer.putArray("cells");
          for (List<String> values : cells) {
            ArrayNode r = c.addArray();
            values.forEach(r::add);
          }
          return answer;
        }
      case "write":
        {
          Dataset<Row> df = spark.sql(request.path("sql").asText());
          DataFrameWriter<Row> writer =
              df.write().format("delta").mode(request.path("mode").asText("append"));
          List<String> partitionBy = new ArrayList<>();
          request.path("partitionBy").forEach(n -> partitionBy.add(n.asText()));
          if (!partitionBy.isEmpty()) {
            writer = writer.partitionBy(partitionBy.toArray(new String[0]));
          }
          Iterator<Map.Entry<String, JsonNode>> options = request.path("options").fields();
          while (options.hasNext()) {
            Map.Entry<String, JsonNode> e = options.next();
            writer = writer.option(e.getKey(), e.getValue().asText());
          }
          writer.save(request.path("path").asText());
          return ok(List.of(), List.of());
        }
      case "create":
        {
          // SQL cannot declare identity columns on Spark 3.5, nor generated columns on a path
          // table; Delta's table builder can.
          DeltaTableBuilder builder =
              DeltaTable.create(spark).location(request.path("path").asText());
          for (JsonNode col : request.path("columns")) {
            DeltaColumnBuilder c =
                DeltaTable.columnBuilder(spark, col.path("name").asText())
                    .dataType(col.path("type").asText())
                    .nullable(col.path("nullable").asBoolean(true));
            if (col.hasNonNull("generatedAlwaysAs")) {
              c = c.generatedAlwaysAs(col.path("generatedAlwaysAs").asText());
            }
            if (col.path("identity").asBoolean(false)) {
              c = c.generatedAlwaysAsIdentity(1, 1);
            }
            builder = builder.addColumn(c.build());
          }
          List<String> partitionBy = new ArrayList<>();
          request.path("partitionBy").forEach(n -> partitionBy.add(n.asText()));
          if (!partitionBy.isEmpty()) {
            builder = builder.partitionedBy(partitionBy.toArray(new String[0]));
          }
          builder.execute();
          return ok(List.of(), List.of());
        }
      case "conf":
        {
          String key = request.path("key").asText();
          JsonNode value = request.path("value");
          if (value.isNull() || value.isMissingNode()) {
            spark.conf().unset(key);
          } else {
            spark.conf().set(key, value.asText());
          }
          return ok(List.of(), List.of());
        }
      default:
        throw new IllegalArgumentException("unknown op '" + op + "'");
    }
  }

  private static ObjectNode ok(List<String> columns, List<String> rows) {
    ObjectNode answer = JSON.createObjectNode();
    answer.put("ok", true);
    ArrayNode c = answer.putArray("columns");
    columns.forEach(c::add);
    ArrayNode r = answer.putArray("rows");
    rows.forEach(r::add);
    return answer;
  }

  /** The exception chain, one cause per line, so the test can name the first real reason. */
  private static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (sb.length() > 0) {
        sb.append("\ncaused by: ");
      }
      sb.append(t.getClass().getName()).append(": ").append(t.getMessage());
      if (t.getCause() == t) {
        break;
      }
    }
    if (sb.length() > 4000) {
      return sb.substring(0, 4000);
    }
    return sb.toString();
  }

  static String renderRow(Row row) {
    StringJoiner j = new StringJoiner(", ", "(", ")");
    for (int i = 0; i < row.length(); i++) {
      j.add(render(row.get(i)));
    }
    return j.toString();
  }

  static String render(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
    if (v instanceof byte[] b) {
      StringBuilder sb = new StringBuilder("0x");
      for (byte x : b) {
        sb.append(String.format("%02X", x));
      }
      return sb.toString();
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof Instant t) {
      return MICROS.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC)) + "Z";
    }
    if (v instanceof LocalDateTime t) {
      return "ntz:" + MICROS.format(t);
    }
    if (v instanceof LocalDate d) {
      return d.toString();
    }
    if (v instanceof Row r) {
      StringJoiner j = new StringJoiner(", ", "{", "}");
      StructField[] fields = r.schema().fields();
      for (int i = 0; i < r.length(); i++) {
        j.add(fields[i].name() + "=" + render(r.get(i)));
      }
      return j.toString();
    }
    if (v instanceof scala.collection.Map<?, ?> m) {
      TreeMap<String, String> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> e : CollectionConverters.asJava(m).entrySet()) {
        sorted.put(render(e.getKey()), render(e.getValue()));
      }
      StringJoiner j = new StringJoiner(", ", "{", "}");
      sorted.forEach((k, val) -> j.add(k + "->" + val));
      return j.toString();
    }
    if (v instanceof scala.collection.Iterable<?> it) {
      StringJoiner j = new StringJoiner(", ", "[", "]");
      for (Object o : CollectionConverters.asJava(it)) {
        j.add(render(o));
      }
      return j.toString();
    }
    return v.toString();
  }
}
