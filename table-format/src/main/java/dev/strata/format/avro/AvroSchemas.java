package dev.strata.format.avro;

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
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/** Converts between Avro schemas and Strata schemas. */
public final class AvroSchemas {
  private AvroSchemas() {}

  /**
   * The Strata schema of an Avro record schema. {@code ["null", T]} unions are nullable T; dates,
   * timestamps (millis/micros, UTC or local) and decimals follow their logical types; enums read as
   * strings.
   *
   * @throws SchemaMismatchException for a non-record schema or a union of several types
   */
  public static StructType toStructType(Schema schema) {
    if (schema.getType() != Schema.Type.RECORD) {
      throw new SchemaMismatchException(
          "Avro schema " + schema.getFullName() + " is a " + schema.getType() + ", not a record");
    }
    return recordType(schema, schema.getFullName());
  }

  private static StructType recordType(Schema record, String path) {
    List<StructField> fields = new ArrayList<>();
    for (Schema.Field field : record.getFields()) {
      String fieldPath = path + "." + field.name();
      Schema s = field.schema();
      boolean nullable = isNullable(s);
      fields.add(
          new StructField(
              field.name(), toDataType(nonNull(s, fieldPath), fieldPath), nullable, Map.of()));
    }
    return new StructType(fields);
  }

  static boolean isNullable(Schema s) {
    if (s.getType() == Schema.Type.NULL) {
      return true;
    }
    return s.getType() == Schema.Type.UNION
        && s.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
  }

  /** The one non-null branch of a schema (the schema itself when not a union). */
  static Schema nonNull(Schema s, String path) {
    if (s.getType() != Schema.Type.UNION) {
      return s;
    }
    List<Schema> branches =
        s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
    if (branches.size() != 1) {
      throw new SchemaMismatchException(
          "Avro field "
              + path
              + " is a union of "
              + branches.size()
              + " non-null types "
              + s
              + "; only [\"null\", T] unions can be read");
    }
    return branches.get(0);
  }

  static DataType toDataType(Schema s, String path) {
    LogicalType logical = s.getLogicalType();
    if (logical instanceof LogicalTypes.Decimal d) {
      return new DecimalType(d.getPrecision(), d.getScale());
    }
    return switch (s.getType()) {
      case RECORD -> recordType(s, path);
      case ARRAY -> {
        Schema element = s.getElementType();
        yield new ArrayType(
            toDataType(nonNull(element, path + "[]"), path + "[]"), isNullable(element));
      }
      case MAP -> {
        Schema value = s.getValueType();
        yield new MapType(
            PrimitiveType.STRING,
            toDataType(nonNull(value, path + "{}"), path + "{}"),
            isNullable(value));
      }
      case STRING, ENUM -> PrimitiveType.STRING;
      case BYTES, FIXED -> PrimitiveType.BINARY;
      case BOOLEAN -> PrimitiveType.BOOLEAN;
      case INT -> logical instanceof LogicalTypes.Date ? PrimitiveType.DATE : PrimitiveType.INTEGER;
      case LONG -> {
        if (logical instanceof LogicalTypes.TimestampMillis
            || logical instanceof LogicalTypes.TimestampMicros
            || logical instanceof LogicalTypes.TimestampNanos) {
          yield PrimitiveType.TIMESTAMP;
        }
        if (logical instanceof LogicalTypes.LocalTimestampMillis
            || logical instanceof LogicalTypes.LocalTimestampMicros
            || logical instanceof LogicalTypes.LocalTimestampNanos) {
          yield PrimitiveType.TIMESTAMP_NTZ;
        }
        yield PrimitiveType.LONG;
      }
      case FLOAT -> PrimitiveType.FLOAT;
      case DOUBLE -> PrimitiveType.DOUBLE;
      case NULL -> PrimitiveType.VOID;
      case UNION -> throw new SchemaMismatchException("Nested union at Avro field " + path);
    };
  }

  /**
   * The Avro schema of a Strata schema: nullable fields are {@code ["null", T]} with default null,
   * byte and short widen to int, timestamps are {@code timestamp-micros} ({@code
   * local-timestamp-micros} for timestamp_ntz), decimals are {@code bytes} with the decimal logical
   * type, maps have string keys.
   */
  public static Schema toAvroSchema(StructType schema) {
    return toAvroSchema(schema, "record", "");
  }

  /** Like {@link #toAvroSchema(StructType)} with the record's name and namespace. */
  public static Schema toAvroSchema(StructType schema, String name, String namespace) {
    return record(schema, name, namespace, name);
  }

  private static Schema record(StructType struct, String name, String namespace, String path) {
    List<Schema.Field> fields = new ArrayList<>();
    for (StructField field : struct.fields()) {
      Schema type = avroType(field.type(), namespace, path + "_" + field.name());
      if (field.nullable()) {
        fields.add(
            new Schema.Field(
                field.name(),
                Schema.createUnion(Schema.create(Schema.Type.NULL), type),
                null,
                Schema.Field.NULL_DEFAULT_VALUE));
      } else {
        fields.add(new Schema.Field(field.name(), type));
      }
    }
    return Schema.createRecord(name, null, namespace.isEmpty() ? null : namespace, false, fields);
  }

  private static Schema nullableIf(boolean nullable, Schema s) {
    return nullable ? Schema.createUnion(Schema.create(Schema.Type.NULL), s) : s;
  }

  private static Schema avroType(DataType type, String namespace, String path) {
    if (type instanceof DecimalType d) {
      return LogicalTypes.decimal(d.precision(), d.scale())
          .addToSchema(Schema.create(Schema.Type.BYTES));
    }
    if (type instanceof StructType struct) {
      return record(struct, path, namespace, path);
    }
    if (type instanceof ArrayType array) {
      return Schema.createArray(
          nullableIf(array.containsNull(), avroType(array.elementType(), namespace, path + "_e")));
    }
    if (type instanceof MapType map) {
      if (map.keyType() != PrimitiveType.STRING) {
        throw new SchemaMismatchException(
            "Avro maps have string keys; cannot convert " + map.simpleString() + " at " + path);
      }
      return Schema.createMap(
          nullableIf(map.valueContainsNull(), avroType(map.valueType(), namespace, path + "_v")));
    }
    return switch ((PrimitiveType) type) {
      case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
      case BYTE, SHORT, INTEGER -> Schema.create(Schema.Type.INT);
      case LONG -> Schema.create(Schema.Type.LONG);
      case FLOAT -> Schema.create(Schema.Type.FLOAT);
      case DOUBLE -> Schema.create(Schema.Type.DOUBLE);
      case STRING -> Schema.create(Schema.Type.STRING);
      case BINARY -> Schema.create(Schema.Type.BYTES);
      case DATE -> LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
      case TIMESTAMP -> LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
      case TIMESTAMP_NTZ ->
          LogicalTypes.localTimestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
      case VOID -> Schema.create(Schema.Type.NULL);
    };
  }
}
