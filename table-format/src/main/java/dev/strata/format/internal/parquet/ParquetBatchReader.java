package dev.strata.format.internal.parquet;

import dev.strata.format.CloseableIterator;
import dev.strata.format.CorruptFileException;
import dev.strata.format.StorageException;
import dev.strata.format.StrataException;
import dev.strata.format.internal.hadoop.HadoopConfigurations;
import dev.strata.format.stats.ColumnRange;
import dev.strata.format.stats.StatsPredicate;
import dev.strata.format.types.DataType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.format.vector.LongVector;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;

/**
 * Reads a Parquet file into column batches: flat columns through {@link FlatColumnReader}, nested
 * columns through Parquet's record assembly into vectors, row groups skipped by statistics.
 */
public final class ParquetBatchReader implements CloseableIterator<ColumnBatch> {
  private final String path;
  private final StructType readSchema;
  private final StatsPredicate rowGroupFilter;
  private final int batchSize;
  private final ParquetFileReader reader;
  private final MessageType fileSchema;
  private final String createdBy;
  private final List<BlockMetaData> blocks;

  /** Per read field: a flat reader, a nested slot, or missing. */
  private final FlatColumnReader[] flat;

  private final org.apache.parquet.column.ColumnDescriptor[] flatColumns;

  private final int[] nestedSlot;
  private final MessageType nestedSchema;
  private final VectorConverters.FieldsConverter nestedRoot;
  private final StructType nestedReadType;
  private RecordReader<Object> nestedRecords;

  private int blockIndex = -1;
  private long leftInBlock;
  private boolean closed;

  public ParquetBatchReader(
      StorageInputFile file, StructType readSchema, StatsPredicate rowGroupFilter, int batchSize) {
    this.path = file.toString();
    this.readSchema = readSchema;
    this.rowGroupFilter = rowGroupFilter;
    this.batchSize = batchSize;
    this.reader = openReader(file);
    try {
      ParquetMetadata footer = reader.getFooter();
      this.fileSchema = footer.getFileMetaData().getSchema();
      this.createdBy = footer.getFileMetaData().getCreatedBy();
      this.blocks = footer.getBlocks();
      this.flat = new FlatColumnReader[readSchema.size()];
      this.flatColumns = new org.apache.parquet.column.ColumnDescriptor[readSchema.size()];
      this.nestedSlot = new int[readSchema.size()];
      List<Type> projected = new ArrayList<>();
      List<Type> nested = new ArrayList<>();
      List<StructField> nestedFields = new ArrayList<>();
      for (int r = 0; r < readSchema.size(); r++) {
        nestedSlot[r] = -1;
        StructField field = readSchema.field(r);
        int f = VectorConverters.matchField(fileSchema, field);
        if (f < 0) {
          continue;
        }
        Type fileField = fileSchema.getType(f);
        if (projected.contains(fileField)) {
          // the same file column read twice under two names: give the second its own copy
          throw new StrataException(
              "Column " + fileField.getName() + " of " + path + " is requested twice");
        }
        projected.add(fileField);
        if (fileField.isPrimitive() && !fileField.isRepetition(Repetition.REPEATED)) {
          flatColumns[r] = fileSchema.getColumnDescription(new String[] {fileField.getName()});
          flat[r] =
              new FlatColumnReader(
                  flatColumns[r],
                  (VectorConverters.Sink)
                      VectorConverters.primitive(
                          fileField.asPrimitiveType(), field.type(), field.name()));
        } else {
          nestedSlot[r] = nested.size();
          nested.add(fileField);
          nestedFields.add(field);
        }
      }
      reader.setRequestedSchema(new MessageType(fileSchema.getName(), projected));
      if (nested.isEmpty()) {
        nestedSchema = null;
        nestedRoot = null;
        nestedReadType = null;
      } else {
        nestedSchema = new MessageType(fileSchema.getName(), nested);
        nestedReadType = new StructType(nestedFields);
        nestedRoot = new VectorConverters.FieldsConverter(nestedSchema, nestedReadType, "");
      }
    } catch (dev.strata.format.SchemaMismatchException e) {
      closeQuietly();
      throw new dev.strata.format.SchemaMismatchException(
          "Cannot read " + path + ": " + e.getMessage());
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
  }

  private ParquetFileReader openReader(StorageInputFile file) {
    try {
      ParquetReadOptions options = HadoopReadOptions.builder(HadoopConfigurations.shared()).build();
      return ParquetFileReader.open(file, options);
    } catch (StorageException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new CorruptFileException(
          path, "not a readable Parquet file (" + e.getMessage() + ")", e);
    }
  }

  /** The file's own schema. */
  public MessageType fileSchema() {
    return fileSchema;
  }

  @Override
  public boolean hasNext() {
    if (closed) {
      return false;
    }
    while (leftInBlock == 0) {
      if (!advanceBlock()) {
        close();
        return false;
      }
    }
    return true;
  }

  private boolean advanceBlock() {
    try {
      while (blockIndex + 1 < blocks.size()) {
        blockIndex++;
        BlockMetaData block = blocks.get(blockIndex);
        if (block.getRowCount() == 0) {
          reader.skipNextRowGroup();
          continue;
        }
        if (rowGroupFilter != null && !rowGroupFilter.mightMatch(rangesOf(block))) {
          reader.skipNextRowGroup();
          continue;
        }
        PageReadStore store = reader.readNextRowGroup();
        if (store == null) {
          throw new CorruptFileException(path, "row group " + blockIndex + " is missing", null);
        }
        for (int r = 0; r < flat.length; r++) {
          if (flat[r] != null) {
            flat[r].reset(
                store.getPageReader(
                    fileSchema.getColumnDescription(
                        new String[] {
                          fileSchema
                              .getType(VectorConverters.matchField(fileSchema, readSchema.field(r)))
                              .getName()
                        })));
          }
        }
        if (nestedSchema != null) {
          MessageColumnIO io =
              new ColumnIOFactory(createdBy, false).getColumnIO(nestedSchema, fileSchema, true);
          nestedRecords =
              io.getRecordReader(
                  store,
                  new RecordMaterializer<Object>() {
                    @Override
                    public Object getCurrentRecord() {
                      return null;
                    }

                    @Override
                    public GroupConverter getRootConverter() {
                      return nestedRoot;
                    }
                  },
                  FilterCompat.NOOP);
        }
        leftInBlock = block.getRowCount();
        return true;
      }
      return false;
    } catch (IOException | RuntimeException e) {
      throw failure(e);
    }
  }

  @Override
  public ColumnBatch next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    int n = (int) Math.min(batchSize, leftInBlock);
    try {
      ColumnVector[] columns = new ColumnVector[readSchema.size()];
      ColumnVector[] nestedVectors = null;
      if (nestedRoot != null) {
        nestedVectors = new ColumnVector[nestedReadType.size()];
        for (int i = 0; i < nestedVectors.length; i++) {
          nestedVectors[i] = ColumnVector.allocate(nestedReadType.field(i).type(), n);
        }
        nestedRoot.bindFields(nestedVectors);
        for (int i = 0; i < n; i++) {
          nestedRecords.read();
        }
      }
      for (int r = 0; r < columns.length; r++) {
        DataType type = readSchema.field(r).type();
        if (flat[r] != null) {
          columns[r] = ColumnVector.allocate(type, n);
          flat[r].read(columns[r], n);
        } else if (nestedSlot[r] >= 0) {
          columns[r] = nestedVectors[nestedSlot[r]];
        } else {
          columns[r] = ColumnVector.allocate(type, n);
          for (int i = 0; i < n; i++) {
            columns[r].appendNull();
          }
        }
      }
      leftInBlock -= n;
      return new ColumnBatch(readSchema, columns, n);
    } catch (RuntimeException e) {
      throw failure(e);
    }
  }

  private RuntimeException failure(Exception e) {
    closeQuietly();
    if (e instanceof StrataException se) {
      return se;
    }
    return new CorruptFileException(
        path, "cannot decode row group " + blockIndex + " (" + e.getMessage() + ")", e);
  }

  @Override
  public void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      reader.close();
    } catch (IOException | RuntimeException ignored) {
      // nothing to recover on a read-only file
    }
  }

  // ---------------------------------------------------------------------------------------------
  // row group statistics

  private java.util.function.Function<String, ColumnRange> rangesOf(BlockMetaData block) {
    Map<ColumnPath, ColumnChunkMetaData> byPath = new HashMap<>();
    for (ColumnChunkMetaData column : block.getColumns()) {
      byPath.put(column.getPath(), column);
    }
    long rows = block.getRowCount();
    return name -> {
      List<String> filePath = new ArrayList<>();
      DataType type = resolve(readSchema, fileSchema, name, filePath);
      if (type == null) {
        // a column the file lacks is all null here
        return readSchema.contains(name) ? new ColumnRange(null, null, rows, rows) : null;
      }
      ColumnChunkMetaData chunk = byPath.get(ColumnPath.get(filePath.toArray(new String[0])));
      if (chunk == null) {
        return null;
      }
      return toRange(chunk, type, rows);
    };
  }

  /** Follows a dotted logical name through the read schema to the file's leaf column path. */
  private static DataType resolve(
      StructType read, GroupType file, String dotted, List<String> filePath) {
    StructType struct = read;
    GroupType group = file;
    String rest = dotted;
    while (true) {
      StructField field = null;
      String remainder = null;
      // longest prefix that names a field, so names containing dots still resolve
      for (StructField candidate : struct.fields()) {
        String n = candidate.name();
        if (rest.equals(n) || rest.equalsIgnoreCase(n)) {
          field = candidate;
          remainder = null;
          break;
        }
        if (rest.startsWith(n + ".") && (field == null || n.length() > field.name().length())) {
          field = candidate;
          remainder = rest.substring(n.length() + 1);
        }
      }
      if (field == null) {
        return null;
      }
      int f = VectorConverters.matchField(group, field);
      if (f < 0) {
        return null;
      }
      Type fileField = group.getType(f);
      filePath.add(fileField.getName());
      if (remainder == null) {
        return fileField.isPrimitive() && !fileField.isRepetition(Repetition.REPEATED)
            ? field.type()
            : null;
      }
      if (!(field.type() instanceof StructType child) || fileField.isPrimitive()) {
        return null;
      }
      struct = child;
      group = fileField.asGroupType();
      rest = remainder;
    }
  }

  static ColumnRange toRange(ColumnChunkMetaData chunk, DataType type, long rows) {
    Statistics<?> stats = chunk.getStatistics();
    if (stats == null || stats.isEmpty()) {
      return null;
    }
    long nulls = stats.isNumNullsSet() ? stats.getNumNulls() : -1;
    Object min = null;
    Object max = null;
    if (stats.hasNonNullValue()) {
      org.apache.parquet.schema.PrimitiveType p = chunk.getPrimitiveType();
      min = external(type, p, stats.genericGetMin());
      max = external(type, p, stats.genericGetMax());
      if (min == null || max == null) {
        min = null;
        max = null;
      }
    }
    return new ColumnRange(min, max, nulls, rows);
  }

  private static Object external(
      DataType type, org.apache.parquet.schema.PrimitiveType p, Object value) {
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    if (type instanceof DecimalType d) {
      if (!(a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation fd)) {
        return null;
      }
      BigInteger unscaled =
          value instanceof Binary b
              ? new BigInteger(b.getBytes())
              : BigInteger.valueOf(((Number) value).longValue());
      return new BigDecimal(unscaled, fd.getScale());
    }
    if (!(type instanceof PrimitiveType prim)) {
      return null;
    }
    return switch (prim) {
      case BOOLEAN -> value instanceof Boolean ? value : null;
      case BYTE -> value instanceof Integer i ? (Object) i.byteValue() : null;
      case SHORT -> value instanceof Integer i ? (Object) i.shortValue() : null;
      case INTEGER -> value instanceof Integer ? value : null;
      case LONG -> value instanceof Number n ? (Object) n.longValue() : null;
      case FLOAT -> value instanceof Float f && !f.isNaN() ? value : null;
      case DOUBLE ->
          value instanceof Number n && !Double.isNaN(n.doubleValue())
              ? (Object) n.doubleValue()
              : null;
      case DATE -> value instanceof Integer i ? LocalDate.ofEpochDay(i) : null;
      case TIMESTAMP, TIMESTAMP_NTZ -> {
        if (!(value instanceof Long l)
            || !(a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation t)) {
          yield null; // INT96 statistics are not ordered meaningfully
        }
        long micros =
            switch (t.getUnit()) {
              case MILLIS -> l * 1000;
              case MICROS -> l;
              case NANOS -> Math.floorDiv(l, 1000L);
            };
        yield prim == PrimitiveType.TIMESTAMP
            ? LongVector.toInstant(micros)
            : LocalDateTime.ofInstant(LongVector.toInstant(micros), ZoneOffset.UTC);
      }
      case STRING ->
          value instanceof Binary b
                  && a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
              ? b.toStringUsingUTF8()
              : null;
      case BINARY, VOID -> null;
    };
  }
}
