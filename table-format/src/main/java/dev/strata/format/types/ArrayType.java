package dev.strata.format.types;

/** An array of {@code elementType}; {@code containsNull} says whether elements may be null. */
public record ArrayType(DataType elementType, boolean containsNull) implements DataType {
  @Override
  public String simpleString() {
    return "array<" + elementType.simpleString() + ">";
  }

  @Override
  public String toString() {
    return simpleString();
  }
}
