package dev.strata.format.types;

/**
 * The primitive Delta types. In column vectors, {@code BYTE}, {@code SHORT}, {@code INTEGER} and
 * {@code DATE} (days since 1970-01-01) are ints; {@code LONG}, {@code TIMESTAMP} (microseconds
 * since the epoch, UTC) and {@code TIMESTAMP_NTZ} (microseconds of a local date-time read as UTC)
 * are longs.
 */
public enum PrimitiveType implements DataType {
  BOOLEAN("boolean"),
  BYTE("byte"),
  SHORT("short"),
  INTEGER("integer"),
  LONG("long"),
  FLOAT("float"),
  DOUBLE("double"),
  STRING("string"),
  BINARY("binary"),
  DATE("date"),
  TIMESTAMP("timestamp"),
  TIMESTAMP_NTZ("timestamp_ntz"),
  /** The type of an untyped null literal. */
  VOID("void");

  private final String jsonName;

  PrimitiveType(String jsonName) {
    this.jsonName = jsonName;
  }

  @Override
  public String simpleString() {
    return jsonName;
  }

  /** The primitive type of a schema JSON name, or null when the name is not primitive. */
  public static PrimitiveType fromJsonName(String name) {
    for (PrimitiveType type : values()) {
      if (type.jsonName.equals(name)) {
        return type;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return jsonName;
  }
}
