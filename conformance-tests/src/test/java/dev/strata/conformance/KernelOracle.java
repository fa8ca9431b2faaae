package dev.strata.conformance;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Delta Kernel 4.4.0 reading a table: the independent implementation Strata's tables are checked
 * against. Values are converted to the same Java types Strata uses so rows compare as text.
 */
public final class KernelOracle {
  /** What Kernel sees. */
  public record Result(
      long version, List<String> partitionColumns, List<String> files, List<String> rows) {}

  private KernelOracle() {}

  static Engine engine() {
    Configuration conf = new Configuration();
    // Hadoop's checksumming local FS trips over stale .crc files; read the raw files.
    conf.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
    conf.set("fs.file.impl.disable.cache", "true");
    return DefaultEngine.create(conf);
  }

  public static Result read(String tablePath, Long version) throws Exception {
    Engine engine = engine();
    Table table = Table.forPath(engine, tablePath);
    Snapshot snapshot =
        version == null
            ? table.getLatestSnapshot(engine)
            : table.getSnapshotAsOfVersion(engine, version);
    Scan scan = snapshot.getScanBuilder().build();
    Row scanState = scan.getScanState(engine);
    StructType physicalSchema = ScanStateRow.getPhysicalDataReadSchema(scanState);
    List<String> files = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
      while (scanFiles.hasNext()) {
        try (CloseableIterator<Row> fileRows = scanFiles.next().getRows()) {
          while (fileRows.hasNext()) {
            Row scanFile = fileRows.next();
            FileStatus status = InternalScanFileUtils.getAddFileStatus(scanFile);
            files.add(status.getPath());
            CloseableIterator<ColumnarBatch> physical =
                engine
                    .getParquetHandler()
                    .readParquetFiles(
                        Utils.singletonCloseableIterator(status), physicalSchema, Optional.empty())
                    .map(FileReadResult::getData);
            try (CloseableIterator<FilteredColumnarBatch> logical =
                Scan.transformPhysicalData(engine, scanState, scanFile, physical)) {
              while (logical.hasNext()) {
                FilteredColumnarBatch batch = logical.next();
                ColumnarBatch data = batch.getData();
                Optional<ColumnVector> selection = batch.getSelectionVector();
                for (int r = 0; r < data.getSize(); r++) {
                  if (selection.isPresent()
                      && (selection.get().isNullAt(r) || !selection.get().getBoolean(r))) {
                    continue;
                  }
                  List<Object> values = new ArrayList<>();
                  for (int c = 0; c < data.getSchema().length(); c++) {
                    values.add(value(data.getColumnVector(c), r));
                  }
                  rows.add(render(values));
                }
              }
            }
          }
        }
      }
    }
    return new Result(snapshot.getVersion(), snapshot.getPartitionColumnNames(), files, rows);
  }

  private static String render(List<Object> values) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(OracleOutput.value(values.get(i)));
    }
    return sb.append(')').toString();
  }

  /** A Kernel value as the external Java value Strata uses for the same type. */
  static Object value(ColumnVector v, int row) {
    if (v.isNullAt(row)) {
      return null;
    }
    DataType t = v.getDataType();
    if (t instanceof BooleanType) {
      return v.getBoolean(row);
    } else if (t instanceof ByteType) {
      return v.getByte(row);
    } else if (t instanceof ShortType) {
      return v.getShort(row);
    } else if (t instanceof IntegerType) {
      return v.getInt(row);
    } else if (t instanceof LongType) {
      return v.getLong(row);
    } else if (t instanceof FloatType) {
      return v.getFloat(row);
    } else if (t instanceof DoubleType) {
      return v.getDouble(row);
    } else if (t instanceof StringType) {
      return v.getString(row);
    } else if (t instanceof BinaryType) {
      return v.getBinary(row);
    } else if (t instanceof DecimalType) {
      return v.getDecimal(row);
    } else if (t instanceof DateType) {
      return LocalDate.ofEpochDay(v.getInt(row));
    } else if (t instanceof TimestampType) {
      long micros = v.getLong(row);
      return Instant.ofEpochSecond(
          Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    } else if (t instanceof TimestampNTZType) {
      long micros = v.getLong(row);
      return LocalDateTime.ofEpochSecond(
          Math.floorDiv(micros, 1_000_000L),
          (int) Math.floorMod(micros, 1_000_000L) * 1000,
          ZoneOffset.UTC);
    } else if (t instanceof StructType s) {
      Object[] values = new Object[s.length()];
      List<dev.strata.format.types.StructField> fields = new ArrayList<>();
      for (int i = 0; i < s.length(); i++) {
        StructField f = s.at(i);
        values[i] = value(v.getChild(i), row);
        fields.add(
            dev.strata.format.types.StructField.of(
                f.getName(), dev.strata.format.types.PrimitiveType.STRING));
      }
      return new dev.strata.format.Row(new dev.strata.format.types.StructType(fields), values);
    } else if (t instanceof ArrayType) {
      ArrayValue a = v.getArray(row);
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < a.getSize(); i++) {
        list.add(value(a.getElements(), i));
      }
      return list;
    } else if (t instanceof MapType) {
      MapValue m = v.getMap(row);
      Map<Object, Object> map = new LinkedHashMap<>();
      for (int i = 0; i < m.getSize(); i++) {
        map.put(value(m.getKeys(), i), value(m.getValues(), i));
      }
      return map;
    }
    throw new IllegalArgumentException("Unhandled Kernel type " + t);
  }
}
