package dev.strata.engine.internal.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.engine.internal.exec.Source;
import dev.strata.engine.internal.exec.TaskContextImpl;
import dev.strata.engine.internal.expr.Casts;
import dev.strata.engine.internal.expr.Expr;
import dev.strata.engine.internal.expr.Types;
import dev.strata.format.FileStatus;
import dev.strata.format.StrataException;
import dev.strata.format.types.DataType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/** JSON lines: one object per line; fields matched by name. */
public final class JsonSource implements Source {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final List<String> paths;
  private final long maxPartitionBytes;
  private final int parallelism;
  private final String mode;
  private List<FileStatus> files;
  private StructType schema;

  public JsonSource(
      List<String> paths,
      StructType schema,
      Map<String, String> options,
      long maxPartitionBytes,
      int parallelism) {
    this.paths = paths;
    this.schema = schema;
    this.maxPartitionBytes = maxPartitionBytes;
    this.parallelism = parallelism;
    this.mode = options.getOrDefault("mode", "FAILFAST").toUpperCase(Locale.ROOT);
  }

  private synchronized List<FileStatus> files() {
    if (files == null) {
      files = FileSplits.listFiles(paths);
    }
    return files;
  }

  @Override
  public synchronized StructType schema() {
    if (schema == null) {
      schema = infer();
    }
    return schema;
  }

  private StructType infer() {
    Map<String, DataType> types = new LinkedHashMap<>();
    int seen = 0;
    for (FileStatus f : files()) {
      FileSplits.Chunk c =
          FileSplits.readLines(new FileSplits.Split(f.path(), 0, f.size(), f.size()));
      String[] lines =
          new String(c.data(), c.begin(), c.end() - c.begin(), StandardCharsets.UTF_8).split("\n");
      for (String line : lines) {
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode n = MAPPER.readTree(line);
          n.fields()
              .forEachRemaining(
                  e -> {
                    DataType t = typeOf(e.getValue());
                    DataType old = types.get(e.getKey());
                    DataType w = old == null ? t : Types.wider(old, t);
                    types.put(e.getKey(), w == null ? PrimitiveType.STRING : w);
                  });
        } catch (Exception e) {
          // malformed lines do not shape the schema
        }
        if (++seen >= 10000) {
          break;
        }
      }
      if (seen >= 10000) {
        break;
      }
    }
    List<StructField> fields = new ArrayList<>();
    types.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                fields.add(
                    StructField.of(
                        e.getKey(),
                        e.getValue() == PrimitiveType.VOID ? PrimitiveType.STRING : e.getValue())));
    return new StructType(fields);
  }

  private static DataType typeOf(JsonNode v) {
    if (v.isNull()) {
      return PrimitiveType.VOID;
    }
    if (v.isBoolean()) {
      return PrimitiveType.BOOLEAN;
    }
    if (v.isIntegralNumber()) {
      return PrimitiveType.LONG;
    }
    if (v.isNumber()) {
      return PrimitiveType.DOUBLE;
    }
    return PrimitiveType.STRING;
  }

  @Override
  public long estimatedBytes() {
    long t = 0;
    for (FileStatus f : files()) {
      t += f.size();
    }
    return t;
  }

  @Override
  public String describe() {
    return "json " + String.join(", ", paths);
  }

  @Override
  public Scan plan(List<String> columns, List<Expr> filters) {
    StructType out = schema().select(columns);
    List<FileSplits.Split> splits = FileSplits.split(files(), maxPartitionBytes, parallelism);
    return new Scan() {
      public int numPartitions() {
        return splits.size();
      }

      public Iterator<ColumnBatch> read(int partition, TaskContextImpl ctx) {
        FileSplits.Split split = splits.get(partition);
        return new Iterator<>() {
          FileSplits.Chunk chunk;
          int pos;
          ColumnBatch next;

          public boolean hasNext() {
            if (chunk == null) {
              chunk = FileSplits.readLines(split);
              pos = chunk.begin();
              ctx.metrics().inputBytes += split.end() - split.start();
            }
            if (next == null) {
              next = batch();
            }
            return next != null;
          }

          public ColumnBatch next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            ColumnBatch b = next;
            next = null;
            return b;
          }

          private ColumnBatch batch() {
            byte[] buf = chunk.data();
            int end = chunk.end();
            ColumnVector[] cols = new ColumnVector[out.size()];
            for (int c = 0; c < cols.length; c++) {
              cols[c] = ColumnVector.allocate(out.field(c).type(), ColumnBatch.DEFAULT_ROWS);
            }
            int rows = 0;
            while (rows < ColumnBatch.DEFAULT_ROWS && pos < end) {
              int s = pos;
              while (pos < end && buf[pos] != '\n') {
                pos++;
              }
              int e = pos;
              pos++;
              String line = new String(buf, s, e - s, StandardCharsets.UTF_8).trim();
              if (line.isEmpty()) {
                continue;
              }
              JsonNode node;
              try {
                node = MAPPER.readTree(line);
                if (!node.isObject()) {
                  throw new IllegalArgumentException("not an object");
                }
              } catch (Exception ex) {
                if (mode.equals("FAILFAST")) {
                  long lineNo = FileSplits.lineNumber(split.path(), chunk.base() + s);
                  throw new StrataException(
                      "Malformed JSON record in "
                          + split.path()
                          + " at line "
                          + lineNo
                          + ": "
                          + line.substring(0, Math.min(200, line.length()))
                          + ". Read with option mode=PERMISSIVE or DROPMALFORMED to continue.");
                }
                if (mode.equals("DROPMALFORMED")) {
                  continue;
                }
                for (ColumnVector c : cols) {
                  c.appendNull();
                }
                rows++;
                continue;
              }
              for (int c = 0; c < cols.length; c++) {
                JsonNode v = node.get(out.field(c).name());
                cols[c].append(v == null || v.isNull() ? null : convert(v, out.field(c).type()));
              }
              rows++;
            }
            if (rows == 0) {
              return null;
            }
            ctx.metrics().inputRows += rows;
            return new ColumnBatch(out, cols, rows);
          }
        };
      }
    };
  }

  private static Object convert(JsonNode v, DataType t) {
    Object raw;
    DataType from;
    if (v.isBoolean()) {
      raw = v.booleanValue();
      from = PrimitiveType.BOOLEAN;
    } else if (v.isIntegralNumber()) {
      raw =
          v.bigIntegerValue().bitLength() < 64
              ? (Object) v.longValue()
              : new java.math.BigDecimal(v.bigIntegerValue());
      from =
          raw instanceof Long ? PrimitiveType.LONG : new dev.strata.format.types.DecimalType(38, 0);
    } else if (v.isNumber()) {
      if (t instanceof dev.strata.format.types.DecimalType) {
        raw = v.decimalValue();
        from = Types.literalType(raw);
      } else {
        raw = v.doubleValue();
        from = PrimitiveType.DOUBLE;
      }
    } else if (v.isTextual()) {
      raw = v.textValue();
      from = PrimitiveType.STRING;
    } else {
      raw = v.toString();
      from = PrimitiveType.STRING;
    }
    return Casts.castValue(raw, from, t);
  }
}
