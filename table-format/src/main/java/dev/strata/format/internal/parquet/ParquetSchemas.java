package dev.strata.format.internal.parquet;

import dev.strata.format.SchemaMismatchException;
import dev.strata.format.types.ArrayType;
import dev.strata.format.types.DataType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.MapType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/** Converts Strata schemas to Parquet message types (as Spark writes them) and back. */
public final class ParquetSchemas {
  /** Field metadata key of the column-mapping physical name. */
  public static final String PHYSICAL_NAME_KEY = StructField.PHYSICAL_NAME_KEY;

  /** Field metadata key of the column-mapping field id. */
  public static final String COLUMN_MAPPING_ID_KEY = "delta.columnMapping.id";

  /** Field metadata key of an explicit Parquet field id. */
  public static final String PARQUET_FIELD_ID_KEY = "parquet.field.id";

  private ParquetSchemas() {}

  /** The name a field has in Parquet files: its physical name under column mapping. */
  public static String physicalName(StructField field) {
    return field.physicalName();
  }

  /** The Parquet field id of a field, or null. */
  public static Integer fieldId(StructField field) {
    Object id = field.metadata().get(PARQUET_FIELD_ID_KEY);
    if (id == null) {
      id = field.metadata().get(COLUMN_MAPPING_ID_KEY);
    }
    if (id instanceof Number n) {
      return n.intValue();
    }
    if (id instanceof String s) {
      try {
        return Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** The Parquet schema Strata writes for {@code schema}. */
  public static MessageType toParquet(StructType schema) {
    List<Type> fields = new ArrayList<>();
    for (StructField field : schema.fields()) {
      fields.add(toParquet(field));
    }
    return new MessageType("spark_schema", fields);
  }

  private static Type toParquet(StructField field) {
    Type type =
        toParquet(
            physicalName(field),
            field.type(),
            field.nullable() ? Repetition.OPTIONAL : Repetition.REQUIRED);
    Integer id = fieldId(field);
    return id == null ? type : type.withId(id);
  }

  private static Type toParquet(String name, DataType type, Repetition repetition) {
    if (type instanceof DecimalType d) {
      LogicalTypeAnnotation annotation =
          LogicalTypeAnnotation.decimalType(d.scale(), d.precision());
      if (d.precision() <= 9) {
        return Types.primitive(PrimitiveTypeName.INT32, repetition).as(annotation).named(name);
      }
      if (d.precision() <= 18) {
        return Types.primitive(PrimitiveTypeName.INT64, repetition).as(annotation).named(name);
      }
      return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition)
          .length(decimalBytes(d.precision()))
          .as(annotation)
          .named(name);
    }
    if (type instanceof StructType struct) {
      List<Type> children = new ArrayList<>();
      for (StructField f : struct.fields()) {
        children.add(toParquet(f));
      }
      if (children.isEmpty()) {
        throw new SchemaMismatchException(
            "Cannot write empty struct column '" + name + "' to Parquet: add a field to it");
      }
      return new GroupType(repetition, name, children);
    }
    if (type instanceof ArrayType array) {
      Type element =
          toParquet(
              "element",
              array.elementType(),
              array.containsNull() ? Repetition.OPTIONAL : Repetition.REQUIRED);
      GroupType list = new GroupType(Repetition.REPEATED, "list", element);
      return Types.buildGroup(repetition)
          .as(LogicalTypeAnnotation.listType())
          .addField(list)
          .named(name);
    }
    if (type instanceof MapType map) {
      Type key = toParquet("key", map.keyType(), Repetition.REQUIRED);
      Type value =
          toParquet(
              "value",
              map.valueType(),
              map.valueContainsNull() ? Repetition.OPTIONAL : Repetition.REQUIRED);
      GroupType keyValue = new GroupType(Repetition.REPEATED, "key_value", key, value);
      return Types.buildGroup(repetition)
          .as(LogicalTypeAnnotation.mapType())
          .addField(keyValue)
          .named(name);
    }
    PrimitiveType p = (PrimitiveType) type;
    return switch (p) {
      case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(name);
      case BYTE ->
          Types.primitive(PrimitiveTypeName.INT32, repetition)
              .as(LogicalTypeAnnotation.intType(8, true))
              .named(name);
      case SHORT ->
          Types.primitive(PrimitiveTypeName.INT32, repetition)
              .as(LogicalTypeAnnotation.intType(16, true))
              .named(name);
      case INTEGER -> Types.primitive(PrimitiveTypeName.INT32, repetition).named(name);
      case LONG -> Types.primitive(PrimitiveTypeName.INT64, repetition).named(name);
      case FLOAT -> Types.primitive(PrimitiveTypeName.FLOAT, repetition).named(name);
      case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(name);
      case STRING ->
          Types.primitive(PrimitiveTypeName.BINARY, repetition)
              .as(LogicalTypeAnnotation.stringType())
              .named(name);
      case BINARY -> Types.primitive(PrimitiveTypeName.BINARY, repetition).named(name);
      case DATE ->
          Types.primitive(PrimitiveTypeName.INT32, repetition)
              .as(LogicalTypeAnnotation.dateType())
              .named(name);
      case TIMESTAMP ->
          Types.primitive(PrimitiveTypeName.INT64, repetition)
              .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS))
              .named(name);
      case TIMESTAMP_NTZ ->
          Types.primitive(PrimitiveTypeName.INT64, repetition)
              .as(LogicalTypeAnnotation.timestampType(false, TimeUnit.MICROS))
              .named(name);
      case VOID ->
          throw new SchemaMismatchException(
              "Cannot write column '" + name + "' of type void to Parquet: cast it to a real type");
    };
  }

  /** The number of bytes a FIXED_LEN_BYTE_ARRAY needs for a decimal of {@code precision} digits. */
  public static int decimalBytes(int precision) {
    int bytes = 1;
    while (Math.pow(2.0, 8 * bytes - 1) < Math.pow(10.0, precision)) {
      bytes++;
    }
    return bytes;
  }

  /** The Strata schema of a Parquet file, as Spark would read it. */
  public static StructType fromParquet(MessageType message) {
    return fromGroupFields(message);
  }

  private static StructType fromGroupFields(GroupType group) {
    List<StructField> fields = new ArrayList<>();
    for (Type field : group.getFields()) {
      DataType type = fromParquet(field);
      boolean nullable = field.getRepetition() == Repetition.OPTIONAL;
      if (field.isRepetition(Repetition.REPEATED)) {
        type = new ArrayType(type, false);
        nullable = false;
      }
      Map<String, Object> metadata =
          field.getId() == null ? Map.of() : Map.of(PARQUET_FIELD_ID_KEY, field.getId().intValue());
      fields.add(new StructField(field.getName(), type, nullable, metadata));
    }
    return new StructType(fields);
  }

  /** The type of one Parquet field, ignoring its repetition. */
  public static DataType fromParquet(Type field) {
    if (field.isPrimitive()) {
      return fromPrimitive(field.asPrimitiveType());
    }
    GroupType group = field.asGroupType();
    LogicalTypeAnnotation annotation = group.getLogicalTypeAnnotation();
    if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
      Type element = listElement(group);
      boolean containsNull =
          !element.isRepetition(Repetition.REQUIRED) && !element.isRepetition(Repetition.REPEATED);
      return new ArrayType(fromParquet(element), containsNull);
    }
    if (annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
        || annotation instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) {
      GroupType keyValue = mapKeyValue(group);
      Type key = keyValue.getType(0);
      if (keyValue.getFieldCount() < 2) {
        return new MapType(fromParquet(key), PrimitiveType.VOID, true);
      }
      Type value = keyValue.getType(1);
      return new MapType(
          fromParquet(key), fromParquet(value), !value.isRepetition(Repetition.REQUIRED));
    }
    return fromGroupFields(group);
  }

  /**
   * The element field of a LIST-annotated group, following the Parquet backward-compatibility rules
   * for two-level lists written by older writers.
   */
  public static Type listElement(GroupType list) {
    Type repeated = list.getType(0);
    if (repeated.isPrimitive()) {
      return repeated;
    }
    GroupType group = repeated.asGroupType();
    if (group.getFieldCount() > 1
        || group.getName().equals("array")
        || group.getName().equals(list.getName() + "_tuple")) {
      return repeated;
    }
    return group.getType(0);
  }

  /** Whether the element of a LIST-annotated group is its repeated field itself (legacy). */
  public static boolean isLegacyList(GroupType list) {
    return listElement(list) == list.getType(0);
  }

  /** The repeated key-value group of a MAP-annotated group. */
  public static GroupType mapKeyValue(GroupType map) {
    Type kv = map.getType(0);
    if (kv.isPrimitive()) {
      throw new SchemaMismatchException("Invalid Parquet map '" + map.getName() + "': " + map);
    }
    return kv.asGroupType();
  }

  private static DataType fromPrimitive(org.apache.parquet.schema.PrimitiveType p) {
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    if (a instanceof DecimalLogicalTypeAnnotation d) {
      return new DecimalType(d.getPrecision(), d.getScale());
    }
    return switch (p.getPrimitiveTypeName()) {
      case BOOLEAN -> PrimitiveType.BOOLEAN;
      case INT32 -> {
        if (a instanceof IntLogicalTypeAnnotation i) {
          if (!i.isSigned()) {
            yield i.getBitWidth() <= 16 ? PrimitiveType.INTEGER : PrimitiveType.LONG;
          }
          yield i.getBitWidth() == 8
              ? PrimitiveType.BYTE
              : i.getBitWidth() == 16 ? PrimitiveType.SHORT : PrimitiveType.INTEGER;
        }
        yield a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
            ? PrimitiveType.DATE
            : PrimitiveType.INTEGER;
      }
      case INT64 -> {
        if (a instanceof TimestampLogicalTypeAnnotation t) {
          yield t.isAdjustedToUTC() ? PrimitiveType.TIMESTAMP : PrimitiveType.TIMESTAMP_NTZ;
        }
        if (a instanceof IntLogicalTypeAnnotation i && !i.isSigned()) {
          yield new DecimalType(20, 0);
        }
        yield PrimitiveType.LONG;
      }
      case INT96 -> PrimitiveType.TIMESTAMP;
      case FLOAT -> PrimitiveType.FLOAT;
      case DOUBLE -> PrimitiveType.DOUBLE;
      case BINARY, FIXED_LEN_BYTE_ARRAY ->
          a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                  || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                  || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation
              ? PrimitiveType.STRING
              : PrimitiveType.BINARY;
    };
  }
}
