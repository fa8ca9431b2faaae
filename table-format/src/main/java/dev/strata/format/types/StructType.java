package dev.strata.format.types;

import dev.strata.format.SchemaMismatchException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A struct of ordered, named fields; also the schema of a table or a batch. */
public record StructType(List<StructField> fields) implements DataType {
  public StructType {
    fields = List.copyOf(fields);
  }

  /** A struct of the given fields. */
  public static StructType of(StructField... fields) {
    return new StructType(Arrays.asList(fields));
  }

  /** The number of fields. */
  public int size() {
    return fields.size();
  }

  /** The field at {@code index}. */
  public StructField field(int index) {
    return fields.get(index);
  }

  /** The field names in order. */
  public List<String> fieldNames() {
    return fields.stream().map(StructField::name).toList();
  }

  /**
   * The index of the field named {@code name}: an exact match first, else a case-insensitive one
   * (Delta column names are case-insensitive); -1 when absent.
   */
  public int indexOf(String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(name)) {
        return i;
      }
    }
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The field named {@code name}, or a {@link SchemaMismatchException} listing the columns. */
  public StructField field(String name) {
    int index = indexOf(name);
    if (index < 0) {
      throw new SchemaMismatchException(
          "Column '" + name + "' does not exist. Available columns: " + fieldNames());
    }
    return fields.get(index);
  }

  /** Whether a field of that name exists (case-insensitively). */
  public boolean contains(String name) {
    return indexOf(name) >= 0;
  }

  /** A struct with {@code field} appended. */
  public StructType add(StructField field) {
    List<StructField> copy = new ArrayList<>(fields);
    copy.add(field);
    return new StructType(copy);
  }

  /** A struct with the named fields only, in the given order. */
  public StructType select(List<String> names) {
    return new StructType(names.stream().map(this::field).toList());
  }

  /** A struct without the named fields (case-insensitive). */
  public StructType without(List<String> names) {
    List<String> lower = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    return new StructType(
        fields.stream().filter(f -> !lower.contains(f.name().toLowerCase(Locale.ROOT))).toList());
  }

  /** Parses Delta's schema JSON (the {@code schemaString} of a {@code metaData} action). */
  public static StructType fromJson(String json) {
    return SchemaJson.parse(json);
  }

  /** Prints this struct as Delta's schema JSON. */
  public String toJson() {
    return SchemaJson.print(this);
  }

  @Override
  public String simpleString() {
    return fields.stream()
        .map(f -> f.name() + ":" + f.type().simpleString())
        .collect(Collectors.joining(",", "struct<", ">"));
  }

  @Override
  public String toString() {
    return simpleString();
  }
}
