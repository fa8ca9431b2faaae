package dev.strata.format.types;

/**
 * A Delta column type: a {@link PrimitiveType}, a {@link DecimalType} or a nested {@link
 * StructType}, {@link ArrayType} or {@link MapType}.
 */
public sealed interface DataType
    permits PrimitiveType, DecimalType, StructType, ArrayType, MapType {
  /** The type as Delta's schema JSON names it ({@code long}, {@code decimal(10,2)}, ...). */
  String simpleString();

  /** Whether values of this type are ordered (min/max statistics, sort keys). */
  default boolean isOrderable() {
    return !(this instanceof StructType || this instanceof ArrayType || this instanceof MapType)
        && this != PrimitiveType.BINARY
        && this != PrimitiveType.VOID;
  }

  /** Whether this type is a number (integral, floating point or decimal). */
  default boolean isNumeric() {
    return this instanceof DecimalType
        || this == PrimitiveType.BYTE
        || this == PrimitiveType.SHORT
        || this == PrimitiveType.INTEGER
        || this == PrimitiveType.LONG
        || this == PrimitiveType.FLOAT
        || this == PrimitiveType.DOUBLE;
  }
}
