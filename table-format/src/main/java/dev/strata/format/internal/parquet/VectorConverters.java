package dev.strata.format.internal.parquet;

import dev.strata.format.SchemaMismatchException;
import dev.strata.format.types.ArrayType;
import dev.strata.format.types.DataType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.MapType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ArrayVector;
import dev.strata.format.vector.BooleanVector;
import dev.strata.format.vector.BytesVector;
import dev.strata.format.vector.ColumnVector;
import dev.strata.format.vector.DecimalVector;
import dev.strata.format.vector.DoubleVector;
import dev.strata.format.vector.FloatVector;
import dev.strata.format.vector.IntVector;
import dev.strata.format.vector.LongVector;
import dev.strata.format.vector.MapVector;
import dev.strata.format.vector.StructVector;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;

/**
 * Parquet converters that append straight into column vectors. The flat-column reader calls the
 * primitive ones in its decode loop; nested columns go through Parquet's record assembly with the
 * group ones. Either way no object is created per row.
 */
public final class VectorConverters {
  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final int JULIAN_EPOCH_DAY = 2_440_588;

  private VectorConverters() {}

  /** A converter that writes into a vector chosen per batch. */
  public interface Bindable {
    void bind(ColumnVector vector);
  }

  /**
   * Matches a read field to a file field: by field id when both have one, else by physical name,
   * else by exact name, else case-insensitively. Returns -1 when the file lacks the field.
   */
  public static int matchField(GroupType file, StructField read) {
    Integer id = ParquetSchemas.fieldId(read);
    List<Type> fields = file.getFields();
    if (id != null) {
      for (int i = 0; i < fields.size(); i++) {
        Type.ID fid = fields.get(i).getId();
        if (fid != null && fid.intValue() == id) {
          return i;
        }
      }
    }
    String physical = ParquetSchemas.physicalName(read);
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).getName().equals(physical)) {
        return i;
      }
    }
    if (!physical.equals(read.name())) {
      return -1; // under column mapping a logical-name match would be a different column
    }
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).getName().equalsIgnoreCase(physical)) {
        return i;
      }
    }
    return -1;
  }

  /** The converter for a file field (its repetition ignored) read as {@code readType}. */
  public static Converter forType(Type file, DataType readType, String path) {
    if (file.isPrimitive()) {
      return primitive(file.asPrimitiveType(), readType, path);
    }
    GroupType group = file.asGroupType();
    LogicalTypeAnnotation annotation = group.getLogicalTypeAnnotation();
    if (readType instanceof ArrayType array
        && annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
      return new ListConverter(group, array, path);
    }
    if (readType instanceof MapType map
        && (annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
            || annotation instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation)) {
      return new MapConverter(group, map, path);
    }
    if (readType instanceof StructType struct) {
      return new StructConverter(group, struct, path);
    }
    throw mismatch(path, readType, file);
  }

  static SchemaMismatchException mismatch(String path, DataType readType, Type file) {
    return new SchemaMismatchException(
        "Column "
            + path
            + " is "
            + readType.simpleString()
            + " in the table but "
            + file.toString().trim()
            + " in the file");
  }

  /** Every converter here is bindable; a cast in one place. */
  static Bindable bindable(Converter c) {
    return (Bindable) c;
  }

  // ---------------------------------------------------------------------------------------------
  // primitives

  static PrimitiveConverter primitive(
      org.apache.parquet.schema.PrimitiveType file, DataType readType, String path) {
    PrimitiveTypeName physical = file.getPrimitiveTypeName();
    LogicalTypeAnnotation annotation = file.getLogicalTypeAnnotation();
    if (readType instanceof DecimalType d) {
      int fileScale =
          annotation instanceof DecimalLogicalTypeAnnotation fd ? fd.getScale() : d.scale();
      if (physical == PrimitiveTypeName.BOOLEAN
          || physical == PrimitiveTypeName.FLOAT
          || physical == PrimitiveTypeName.DOUBLE
          || physical == PrimitiveTypeName.INT96) {
        throw mismatch(path, readType, file);
      }
      return new DecimalSink(fileScale);
    }
    if (!(readType instanceof PrimitiveType p)) {
      throw mismatch(path, readType, file);
    }
    switch (p) {
      case BOOLEAN:
        if (physical == PrimitiveTypeName.BOOLEAN) {
          return new BooleanSink();
        }
        break;
      case BYTE, SHORT, INTEGER, DATE:
        if (physical == PrimitiveTypeName.INT32) {
          return new IntSink();
        }
        break;
      case LONG:
        if (physical == PrimitiveTypeName.INT32 || physical == PrimitiveTypeName.INT64) {
          return new LongSink(1, 1);
        }
        break;
      case TIMESTAMP, TIMESTAMP_NTZ:
        if (physical == PrimitiveTypeName.INT96) {
          return new Int96Sink();
        }
        if (physical == PrimitiveTypeName.INT64) {
          if (annotation instanceof TimestampLogicalTypeAnnotation t) {
            return switch (t.getUnit()) {
              case MILLIS -> new LongSink(1000, 1);
              case MICROS -> new LongSink(1, 1);
              case NANOS -> new LongSink(1, 1000);
            };
          }
          return new LongSink(1, 1);
        }
        if (physical == PrimitiveTypeName.INT32
            && annotation instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return new LongSink(MICROS_PER_DAY, 1);
        }
        break;
      case FLOAT:
        if (physical == PrimitiveTypeName.FLOAT) {
          return new FloatSink();
        }
        break;
      case DOUBLE:
        if (physical == PrimitiveTypeName.DOUBLE
            || physical == PrimitiveTypeName.FLOAT
            || physical == PrimitiveTypeName.INT32) {
          return new DoubleSink();
        }
        break;
      case STRING, BINARY:
        if (physical == PrimitiveTypeName.BINARY
            || physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
          return new BytesSink();
        }
        break;
      case VOID:
        return new VoidSink();
      default:
        break;
    }
    throw mismatch(path, readType, file);
  }

  abstract static class Sink extends PrimitiveConverter implements Bindable {
    ColumnVector target;

    @Override
    public void bind(ColumnVector vector) {
      this.target = vector;
    }
  }

  static final class BooleanSink extends Sink {
    @Override
    public void addBoolean(boolean value) {
      ((BooleanVector) target).appendBoolean(value);
    }
  }

  static final class IntSink extends Sink {
    @Override
    public void addInt(int value) {
      ((IntVector) target).appendInt(value);
    }
  }

  /** Longs and timestamps: {@code value * multiply / divide} (floor). */
  static final class LongSink extends Sink {
    private final long multiply;
    private final long divide;

    LongSink(long multiply, long divide) {
      this.multiply = multiply;
      this.divide = divide;
    }

    @Override
    public void addInt(int value) {
      addLong(value);
    }

    @Override
    public void addLong(long value) {
      long v = value;
      if (multiply != 1) {
        v *= multiply;
      } else if (divide != 1) {
        v = Math.floorDiv(v, divide);
      }
      ((LongVector) target).appendLong(v);
    }
  }

  /** Spark's legacy INT96 timestamps: nanos of day, then the Julian day, little-endian. */
  static final class Int96Sink extends Sink {
    @Override
    public void addBinary(Binary value) {
      ((LongVector) target).appendLong(int96ToMicros(value));
    }
  }

  static long int96ToMicros(Binary value) {
    ByteBuffer bb = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    int p = bb.position();
    long nanosOfDay = bb.getLong(p);
    int julianDay = bb.getInt(p + 8);
    return (julianDay - JULIAN_EPOCH_DAY) * MICROS_PER_DAY + nanosOfDay / 1000;
  }

  static final class FloatSink extends Sink {
    @Override
    public void addFloat(float value) {
      ((FloatVector) target).appendFloat(value);
    }
  }

  static final class DoubleSink extends Sink {
    @Override
    public void addDouble(double value) {
      ((DoubleVector) target).appendDouble(value);
    }

    @Override
    public void addFloat(float value) {
      ((DoubleVector) target).appendDouble(value);
    }

    @Override
    public void addInt(int value) {
      ((DoubleVector) target).appendDouble(value);
    }
  }

  static final class BytesSink extends Sink {
    @Override
    public void addBinary(Binary value) {
      ((BytesVector) target).appendBytes(value.toByteBuffer());
    }
  }

  static final class VoidSink extends Sink {
    @Override
    public void addBinary(Binary value) {
      target.appendNull();
    }

    @Override
    public void addBoolean(boolean value) {
      target.appendNull();
    }

    @Override
    public void addDouble(double value) {
      target.appendNull();
    }

    @Override
    public void addFloat(float value) {
      target.appendNull();
    }

    @Override
    public void addInt(int value) {
      target.appendNull();
    }

    @Override
    public void addLong(long value) {
      target.appendNull();
    }
  }

  /** Decimals from INT32, INT64 or big-endian two's complement bytes, rescaled if needed. */
  static final class DecimalSink extends Sink {
    private final int fileScale;

    DecimalSink(int fileScale) {
      this.fileScale = fileScale;
    }

    @Override
    public void addInt(int value) {
      addLong(value);
    }

    @Override
    public void addLong(long value) {
      DecimalVector v = (DecimalVector) target;
      if (fileScale == v.decimalType().scale()) {
        v.appendUnscaledLong(value);
      } else {
        v.appendDecimal(BigDecimal.valueOf(value, fileScale));
      }
    }

    @Override
    public void addBinary(Binary value) {
      DecimalVector v = (DecimalVector) target;
      ByteBuffer bb = value.toByteBuffer();
      int n = bb.remaining();
      if (n <= 8 && fileScale == v.decimalType().scale() && v.isLongBacked()) {
        long unscaled = n == 0 ? 0 : bb.get(bb.position()); // sign-extends the first byte
        for (int i = 1; i < n; i++) {
          unscaled = (unscaled << 8) | (bb.get(bb.position() + i) & 0xFF);
        }
        v.appendUnscaledLong(unscaled);
        return;
      }
      BigInteger unscaled = new BigInteger(value.getBytes());
      if (fileScale == v.decimalType().scale()) {
        v.appendUnscaled(unscaled);
      } else {
        v.appendDecimal(new BigDecimal(unscaled, fileScale));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // groups

  /** Ignores a file field the reader did not ask for. */
  static Converter skipping(Type file) {
    if (file.isPrimitive()) {
      return new PrimitiveConverter() {
        @Override
        public void addBinary(Binary value) {}

        @Override
        public void addBoolean(boolean value) {}

        @Override
        public void addDouble(double value) {}

        @Override
        public void addFloat(float value) {}

        @Override
        public void addInt(int value) {}

        @Override
        public void addLong(long value) {}
      };
    }
    GroupType group = file.asGroupType();
    Converter[] children = new Converter[group.getFieldCount()];
    for (int i = 0; i < children.length; i++) {
      children[i] = skipping(group.getType(i));
    }
    return new GroupConverter() {
      @Override
      public Converter getConverter(int fieldIndex) {
        return children[fieldIndex];
      }

      @Override
      public void start() {}

      @Override
      public void end() {}
    };
  }

  /**
   * Fields of a group (a struct, or the message root): each read field is filled with null when the
   * group ends without a value for it; a repeated (unannotated) field becomes an array.
   */
  public static class FieldsConverter extends GroupConverter {
    private final Converter[] converters; // by file field index
    private final int[] readIndexOfFile;
    private final boolean[] repeatedRead; // by read index
    private final int readCount;
    final ColumnVector[] targets; // by read index
    private final int[] marks;

    public FieldsConverter(GroupType file, StructType read, String path) {
      readCount = read.size();
      converters = new Converter[file.getFieldCount()];
      readIndexOfFile = new int[file.getFieldCount()];
      java.util.Arrays.fill(readIndexOfFile, -1);
      repeatedRead = new boolean[readCount];
      targets = new ColumnVector[readCount];
      marks = new int[readCount];
      for (int r = 0; r < readCount; r++) {
        StructField field = read.field(r);
        int f = matchField(file, field);
        if (f >= 0) {
          readIndexOfFile[f] = r;
          Type fileField = file.getType(f);
          String childPath = path.isEmpty() ? field.name() : path + "." + field.name();
          if (fileField.isRepetition(Repetition.REPEATED)) {
            if (!(field.type() instanceof ArrayType array)) {
              throw mismatch(childPath, field.type(), fileField);
            }
            repeatedRead[r] = true;
            converters[f] = forType(fileField, array.elementType(), childPath);
          } else {
            converters[f] = forType(fileField, field.type(), childPath);
          }
        }
      }
      for (int f = 0; f < converters.length; f++) {
        if (converters[f] == null) {
          converters[f] = skipping(file.getType(f));
        }
      }
    }

    /** Points the read fields at vectors (by read index). */
    public void bindFields(ColumnVector[] vectors) {
      for (int r = 0; r < readCount; r++) {
        targets[r] = vectors[r];
      }
      for (int f = 0; f < converters.length; f++) {
        int r = readIndexOfFile[f];
        if (r >= 0) {
          ColumnVector v = vectors[r];
          bindable(converters[f]).bind(repeatedRead[r] ? ((ArrayVector) v).elements() : v);
        }
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return converters[fieldIndex];
    }

    @Override
    public void start() {
      for (int r = 0; r < readCount; r++) {
        marks[r] = targets[r].size();
      }
    }

    @Override
    public void end() {
      for (int r = 0; r < readCount; r++) {
        ColumnVector v = targets[r];
        if (repeatedRead[r]) {
          ((ArrayVector) v).endRow();
        } else if (v.size() == marks[r]) {
          v.appendNull();
        }
      }
    }
  }

  static final class StructConverter extends FieldsConverter implements Bindable {
    private StructVector self;

    StructConverter(GroupType file, StructType read, String path) {
      super(file, read, path);
    }

    @Override
    public void bind(ColumnVector vector) {
      self = (StructVector) vector;
      ColumnVector[] children = new ColumnVector[self.structType().size()];
      for (int i = 0; i < children.length; i++) {
        children[i] = self.child(i);
      }
      bindFields(children);
    }

    @Override
    public void end() {
      super.end();
      self.endRow();
    }
  }

  /** Standard three-level and legacy two-level lists. */
  static final class ListConverter extends GroupConverter implements Bindable {
    private final Converter child;
    private final Bindable elementTarget;
    private ArrayVector self;

    ListConverter(GroupType list, ArrayType read, String path) {
      Type repeated = list.getType(0);
      Type element = ParquetSchemas.listElement(list);
      Converter elementConverter = forType(element, read.elementType(), path + ".element");
      if (element == repeated) {
        child = elementConverter;
      } else {
        child = new ElementConverter(elementConverter, repeated.asGroupType());
      }
      elementTarget = bindable(child);
    }

    @Override
    public void bind(ColumnVector vector) {
      self = (ArrayVector) vector;
      elementTarget.bind(self.elements());
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return child;
    }

    @Override
    public void start() {}

    @Override
    public void end() {
      self.endRow();
    }
  }

  /** The repeated middle level of a three-level list: one element per occurrence. */
  static final class ElementConverter extends GroupConverter implements Bindable {
    private final Converter element;
    private final Converter[] children;
    private ColumnVector elements;
    private int mark;

    ElementConverter(Converter element, GroupType repeated) {
      this.element = element;
      this.children = new Converter[repeated.getFieldCount()];
      children[0] = element;
      for (int i = 1; i < children.length; i++) {
        children[i] = skipping(repeated.getType(i));
      }
    }

    @Override
    public void bind(ColumnVector vector) {
      elements = vector;
      bindable(element).bind(vector);
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return children[fieldIndex];
    }

    @Override
    public void start() {
      mark = elements.size();
    }

    @Override
    public void end() {
      if (elements.size() == mark) {
        elements.appendNull();
      }
    }
  }

  /** Maps ({@code MAP} and legacy {@code MAP_KEY_VALUE}). */
  static final class MapConverter extends GroupConverter implements Bindable {
    private final KeyValueConverter keyValue;
    private MapVector self;

    MapConverter(GroupType map, MapType read, String path) {
      keyValue = new KeyValueConverter(ParquetSchemas.mapKeyValue(map), read, path);
    }

    @Override
    public void bind(ColumnVector vector) {
      self = (MapVector) vector;
      keyValue.bind(self.keys(), self.values());
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return keyValue;
    }

    @Override
    public void start() {}

    @Override
    public void end() {
      self.endRow();
    }
  }

  static final class KeyValueConverter extends GroupConverter {
    private final Converter[] children;
    private ColumnVector keys;
    private ColumnVector values;
    private int keyMark;
    private int valueMark;

    KeyValueConverter(GroupType keyValue, MapType read, String path) {
      children = new Converter[keyValue.getFieldCount()];
      children[0] = forType(keyValue.getType(0), read.keyType(), path + ".key");
      if (children.length > 1) {
        children[1] = forType(keyValue.getType(1), read.valueType(), path + ".value");
      }
      for (int i = 2; i < children.length; i++) {
        children[i] = skipping(keyValue.getType(i));
      }
    }

    void bind(ColumnVector keyVector, ColumnVector valueVector) {
      keys = keyVector;
      values = valueVector;
      bindable(children[0]).bind(keyVector);
      if (children.length > 1) {
        bindable(children[1]).bind(valueVector);
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return children[fieldIndex];
    }

    @Override
    public void start() {
      keyMark = keys.size();
      valueMark = values.size();
    }

    @Override
    public void end() {
      if (keys.size() == keyMark) {
        keys.appendNull();
      }
      if (values.size() == valueMark) {
        values.appendNull();
      }
    }
  }
}
