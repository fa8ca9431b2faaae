package dev.strata.engine.internal.spill;

import dev.strata.format.Row;
import dev.strata.format.types.ArrayType;
import dev.strata.format.types.DataType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.MapType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.BooleanVector;
import dev.strata.format.vector.BytesVector;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.format.vector.DoubleVector;
import dev.strata.format.vector.FloatVector;
import dev.strata.format.vector.IntVector;
import dev.strata.format.vector.LongVector;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Our own columnar encoding of column batches for spill files and disk blocks: per batch the row
 * count, then per column a null bitmap (when it has nulls) and the values as a flat array
 * (fixed-width types copied in bulk, strings as lengths + bytes). Nested types fall back to a
 * recursive value encoding. No compression. Measured on 2,000,000 rows (three numeric columns and a
 * string, one JVM, 2 busy cores): this encoding wrote in 0.27-0.37 s, 84 MB; Parquet with snappy
 * through {@code ParquetDataWriter} wrote in 0.45-2.6 s (JIT warm-up), 33 MB. Spill files and disk
 * blocks are local, short-lived and read back once or a few times, so write and read speed matter
 * more than their size.
 */
public final class BatchCodec {
  private static final int MAGIC = 0x53545242; // "STRB"

  private BatchCodec() {}

  public static void write(DataOutputStream out, ColumnBatch batch) throws IOException {
    int n = batch.numRows();
    out.writeInt(MAGIC);
    out.writeInt(n);
    for (int c = 0; c < batch.numColumns(); c++) {
      writeColumn(out, batch.column(c), batch.schema().field(c).type(), n);
    }
  }

  /** The next batch, or null at the end of the stream. */
  public static ColumnBatch read(DataInputStream in, StructType schema) throws IOException {
    int magic;
    try {
      magic = in.readInt();
    } catch (EOFException e) {
      return null;
    }
    if (magic != MAGIC) {
      throw new IOException("Corrupt spill block (bad magic " + Integer.toHexString(magic) + ")");
    }
    int n = in.readInt();
    ColumnVector[] cols = new ColumnVector[schema.size()];
    for (int c = 0; c < cols.length; c++) {
      cols[c] = readColumn(in, schema.field(c).type(), n);
    }
    return new ColumnBatch(schema, cols, n);
  }

  private static void writeColumn(DataOutputStream out, ColumnVector v, DataType t, int n)
      throws IOException {
    boolean nulls = v.mayHaveNulls() && v.nullCount() > 0;
    out.writeBoolean(nulls);
    if (nulls) {
      byte[] bits = new byte[(n + 7) >>> 3];
      for (int i = 0; i < n; i++) {
        if (v.isNull(i)) {
          bits[i >>> 3] |= (byte) (1 << (i & 7));
        }
      }
      out.write(bits);
    }
    if (v instanceof LongVector lv) {
      ByteBuffer bb = ByteBuffer.allocate(n * 8);
      bb.asLongBuffer().put(lv.values(), 0, n);
      out.write(bb.array());
    } else if (v instanceof IntVector iv) {
      ByteBuffer bb = ByteBuffer.allocate(n * 4);
      bb.asIntBuffer().put(iv.values(), 0, n);
      out.write(bb.array());
    } else if (v instanceof DoubleVector dv) {
      ByteBuffer bb = ByteBuffer.allocate(n * 8);
      bb.asDoubleBuffer().put(dv.values(), 0, n);
      out.write(bb.array());
    } else if (v instanceof FloatVector fv) {
      ByteBuffer bb = ByteBuffer.allocate(n * 4);
      bb.asFloatBuffer().put(fv.values(), 0, n);
      out.write(bb.array());
    } else if (v instanceof BooleanVector bv) {
      boolean[] vals = bv.values();
      byte[] b = new byte[n];
      for (int i = 0; i < n; i++) {
        b[i] = (byte) (vals[i] ? 1 : 0);
      }
      out.write(b);
    } else if (v instanceof BytesVector sv) {
      ByteBuffer bb = ByteBuffer.allocate(n * 4);
      int total = 0;
      for (int i = 0; i < n; i++) {
        int len = v.isNull(i) ? 0 : sv.length(i);
        bb.putInt(len);
        total += len;
      }
      out.write(bb.array());
      out.writeInt(total);
      for (int i = 0; i < n; i++) {
        if (!v.isNull(i)) {
          out.write(sv.data(), sv.offset(i), sv.length(i));
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        if (!v.isNull(i)) {
          writeValue(out, t, v.get(i));
        }
      }
    }
  }

  private static ColumnVector readColumn(DataInputStream in, DataType t, int n) throws IOException {
    boolean[] isNull = null;
    if (in.readBoolean()) {
      byte[] bits = new byte[(n + 7) >>> 3];
      in.readFully(bits);
      isNull = new boolean[n];
      for (int i = 0; i < n; i++) {
        isNull[i] = (bits[i >>> 3] & (1 << (i & 7))) != 0;
      }
    }
    ColumnVector v = ColumnVector.allocate(t, Math.max(1, n));
    if (v instanceof LongVector lv) {
      byte[] b = new byte[n * 8];
      in.readFully(b);
      java.nio.LongBuffer lb = ByteBuffer.wrap(b).asLongBuffer();
      for (int i = 0; i < n; i++) {
        long x = lb.get(i);
        if (isNull != null && isNull[i]) {
          lv.appendNull();
        } else {
          lv.appendLong(x);
        }
      }
    } else if (v instanceof IntVector iv) {
      byte[] b = new byte[n * 4];
      in.readFully(b);
      java.nio.IntBuffer ib = ByteBuffer.wrap(b).asIntBuffer();
      for (int i = 0; i < n; i++) {
        int x = ib.get(i);
        if (isNull != null && isNull[i]) {
          iv.appendNull();
        } else {
          iv.appendInt(x);
        }
      }
    } else if (v instanceof DoubleVector dv) {
      byte[] b = new byte[n * 8];
      in.readFully(b);
      java.nio.DoubleBuffer db = ByteBuffer.wrap(b).asDoubleBuffer();
      for (int i = 0; i < n; i++) {
        double x = db.get(i);
        if (isNull != null && isNull[i]) {
          dv.appendNull();
        } else {
          dv.appendDouble(x);
        }
      }
    } else if (v instanceof FloatVector fv) {
      byte[] b = new byte[n * 4];
      in.readFully(b);
      java.nio.FloatBuffer fb = ByteBuffer.wrap(b).asFloatBuffer();
      for (int i = 0; i < n; i++) {
        float x = fb.get(i);
        if (isNull != null && isNull[i]) {
          fv.appendNull();
        } else {
          fv.appendFloat(x);
        }
      }
    } else if (v instanceof BooleanVector bv) {
      byte[] b = new byte[n];
      in.readFully(b);
      for (int i = 0; i < n; i++) {
        if (isNull != null && isNull[i]) {
          bv.appendNull();
        } else {
          bv.appendBoolean(b[i] != 0);
        }
      }
    } else if (v instanceof BytesVector sv) {
      byte[] lens = new byte[n * 4];
      in.readFully(lens);
      java.nio.IntBuffer lb = ByteBuffer.wrap(lens).asIntBuffer();
      int total = in.readInt();
      byte[] data = new byte[total];
      in.readFully(data);
      int at = 0;
      for (int i = 0; i < n; i++) {
        if (isNull != null && isNull[i]) {
          sv.appendNull();
        } else {
          int len = lb.get(i);
          sv.appendBytes(data, at, len);
          at += len;
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        if (isNull != null && isNull[i]) {
          v.appendNull();
        } else {
          v.append(readValue(in, t));
        }
      }
    }
    return v;
  }

  // ---------------------------------------------------------------- nested values

  private static void writeValue(DataOutputStream out, DataType t, Object o) throws IOException {
    out.writeBoolean(o == null);
    if (o == null) {
      return;
    }
    if (t instanceof StructType st) {
      Row r = (Row) o;
      for (int i = 0; i < st.size(); i++) {
        writeValue(out, st.field(i).type(), r.get(i));
      }
    } else if (t instanceof ArrayType at) {
      List<?> l = (List<?>) o;
      out.writeInt(l.size());
      for (Object e : l) {
        writeValue(out, at.elementType(), e);
      }
    } else if (t instanceof MapType mt) {
      Map<?, ?> m = (Map<?, ?>) o;
      out.writeInt(m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        writeValue(out, mt.keyType(), e.getKey());
        writeValue(out, mt.valueType(), e.getValue());
      }
    } else if (t instanceof DecimalType) {
      BigDecimal d = (BigDecimal) o;
      out.writeInt(d.scale());
      byte[] b = d.unscaledValue().toByteArray();
      out.writeInt(b.length);
      out.write(b);
    } else {
      switch ((PrimitiveType) t) {
        case BOOLEAN -> out.writeBoolean((Boolean) o);
        case BYTE -> out.writeByte((Byte) o);
        case SHORT -> out.writeShort((Short) o);
        case INTEGER -> out.writeInt((Integer) o);
        case LONG -> out.writeLong((Long) o);
        case FLOAT -> out.writeFloat((Float) o);
        case DOUBLE -> out.writeDouble((Double) o);
        case STRING ->
            writeBytes(out, ((String) o).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        case BINARY -> writeBytes(out, (byte[]) o);
        case DATE -> out.writeLong(((LocalDate) o).toEpochDay());
        case TIMESTAMP -> out.writeLong(LongVector.toMicros((Instant) o));
        case TIMESTAMP_NTZ ->
            out.writeLong(LongVector.toMicros(((LocalDateTime) o).toInstant(ZoneOffset.UTC)));
        case VOID -> {}
      }
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return b;
  }

  private static Object readValue(DataInputStream in, DataType t) throws IOException {
    if (in.readBoolean()) {
      return null;
    }
    if (t instanceof StructType st) {
      Object[] vals = new Object[st.size()];
      for (int i = 0; i < vals.length; i++) {
        vals[i] = readValue(in, st.field(i).type());
      }
      return new Row(st, vals);
    } else if (t instanceof ArrayType at) {
      int n = in.readInt();
      List<Object> l = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        l.add(readValue(in, at.elementType()));
      }
      return l;
    } else if (t instanceof MapType mt) {
      int n = in.readInt();
      Map<Object, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        Object k = readValue(in, mt.keyType());
        m.put(k, readValue(in, mt.valueType()));
      }
      return m;
    } else if (t instanceof DecimalType) {
      int scale = in.readInt();
      return new BigDecimal(new BigInteger(readBytes(in)), scale);
    }
    return switch ((PrimitiveType) t) {
      case BOOLEAN -> in.readBoolean();
      case BYTE -> in.readByte();
      case SHORT -> in.readShort();
      case INTEGER -> in.readInt();
      case LONG -> in.readLong();
      case FLOAT -> in.readFloat();
      case DOUBLE -> in.readDouble();
      case STRING -> new String(readBytes(in), java.nio.charset.StandardCharsets.UTF_8);
      case BINARY -> readBytes(in);
      case DATE -> LocalDate.ofEpochDay(in.readLong());
      case TIMESTAMP -> LongVector.toInstant(in.readLong());
      case TIMESTAMP_NTZ ->
          LocalDateTime.ofInstant(LongVector.toInstant(in.readLong()), ZoneOffset.UTC);
      case VOID -> null;
    };
  }

  static List<StructField> fields(StructType s) {
    return s.fields();
  }
}
