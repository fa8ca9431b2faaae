package dev.strata.writer.internal;

import dev.strata.format.Row;
import dev.strata.format.SchemaMismatchException;
import dev.strata.format.types.ArrayType;
import dev.strata.format.types.DataType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.MapType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fits incoming data to a table schema the way Delta's schema enforcement does: columns matched by
 * name (case-insensitively), missing nullable columns filled with nulls, safe widening casts
 * applied (int to long, float to double, wider decimals), everything else a {@link
 * SchemaMismatchException} that lists every difference. With {@code mergeSchema} new columns are
 * added to the table and byte/short/int columns widen within the same Parquet physical type, which
 * is what Delta allows without the type-widening table feature.
 */
public final class SchemaAlignment {
  private final StructType tableSchema;
  private final StructType dataSchema;
  private final int[] sourceIndex;
  private final boolean identity;

  private SchemaAlignment(StructType tableSchema, StructType dataSchema, int[] sourceIndex) {
    this.tableSchema = tableSchema;
    this.dataSchema = dataSchema;
    this.sourceIndex = sourceIndex;
    boolean same = tableSchema.size() == dataSchema.size();
    for (int i = 0; same && i < sourceIndex.length; i++) {
      same =
          sourceIndex[i] == i
              && sameIgnoringNullability(tableSchema.field(i).type(), dataSchema.field(i).type());
    }
    this.identity = same;
  }

  /**
   * The schema the table has after the write (merged when mergeSchema added or widened columns).
   */
  public StructType tableSchema() {
    return tableSchema;
  }

  /** Whether incoming batches pass through unchanged (apart from field names and nullability). */
  public boolean identity() {
    return identity;
  }

  /**
   * Aligns {@code data} to {@code table}.
   *
   * @param tableName for messages
   */
  public static SchemaAlignment align(
      String tableName, StructType table, StructType data, boolean mergeSchema) {
    List<String> problems = new ArrayList<>();
    StructType target = mergeSchema ? merge(table, data, "", problems) : table;
    if (problems.isEmpty()) {
      check(target, data, "", problems);
    }
    if (!problems.isEmpty()) {
      throw new SchemaMismatchException(
          "The data does not match the schema of table "
              + tableName
              + ":\n  - "
              + String.join("\n  - ", problems)
              + "\nTable schema: "
              + table.simpleString()
              + "\nData schema:  "
              + data.simpleString()
              + (mergeSchema
                  ? ""
                  : "\nTo add the new columns, write with mergeSchema(); to replace the schema,"
                      + " overwrite with overwriteSchema()."));
    }
    int[] index = new int[target.size()];
    for (int i = 0; i < target.size(); i++) {
      index[i] = indexOf(data, target.field(i).name());
    }
    return new SchemaAlignment(target, data, index);
  }

  private static int indexOf(StructType schema, String name) {
    for (int i = 0; i < schema.size(); i++) {
      if (schema.field(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  private static StructType merge(
      StructType table, StructType data, String prefix, List<String> problems) {
    List<StructField> fields = new ArrayList<>();
    for (StructField field : table.fields()) {
      int at = indexOf(data, field.name());
      if (at < 0) {
        fields.add(field);
        continue;
      }
      DataType merged =
          mergeType(field.type(), data.field(at).type(), prefix + field.name(), problems);
      fields.add(new StructField(field.name(), merged, field.nullable(), field.metadata()));
    }
    for (StructField field : data.fields()) {
      if (indexOf(table, field.name()) < 0) {
        fields.add(new StructField(field.name(), field.type(), true, field.metadata()));
      }
    }
    return new StructType(fields);
  }

  private static DataType mergeType(
      DataType table, DataType data, String path, List<String> problems) {
    if (table instanceof StructType t && data instanceof StructType d) {
      return merge(t, d, path + ".", problems);
    }
    if (table instanceof ArrayType t && data instanceof ArrayType d) {
      return new ArrayType(
          mergeType(t.elementType(), d.elementType(), path + ".element", problems),
          t.containsNull());
    }
    if (table instanceof MapType t && data instanceof MapType d) {
      return new MapType(
          mergeType(t.keyType(), d.keyType(), path + ".key", problems),
          mergeType(t.valueType(), d.valueType(), path + ".value", problems),
          t.valueContainsNull());
    }
    int tr = int32Rank(table);
    int dr = int32Rank(data);
    if (tr > 0 && dr > 0) {
      return dr > tr ? data : table;
    }
    return table;
  }

  /** byte=1, short=2, int=3: the integer types that share Parquet's INT32. */
  private static int int32Rank(DataType type) {
    if (type == PrimitiveType.BYTE) {
      return 1;
    }
    if (type == PrimitiveType.SHORT) {
      return 2;
    }
    if (type == PrimitiveType.INTEGER) {
      return 3;
    }
    return 0;
  }

  private static void check(
      StructType table, StructType data, String prefix, List<String> problems) {
    for (StructField field : data.fields()) {
      if (indexOf(table, field.name()) < 0) {
        problems.add(
            "column "
                + prefix
                + field.name()
                + " ("
                + field.type().simpleString()
                + ") is not in the table");
      }
    }
    for (StructField field : table.fields()) {
      int at = indexOf(data, field.name());
      String path = prefix + field.name();
      if (at < 0) {
        if (!field.nullable()) {
          problems.add("NOT NULL column " + path + " is missing from the data");
        }
        continue;
      }
      DataType from = data.field(at).type();
      checkType(field.type(), from, path, problems);
    }
  }

  private static void checkType(DataType to, DataType from, String path, List<String> problems) {
    if (to instanceof StructType t && from instanceof StructType f) {
      check(t, f, path + ".", problems);
      return;
    }
    if (to instanceof ArrayType t && from instanceof ArrayType f) {
      checkType(t.elementType(), f.elementType(), path + ".element", problems);
      return;
    }
    if (to instanceof MapType t && from instanceof MapType f) {
      checkType(t.keyType(), f.keyType(), path + ".key", problems);
      checkType(t.valueType(), f.valueType(), path + ".value", problems);
      return;
    }
    if (!canCast(from, to)) {
      problems.add(
          "column "
              + path
              + " has type "
              + from.simpleString()
              + " in the data but "
              + to.simpleString()
              + " in the table");
    }
  }

  /** The implicit casts a write applies: identical types and lossless widening. */
  static boolean canCast(DataType from, DataType to) {
    if (from.equals(to) || from == PrimitiveType.VOID) {
      return true;
    }
    int fr = integralRank(from);
    int tr = integralRank(to);
    if (fr > 0 && tr > 0) {
      return fr <= tr;
    }
    if (fr > 0 && to == PrimitiveType.DOUBLE) {
      return fr <= 3;
    }
    if (fr > 0 && to instanceof DecimalType d) {
      int digits = new int[] {0, 3, 5, 10, 19}[fr];
      return d.precision() - d.scale() >= digits;
    }
    if (from == PrimitiveType.FLOAT && to == PrimitiveType.DOUBLE) {
      return true;
    }
    if (from instanceof DecimalType f && to instanceof DecimalType t) {
      return t.scale() >= f.scale() && t.precision() - t.scale() >= f.precision() - f.scale();
    }
    return false;
  }

  private static int integralRank(DataType type) {
    if (type == PrimitiveType.LONG) {
      return 4;
    }
    return int32Rank(type);
  }

  private static boolean sameIgnoringNullability(DataType a, DataType b) {
    if (a instanceof StructType sa && b instanceof StructType sb) {
      if (sa.size() != sb.size()) {
        return false;
      }
      for (int i = 0; i < sa.size(); i++) {
        if (!sa.field(i).name().equals(sb.field(i).name())
            || !sameIgnoringNullability(sa.field(i).type(), sb.field(i).type())) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof ArrayType aa && b instanceof ArrayType ab) {
      return sameIgnoringNullability(aa.elementType(), ab.elementType());
    }
    if (a instanceof MapType ma && b instanceof MapType mb) {
      return sameIgnoringNullability(ma.keyType(), mb.keyType())
          && sameIgnoringNullability(ma.valueType(), mb.valueType());
    }
    return a.equals(b);
  }

  /** Converts a batch in the data schema to the table schema. */
  public ColumnBatch apply(ColumnBatch batch) {
    if (identity) {
      return batch.schema().equals(tableSchema) ? batch : batch.withSchema(tableSchema);
    }
    int n = batch.numRows();
    ColumnVector[] out = new ColumnVector[tableSchema.size()];
    for (int i = 0; i < out.length; i++) {
      DataType to = tableSchema.field(i).type();
      if (sourceIndex[i] < 0) {
        out[i] = ColumnVector.constant(to, null, n);
        continue;
      }
      ColumnVector source = batch.column(sourceIndex[i]);
      DataType from = dataSchema.field(sourceIndex[i]).type();
      out[i] = sameIgnoringNullability(from, to) ? source : cast(source, from, to, n);
    }
    return new ColumnBatch(tableSchema, out, n);
  }

  private static ColumnVector cast(ColumnVector source, DataType from, DataType to, int n) {
    ColumnVector out = ColumnVector.allocate(to, n);
    for (int row = 0; row < n; row++) {
      out.append(convert(source.get(row), from, to));
    }
    return out;
  }

  /** Converts one external value between compatible types (see {@link #canCast}). */
  static Object convert(Object value, DataType from, DataType to) {
    if (value == null || from.equals(to)) {
      return value;
    }
    if (to instanceof StructType t && from instanceof StructType f) {
      Row row = (Row) value;
      Object[] values = new Object[t.size()];
      for (int i = 0; i < t.size(); i++) {
        int at = indexOf(f, t.field(i).name());
        values[i] = at < 0 ? null : convert(row.get(at), f.field(at).type(), t.field(i).type());
      }
      return new Row(t, values);
    }
    if (to instanceof ArrayType t && from instanceof ArrayType f) {
      List<Object> out = new ArrayList<>();
      for (Object element : (List<?>) value) {
        out.add(convert(element, f.elementType(), t.elementType()));
      }
      return out;
    }
    if (to instanceof MapType t && from instanceof MapType f) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        out.put(
            convert(e.getKey(), f.keyType(), t.keyType()),
            convert(e.getValue(), f.valueType(), t.valueType()));
      }
      return out;
    }
    if (to instanceof DecimalType d) {
      BigDecimal decimal =
          value instanceof BigDecimal b ? b : BigDecimal.valueOf(((Number) value).longValue());
      return decimal.setScale(d.scale());
    }
    if (to == PrimitiveType.DOUBLE) {
      return ((Number) value).doubleValue();
    }
    if (to == PrimitiveType.LONG) {
      return ((Number) value).longValue();
    }
    if (to == PrimitiveType.INTEGER) {
      return ((Number) value).intValue();
    }
    if (to == PrimitiveType.SHORT) {
      return ((Number) value).shortValue();
    }
    throw new IllegalArgumentException(
        "No cast from "
            + from.simpleString()
            + " to "
            + to.simpleString().toLowerCase(Locale.ROOT));
  }
}
