package dev.strata.conformance.spark;

import dev.strata.format.Row;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Strata's values in the canonical text form the Spark peer renders Spark's rows into (see
 * SparkPeerMain in the spark-peer module), so a table read by both compares as a multiset of
 * strings. Both renderers must change together.
 */
public final class Canonical {
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

  private Canonical() {}

  /** One row: {@code (v1, v2, ...)}. */
  public static String row(Row row) {
    StringJoiner j = new StringJoiner(", ", "(", ")");
    for (int i = 0; i < row.size(); i++) {
      j.add(value(row.get(i)));
    }
    return j.toString();
  }

  /** One value. */
  public static String value(Object v) {
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
      for (int i = 0; i < r.size(); i++) {
        j.add(r.schema().field(i).name() + "=" + value(r.get(i)));
      }
      return j.toString();
    }
    if (v instanceof Map<?, ?> m) {
      TreeMap<String, String> sorted = new TreeMap<>();
      m.forEach((k, val) -> sorted.put(value(k), value(val)));
      StringJoiner j = new StringJoiner(", ", "{", "}");
      sorted.forEach((k, val) -> j.add(k + "->" + val));
      return j.toString();
    }
    if (v instanceof List<?> l) {
      StringJoiner j = new StringJoiner(", ", "[", "]");
      for (Object o : l) {
        j.add(value(o));
      }
      return j.toString();
    }
    return v.toString();
  }
}
