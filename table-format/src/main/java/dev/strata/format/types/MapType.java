package dev.strata.format.types;

/** A map; keys are never null, {@code valueContainsNull} says whether values may be. */
public record MapType(DataType keyType, DataType valueType, boolean valueContainsNull)
    implements DataType {
  @Override
  public String simpleString() {
    return "map<" + keyType.simpleString() + "," + valueType.simpleString() + ">";
  }

  @Override
  public String toString() {
    return simpleString();
  }
}
