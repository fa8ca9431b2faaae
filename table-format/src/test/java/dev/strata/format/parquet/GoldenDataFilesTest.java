package dev.strata.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.format.CloseableIterator;
import dev.strata.format.LocalStorage;
import dev.strata.format.Row;
import dev.strata.format.StoragePaths;
import dev.strata.format.testing.Golden;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Reads the Spark/Delta-written data files of the golden tables. */
class GoldenDataFilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LocalStorage storage = new LocalStorage();

  @Test
  void everyGoldenDataFileReadsWithItsFooterSchema() throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Golden.goldenDir())) {
      files =
          walk.filter(p -> p.getFileName().toString().endsWith(".parquet"))
              .filter(p -> !p.toString().contains("/_delta_log/"))
              .sorted()
              .toList();
    }
    assertThat(files).hasSizeGreaterThan(100);
    for (Path file : files) {
      String path = StoragePaths.normalize(file.toString());
      StructType schema = ParquetDataReader.schema(storage, path);
      long rows = 0;
      try (CloseableIterator<ColumnBatch> it =
          ParquetDataReader.open(storage, path, schema, null)) {
        while (it.hasNext()) {
          ColumnBatch batch = it.next();
          batch.toRows(); // every value converts to its external form
          rows += batch.numRows();
        }
      }
      assertThat(rows).as(path).isEqualTo(ParquetDataReader.rowCount(storage, path));
    }
  }

  /** All rows of a golden table's data files, read with the table schema minus partitions. */
  private List<Row> readTable(String table) throws Exception {
    Path root = Golden.table(table);
    StructType schema = null;
    List<String> partitions = new ArrayList<>();
    Map<String, Boolean> live = new TreeMap<>();
    try (Stream<Path> logs = Files.list(root.resolve("_delta_log"))) {
      for (Path log : logs.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        for (String line : Files.readAllLines(log)) {
          JsonNode action = JSON.readTree(line);
          if (action.has("metaData")) {
            schema = StructType.fromJson(action.get("metaData").get("schemaString").asText());
            partitions.clear();
            action.get("metaData").get("partitionColumns").forEach(n -> partitions.add(n.asText()));
          } else if (action.has("add")) {
            live.put(action.get("add").get("path").asText(), true);
          } else if (action.has("remove")) {
            live.remove(action.get("remove").get("path").asText());
          }
        }
      }
    }
    StructType dataSchema = schema.without(partitions);
    List<Row> rows = new ArrayList<>();
    for (String rel : live.keySet()) {
      String path =
          StoragePaths.normalize(
              root.resolve(dev.strata.format.PartitionPaths.decodeAddPath(rel)).toString());
      try (CloseableIterator<ColumnBatch> it =
          ParquetDataReader.open(storage, path, dataSchema, null)) {
        it.forEachRemaining(b -> rows.addAll(b.toRows()));
      }
    }
    return rows;
  }

  @Test
  void primitives() throws Exception {
    Set<String> actual = new HashSet<>();
    for (Row r : readTable("data-reader-primitives")) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < r.size(); i++) {
        Object v = r.get(i);
        sb.append(v instanceof byte[] b ? java.util.Arrays.toString(b) : String.valueOf(v))
            .append('|');
      }
      actual.add(sb.toString());
    }
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      expected.add(
          i
              + "|"
              + i
              + "|"
              + i
              + "|"
              + i
              + "|"
              + (i % 2 == 0)
              + "|"
              + (float) i
              + "|"
              + (double) i
              + "|"
              + i
              + "|["
              + i
              + ", "
              + i
              + "]|"
              + i
              + "|");
    }
    expected.add("null|".repeat(10));
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void decimalsInInt32Int64AndFixed() throws Exception {
    Set<List<BigDecimal>> actual = new HashSet<>();
    for (Row r : readTable("basic-decimal-table")) {
      actual.add(
          List.of(
              (BigDecimal) r.get("col1"), (BigDecimal) r.get("col2"), (BigDecimal) r.get("col3")));
    }
    assertThat(actual)
        .containsExactlyInAnyOrder(
            List.of(
                new BigDecimal("1.00"), new BigDecimal("2.00000"), new BigDecimal("3.0000000000")),
            List.of(
                new BigDecimal("111.11"),
                new BigDecimal("22222.22222"),
                new BigDecimal("3333333333.3333333333")),
            List.of(new BigDecimal("0.00"), new BigDecimal("0.00000"), new BigDecimal("0E-10")),
            List.of(
                new BigDecimal("-999.99"),
                new BigDecimal("-99999.99999"),
                new BigDecimal("-9999999999.9999999999")));
  }

  @Test
  void nestedStruct() throws Exception {
    List<Row> rows = readTable("data-reader-nested-struct");
    assertThat(rows).hasSize(10);
    Set<String> actual = new HashSet<>();
    for (Row r : rows) {
      actual.add(r.toString());
    }
    Set<String> expected = new HashSet<>();
    StructType schema =
        StructType.fromJson(
            "{\"type\":\"struct\",\"fields\":[{\"name\":\"a\",\"type\":{\"type\":\"struct\",\"fields\":["
                + "{\"name\":\"aa\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}},"
                + "{\"name\":\"ab\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}},"
                + "{\"name\":\"ac\",\"type\":{\"type\":\"struct\",\"fields\":["
                + "{\"name\":\"aca\",\"type\":\"integer\",\"nullable\":true,\"metadata\":{}},"
                + "{\"name\":\"acb\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}}]},\"nullable\":true,\"metadata\":{}}]},"
                + "\"nullable\":true,\"metadata\":{}},{\"name\":\"b\",\"type\":\"integer\",\"nullable\":true,\"metadata\":{}}]}");
    for (int i = 0; i < 10; i++) {
      Row ac =
          new Row(
              (StructType) ((StructType) schema.field(0).type()).field(2).type(),
              new Object[] {i, (long) i});
      Row a = new Row((StructType) schema.field(0).type(), new Object[] {"" + i, "" + i, ac});
      expected.add(new Row(schema, new Object[] {a, i}).toString());
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void int96TimestampsWrittenInPst() throws Exception {
    Map<Integer, Object> byId = new TreeMap<>();
    for (Row r : readTable("kernel-timestamp-PST")) {
      byId.put((Integer) r.get("id"), r.get("time"));
    }
    assertThat(byId)
        .containsEntry(0, Instant.parse("2020-02-01T16:09:10Z"))
        .containsEntry(1, Instant.parse("1999-01-01T17:00:00Z"))
        .containsEntry(2, Instant.parse("2000-01-01T17:00:00Z"))
        .containsEntry(3, Instant.parse("1969-01-01T08:00:00Z"))
        .containsEntry(4, null);
  }

  @Test
  void datesAndTimestampsInUtc() throws Exception {
    List<Row> rows = readTable("data-reader-date-types-UTC");
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get("timestamp")).isEqualTo(Instant.parse("2020-01-01T08:09:10Z"));
    assertThat(rows.get(0).get("date")).isEqualTo(LocalDate.of(2020, 1, 1));
  }
}
