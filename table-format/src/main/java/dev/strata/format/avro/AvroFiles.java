package dev.strata.format.avro;

import dev.strata.format.CloseableIterator;
import dev.strata.format.CorruptFileException;
import dev.strata.format.SchemaMismatchException;
import dev.strata.format.Storage;
import dev.strata.format.types.ArrayType;
import dev.strata.format.types.DataType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.MapType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ArrayVector;
import dev.strata.format.vector.BooleanVector;
import dev.strata.format.vector.BytesVector;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.format.vector.DecimalVector;
import dev.strata.format.vector.DoubleVector;
import dev.strata.format.vector.FloatVector;
import dev.strata.format.vector.IntVector;
import dev.strata.format.vector.LongVector;
import dev.strata.format.vector.MapVector;
import dev.strata.format.vector.StructVector;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.util.Utf8;

/** Reads Avro container files (an ingestion source) into column batches. */
public final class AvroFiles {
  private AvroFiles() {}

  /**
   * Opens an Avro container file. The batches' schema is {@link AvroSchemas#toStructType} of the
   * file's writer schema.
   *
   * @throws CorruptFileException when the file is not a readable Avro container file
   */
  public static CloseableIterator<ColumnBatch> read(Storage storage, String path) {
    return read(storage, path, ColumnBatch.DEFAULT_ROWS);
  }

  /** Like {@link #read(Storage, String)} with a batch size. */
  public static CloseableIterator<ColumnBatch> read(Storage storage, String path, int batchSize) {
    InputStream in = storage.open(path);
    DataFileStream<Object> stream;
    try {
      stream = new DataFileStream<>(in, new GenericDatumReader<>());
    } catch (IOException | AvroRuntimeException e) {
      closeQuietly(in);
      throw new CorruptFileException(
          path, "not an Avro container file (" + e.getMessage() + ")", e);
    }
    Schema avro = stream.getSchema();
    StructType schema;
    try {
      schema = AvroSchemas.toStructType(avro);
    } catch (SchemaMismatchException e) {
      closeQuietly(stream);
      throw new SchemaMismatchException("Cannot read " + path + ": " + e.getMessage());
    }
    return new BatchIterator(path, stream, avro, schema, batchSize);
  }

  /** The Strata schema of an Avro container file. */
  public static StructType schema(Storage storage, String path) {
    try (CloseableIterator<ColumnBatch> it = read(storage, path, 1)) {
      return ((BatchIterator) it).schema;
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // reading only
    }
  }

  private static final class BatchIterator implements CloseableIterator<ColumnBatch> {
    private final String path;
    private final DataFileStream<Object> stream;
    private final Schema avro;
    private final StructType schema;
    private final int batchSize;
    private Object reuse;
    private boolean closed;

    BatchIterator(
        String path, DataFileStream<Object> stream, Schema avro, StructType schema, int batchSize) {
      this.path = path;
      this.stream = stream;
      this.avro = avro;
      this.schema = schema;
      this.batchSize = batchSize;
    }

    @Override
    public boolean hasNext() {
      if (closed) {
        return false;
      }
      try {
        if (stream.hasNext()) {
          return true;
        }
      } catch (AvroRuntimeException e) {
        close();
        throw new CorruptFileException(path, e.getMessage(), e);
      }
      close();
      return false;
    }

    @Override
    public ColumnBatch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ColumnVector[] columns = new ColumnVector[schema.size()];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = ColumnVector.allocate(schema.field(i).type(), batchSize);
      }
      int n = 0;
      try {
        while (n < batchSize && stream.hasNext()) {
          reuse = stream.next(reuse);
          IndexedRecord record = (IndexedRecord) reuse;
          for (int i = 0; i < columns.length; i++) {
            Schema.Field field = avro.getFields().get(i);
            append(columns[i], schema.field(i).type(), field.schema(), record.get(i));
          }
          n++;
        }
      } catch (IOException | AvroRuntimeException e) {
        close();
        throw new CorruptFileException(
            path, "truncated or damaged Avro data (" + e.getMessage() + ")", e);
      }
      return new ColumnBatch(schema, columns, n);
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        closeQuietly(stream);
      }
    }
  }

  @SuppressWarnings("unchecked")
  static void append(ColumnVector out, DataType type, Schema schema, Object value) {
    if (value == null) {
      out.appendNull();
      return;
    }
    Schema s = schema.getType() == Schema.Type.UNION ? AvroSchemas.nonNull(schema, "") : schema;
    if (type instanceof DecimalType d) {
      LogicalTypes.Decimal logical = (LogicalTypes.Decimal) s.getLogicalType();
      byte[] bytes = value instanceof GenericFixed f ? f.bytes() : toArray((ByteBuffer) value);
      ((DecimalVector) out)
          .appendDecimal(new BigDecimal(new BigInteger(bytes), logical.getScale()));
      return;
    }
    if (type instanceof StructType struct) {
      IndexedRecord record = (IndexedRecord) value;
      StructVector sv = (StructVector) out;
      for (int i = 0; i < struct.size(); i++) {
        append(sv.child(i), struct.field(i).type(), s.getFields().get(i).schema(), record.get(i));
      }
      sv.endRow();
      return;
    }
    if (type instanceof ArrayType array) {
      ArrayVector av = (ArrayVector) out;
      for (Object element : (Collection<Object>) value) {
        append(av.elements(), array.elementType(), s.getElementType(), element);
      }
      av.endRow();
      return;
    }
    if (type instanceof MapType map) {
      MapVector mv = (MapVector) out;
      for (Map.Entry<Object, Object> e : ((Map<Object, Object>) value).entrySet()) {
        ((BytesVector) mv.keys()).appendString(e.getKey().toString());
        append(mv.values(), map.valueType(), s.getValueType(), e.getValue());
      }
      mv.endRow();
      return;
    }
    LogicalType logical = s.getLogicalType();
    switch ((PrimitiveType) type) {
      case BOOLEAN -> ((BooleanVector) out).appendBoolean((Boolean) value);
      case INTEGER, DATE, BYTE, SHORT -> ((IntVector) out).appendInt((Integer) value);
      case LONG -> ((LongVector) out).appendLong((Long) value);
      case TIMESTAMP, TIMESTAMP_NTZ -> {
        long v = (Long) value;
        if (logical instanceof LogicalTypes.TimestampMillis
            || logical instanceof LogicalTypes.LocalTimestampMillis) {
          v = Math.multiplyExact(v, 1000L);
        } else if (logical instanceof LogicalTypes.TimestampNanos
            || logical instanceof LogicalTypes.LocalTimestampNanos) {
          v = Math.floorDiv(v, 1000L);
        }
        ((LongVector) out).appendLong(v);
      }
      case FLOAT -> ((FloatVector) out).appendFloat((Float) value);
      case DOUBLE -> ((DoubleVector) out).appendDouble((Double) value);
      case STRING -> {
        BytesVector bv = (BytesVector) out;
        if (value instanceof Utf8 u) {
          bv.appendBytes(u.getBytes(), 0, u.getByteLength());
        } else {
          bv.appendBytes(value.toString().getBytes(StandardCharsets.UTF_8));
        }
      }
      case BINARY -> {
        BytesVector bv = (BytesVector) out;
        if (value instanceof GenericFixed f) {
          bv.appendBytes(f.bytes());
        } else {
          bv.appendBytes(((ByteBuffer) value).duplicate());
        }
      }
      case VOID -> out.appendNull();
    }
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
