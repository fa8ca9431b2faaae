package dev.strata.conformance;

import dev.strata.format.Row;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The Delta Kernel 4.4.0 output recorded in golden/ORACLE_OUTPUT.txt, and the same rendering of
 * Strata's values so rows compare as text.
 */
public final class OracleOutput {
  /** One table (or table@version) of the oracle output. */
  record Entry(String name, long version, int scanFiles, long rowCount, List<String> rows) {}

  private OracleOutput() {}

  static Map<String, Entry> load() throws Exception {
    List<String> lines = Files.readAllLines(Golden.root().resolve("ORACLE_OUTPUT.txt"));
    Map<String, Entry> result = new LinkedHashMap<>();
    String name = null;
    long version = -1;
    int scanFiles = -1;
    List<String> rows = null;
    long rowCount = -1;
    for (String line : lines) {
      if (line.startsWith("=== golden/")) {
        if (name != null && rows != null) {
          result.putIfAbsent(name, new Entry(name, version, scanFiles, rowCount, rows));
        }
        name = line.substring("=== golden/".length()).trim();
        version = -1;
        scanFiles = -1;
        rows = null;
        rowCount = -1;
      } else if (line.startsWith("version: ")) {
        version = Long.parseLong(line.substring("version: ".length()).trim());
      } else if (line.startsWith("scanFiles: ")) {
        scanFiles = Integer.parseInt(line.substring("scanFiles: ".length()).trim());
      } else if (line.startsWith("rowCount: ")) {
        rows = new ArrayList<>();
        rowCount = Long.parseLong(line.substring("rowCount: ".length()).trim());
      } else if (line.startsWith("  row: ") && rows != null) {
        rows.add(line.substring("  row: ".length()));
      }
    }
    if (name != null && rows != null) {
      result.putIfAbsent(name, new Entry(name, version, scanFiles, rowCount, rows));
    }
    return result;
  }

  public static String render(Row row) {
    StringJoiner j = new StringJoiner(", ", "(", ")");
    for (int i = 0; i < row.size(); i++) {
      j.add(value(row.get(i)));
    }
    return j.toString();
  }

  static String value(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      return "'" + s + "'";
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
    if (v instanceof Instant i) {
      return LocalDateTime.ofInstant(i, ZoneOffset.UTC) + "Z";
    }
    if (v instanceof LocalDate || v instanceof LocalDateTime) {
      return v.toString();
    }
    if (v instanceof Row r) {
      StringJoiner j = new StringJoiner(", ", "{", "}");
      for (int i = 0; i < r.size(); i++) {
        j.add(r.schema().field(i).name() + "=" + value(r.get(i)));
      }
      return j.toString();
    }
    if (v instanceof List<?> l) {
      StringJoiner j = new StringJoiner(", ", "[", "]");
      for (Object o : l) {
        j.add(value(o));
      }
      return j.toString();
    }
    if (v instanceof Map<?, ?> m) {
      StringJoiner j = new StringJoiner(", ", "{", "}");
      for (Map.Entry<?, ?> e : m.entrySet()) {
        j.add(value(e.getKey()) + "->" + value(e.getValue()));
      }
      return j.toString();
    }
    return v.toString();
  }
}
