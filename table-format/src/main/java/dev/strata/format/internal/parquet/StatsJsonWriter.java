package dev.strata.format.internal.parquet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.strata.format.types.ArrayType;
import dev.strata.format.types.DataType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.MapType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.api.Binary;

/**
 * Builds Delta's per-file statistics JSON from the column statistics Parquet collected while
 * writing (so the write loop pays nothing extra), plus the null counts of array and map columns,
 * which Parquet does not count per column.
 */
public final class StatsJsonWriter {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Timestamps in stats: ISO-8601, milliseconds, UTC. */
  public static final DateTimeFormatter TIMESTAMP_FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  /** timestamp_ntz in stats: ISO-8601 local date-time with milliseconds. */
  public static final DateTimeFormatter NTZ_FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final StructType schema;
  private final int numIndexedCols;
  private final int prefixLength;
  private int leavesLeft;

  public StatsJsonWriter(StructType schema, int numIndexedCols, int prefixLength) {
    this.schema = schema;
    this.numIndexedCols = numIndexedCols;
    this.prefixLength = prefixLength;
  }

  /**
   * The stats JSON of a written file.
   *
   * @param collectionNullCounts null counts of array/map columns by dotted physical path
   */
  public String toJson(
      ParquetMetadata footer, long numRecords, Map<String, Long> collectionNullCounts) {
    Map<ColumnPath, Statistics<?>> merged = new HashMap<>();
    Set<ColumnPath> unknown = new HashSet<>();
    for (BlockMetaData block : footer.getBlocks()) {
      for (ColumnChunkMetaData column : block.getColumns()) {
        Statistics<?> stats = column.getStatistics();
        ColumnPath path = column.getPath();
        if (stats == null || !stats.isNumNullsSet()) {
          unknown.add(path);
          continue;
        }
        Statistics<?> acc = merged.get(path);
        if (acc == null) {
          merged.put(path, stats.copy()); // a fresh Statistics starts at "unknown" null count
        } else {
          acc.mergeStatistics(stats);
        }
      }
    }
    unknown.forEach(merged::remove);
    ObjectNode root = MAPPER.createObjectNode();
    root.put("numRecords", numRecords);
    ObjectNode min = MAPPER.createObjectNode();
    ObjectNode max = MAPPER.createObjectNode();
    ObjectNode nulls = MAPPER.createObjectNode();
    leavesLeft = numIndexedCols < 0 ? Integer.MAX_VALUE : numIndexedCols;
    collect(schema, new ArrayList<>(), merged, numRecords, collectionNullCounts, min, max, nulls);
    root.set("minValues", min);
    root.set("maxValues", max);
    root.set("nullCount", nulls);
    return root.toString();
  }

  private void collect(
      StructType struct,
      List<String> prefix,
      Map<ColumnPath, Statistics<?>> stats,
      long numRecords,
      Map<String, Long> collectionNullCounts,
      ObjectNode min,
      ObjectNode max,
      ObjectNode nulls) {
    for (StructField field : struct.fields()) {
      if (leavesLeft <= 0) {
        return;
      }
      String name = ParquetSchemas.physicalName(field);
      List<String> path = new ArrayList<>(prefix);
      path.add(name);
      DataType type = field.type();
      if (type instanceof StructType child) {
        ObjectNode cmin = MAPPER.createObjectNode();
        ObjectNode cmax = MAPPER.createObjectNode();
        ObjectNode cnulls = MAPPER.createObjectNode();
        collect(child, path, stats, numRecords, collectionNullCounts, cmin, cmax, cnulls);
        if (!cmin.isEmpty()) {
          min.set(name, cmin);
        }
        if (!cmax.isEmpty()) {
          max.set(name, cmax);
        }
        if (!cnulls.isEmpty()) {
          nulls.set(name, cnulls);
        }
        continue;
      }
      leavesLeft--;
      if (type instanceof ArrayType || type instanceof MapType) {
        Long count = collectionNullCounts.get(String.join(".", path));
        if (count != null) {
          nulls.put(name, count);
        }
        continue;
      }
      Statistics<?> s = stats.get(ColumnPath.get(path.toArray(new String[0])));
      if (s == null || s.getNumNulls() < 0) {
        continue;
      }
      nulls.put(name, s.getNumNulls());
      if (!s.hasNonNullValue() || s.getNumNulls() >= numRecords || !eligible(type)) {
        continue;
      }
      putValue(min, name, type, s.genericGetMin(), false);
      putValue(max, name, type, s.genericGetMax(), true);
    }
  }

  private static boolean eligible(DataType type) {
    return type instanceof DecimalType
        || (type instanceof PrimitiveType p
            && p != PrimitiveType.BOOLEAN
            && p != PrimitiveType.BINARY
            && p != PrimitiveType.VOID);
  }

  private void putValue(ObjectNode node, String name, DataType type, Object value, boolean isMax) {
    if (type instanceof DecimalType d) {
      BigInteger unscaled =
          value instanceof Binary b
              ? new BigInteger(b.getBytes())
              : BigInteger.valueOf(((Number) value).longValue());
      node.putRawValue(name, new RawValue(new BigDecimal(unscaled, d.scale()).toPlainString()));
      return;
    }
    switch ((PrimitiveType) type) {
      case BYTE, SHORT, INTEGER -> node.put(name, ((Number) value).intValue());
      case LONG -> node.put(name, ((Number) value).longValue());
      case FLOAT -> {
        float f = ((Number) value).floatValue();
        if (Float.isFinite(f)) {
          node.put(name, f);
        }
      }
      case DOUBLE -> {
        double v = ((Number) value).doubleValue();
        if (Double.isFinite(v)) {
          node.put(name, v);
        }
      }
      case DATE -> node.put(name, LocalDate.ofEpochDay(((Number) value).intValue()).toString());
      case TIMESTAMP, TIMESTAMP_NTZ -> {
        long micros = ((Number) value).longValue();
        Instant instant = Instant.ofEpochMilli(Math.floorDiv(micros, 1000L));
        node.put(
            name,
            (type == PrimitiveType.TIMESTAMP ? TIMESTAMP_FORMAT : NTZ_FORMAT).format(instant));
      }
      case STRING -> {
        String s = ((Binary) value).toStringUsingUTF8();
        String out = isMax ? truncateMax(s, prefixLength) : truncateMin(s, prefixLength);
        if (out != null) {
          node.put(name, out);
        }
      }
      default -> {}
    }
  }

  /** The first {@code prefix} code points of a string: a lower bound of it. */
  public static String truncateMin(String s, int prefix) {
    if (s.codePointCount(0, s.length()) <= prefix) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, prefix));
  }

  /**
   * A string of at most about {@code 2 * prefix} code points that sorts at or above {@code s} (in
   * code point order, as Spark compares strings), or null when there is none.
   */
  public static String truncateMax(String s, int prefix) {
    int length = s.codePointCount(0, s.length());
    if (length <= prefix) {
      return s;
    }
    int index = s.offsetByCodePoints(0, prefix);
    for (int i = prefix; i < Math.min(length, 2 * prefix); i++) {
      int c = s.codePointAt(index);
      if (c < 0x7F) {
        return s.substring(0, index) + '\u007F';
      }
      if (c < Character.MAX_CODE_POINT) {
        return s.substring(0, index) + "\uDBFF\uDFFF";
      }
      index += Character.charCount(c);
    }
    return null;
  }
}
