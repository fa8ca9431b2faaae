package dev.strata.format.internal.parquet;

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
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes the rows of column batches through Parquet's {@link RecordConsumer}. Parquet counts one
 * "record" per {@link #write} call, so the record handed to the writer is a reusable cursor naming
 * a row of the current batch: no object is created per row or per value (strings go in as {@link
 * Binary} views of the batch's byte array).
 */
public final class BatchWriteSupport extends WriteSupport<BatchWriteSupport.Cursor> {
  /** The current batch and row; one instance is reused for every row. */
  public static final class Cursor {
    ColumnBatch batch;
    ColumnVector[] columns;
    int row;

    public void batch(ColumnBatch value) {
      this.batch = value;
      this.columns = value.columns();
    }

    public void row(int value) {
      this.row = value;
    }
  }

  private final MessageType parquetSchema;
  private final Map<String, String> extraMetadata;
  private final String[] names;
  private final ValueWriter[] writers;
  private RecordConsumer consumer;

  public BatchWriteSupport(StructType schema, Map<String, String> extraMetadata) {
    this.parquetSchema = ParquetSchemas.toParquet(schema);
    this.extraMetadata = new HashMap<>(extraMetadata);
    this.names = new String[schema.size()];
    this.writers = new ValueWriter[schema.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = ParquetSchemas.physicalName(schema.field(i));
      writers[i] = writerFor(schema.field(i).type());
    }
  }

  public MessageType parquetSchema() {
    return parquetSchema;
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(parquetSchema, extraMetadata);
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return new WriteContext(parquetSchema, extraMetadata);
  }

  @Override
  public String getName() {
    return "strata";
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  @Override
  public void write(Cursor cursor) {
    RecordConsumer rc = consumer;
    int row = cursor.row;
    ColumnVector[] columns = cursor.columns;
    rc.startMessage();
    for (int i = 0; i < writers.length; i++) {
      ColumnVector v = columns[i];
      if (!v.isNull(row)) {
        rc.startField(names[i], i);
        writers[i].write(rc, v, row);
        rc.endField(names[i], i);
      }
    }
    rc.endMessage();
  }

  /** Writes one non-null value of a vector. */
  abstract static class ValueWriter {
    abstract void write(RecordConsumer rc, ColumnVector v, int row);
  }

  static ValueWriter writerFor(DataType type) {
    if (type instanceof DecimalType d) {
      if (d.precision() <= 9) {
        return new ValueWriter() {
          @Override
          void write(RecordConsumer rc, ColumnVector v, int row) {
            rc.addInteger((int) ((DecimalVector) v).getUnscaledLong(row));
          }
        };
      }
      if (d.precision() <= 18) {
        return new ValueWriter() {
          @Override
          void write(RecordConsumer rc, ColumnVector v, int row) {
            rc.addLong(((DecimalVector) v).getUnscaledLong(row));
          }
        };
      }
      int width = ParquetSchemas.decimalBytes(d.precision());
      return new ValueWriter() {
        @Override
        void write(RecordConsumer rc, ColumnVector v, int row) {
          rc.addBinary(
              Binary.fromConstantByteArray(
                  fixedBytes(((DecimalVector) v).getUnscaled(row), width)));
        }
      };
    }
    if (type instanceof StructType struct) {
      String[] fieldNames = new String[struct.size()];
      ValueWriter[] children = new ValueWriter[struct.size()];
      for (int i = 0; i < children.length; i++) {
        fieldNames[i] = ParquetSchemas.physicalName(struct.field(i));
        children[i] = writerFor(struct.field(i).type());
      }
      return new ValueWriter() {
        @Override
        void write(RecordConsumer rc, ColumnVector v, int row) {
          StructVector s = (StructVector) v;
          rc.startGroup();
          for (int i = 0; i < children.length; i++) {
            ColumnVector child = s.child(i);
            if (!child.isNull(row)) {
              rc.startField(fieldNames[i], i);
              children[i].write(rc, child, row);
              rc.endField(fieldNames[i], i);
            }
          }
          rc.endGroup();
        }
      };
    }
    if (type instanceof ArrayType array) {
      ValueWriter element = writerFor(array.elementType());
      return new ValueWriter() {
        @Override
        void write(RecordConsumer rc, ColumnVector v, int row) {
          ArrayVector a = (ArrayVector) v;
          ColumnVector elements = a.elements();
          int start = a.offset(row);
          int end = start + a.length(row);
          rc.startGroup();
          if (end > start) {
            rc.startField("list", 0);
            for (int i = start; i < end; i++) {
              rc.startGroup();
              if (!elements.isNull(i)) {
                rc.startField("element", 0);
                element.write(rc, elements, i);
                rc.endField("element", 0);
              }
              rc.endGroup();
            }
            rc.endField("list", 0);
          }
          rc.endGroup();
        }
      };
    }
    if (type instanceof MapType map) {
      ValueWriter keyWriter = writerFor(map.keyType());
      ValueWriter valueWriter = writerFor(map.valueType());
      return new ValueWriter() {
        @Override
        void write(RecordConsumer rc, ColumnVector v, int row) {
          MapVector m = (MapVector) v;
          ColumnVector keys = m.keys();
          ColumnVector values = m.values();
          int start = m.offset(row);
          int end = start + m.length(row);
          rc.startGroup();
          if (end > start) {
            rc.startField("key_value", 0);
            for (int i = start; i < end; i++) {
              rc.startGroup();
              rc.startField("key", 0);
              keyWriter.write(rc, keys, i);
              rc.endField("key", 0);
              if (!values.isNull(i)) {
                rc.startField("value", 1);
                valueWriter.write(rc, values, i);
                rc.endField("value", 1);
              }
              rc.endGroup();
            }
            rc.endField("key_value", 0);
          }
          rc.endGroup();
        }
      };
    }
    return switch ((PrimitiveType) type) {
      case BOOLEAN ->
          new ValueWriter() {
            @Override
            void write(RecordConsumer rc, ColumnVector v, int row) {
              rc.addBoolean(((BooleanVector) v).getBoolean(row));
            }
          };
      case BYTE, SHORT, INTEGER, DATE ->
          new ValueWriter() {
            @Override
            void write(RecordConsumer rc, ColumnVector v, int row) {
              rc.addInteger(((IntVector) v).getInt(row));
            }
          };
      case LONG, TIMESTAMP, TIMESTAMP_NTZ ->
          new ValueWriter() {
            @Override
            void write(RecordConsumer rc, ColumnVector v, int row) {
              rc.addLong(((LongVector) v).getLong(row));
            }
          };
      case FLOAT ->
          new ValueWriter() {
            @Override
            void write(RecordConsumer rc, ColumnVector v, int row) {
              rc.addFloat(((FloatVector) v).getFloat(row));
            }
          };
      case DOUBLE ->
          new ValueWriter() {
            @Override
            void write(RecordConsumer rc, ColumnVector v, int row) {
              rc.addDouble(((DoubleVector) v).getDouble(row));
            }
          };
      case STRING, BINARY ->
          new ValueWriter() {
            @Override
            void write(RecordConsumer rc, ColumnVector v, int row) {
              BytesVector b = (BytesVector) v;
              // "reused": the batch's array may be refilled, so Parquet copies what it keeps
              rc.addBinary(Binary.fromReusedByteArray(b.data(), b.offset(row), b.length(row)));
            }
          };
      case VOID ->
          new ValueWriter() {
            @Override
            void write(RecordConsumer rc, ColumnVector v, int row) {
              throw new IllegalStateException("void values are always null");
            }
          };
    };
  }

  /** Big-endian two's complement of {@code unscaled}, sign-extended to {@code width} bytes. */
  static byte[] fixedBytes(BigInteger unscaled, int width) {
    byte[] bytes = unscaled.toByteArray();
    if (bytes.length == width) {
      return bytes;
    }
    if (bytes.length > width) {
      throw new ArithmeticException("Decimal " + unscaled + " needs more than " + width + " bytes");
    }
    byte[] out = new byte[width];
    byte pad = (byte) (unscaled.signum() < 0 ? -1 : 0);
    int padding = width - bytes.length;
    for (int i = 0; i < padding; i++) {
      out[i] = pad;
    }
    System.arraycopy(bytes, 0, out, padding, bytes.length);
    return out;
  }
}
