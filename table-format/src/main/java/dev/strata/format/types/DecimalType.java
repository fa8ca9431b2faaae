package dev.strata.format.types;

/**
 * An exact decimal of {@code precision} digits, {@code scale} of them after the point. Column
 * vectors hold the unscaled value in a long when {@code precision <= 18}.
 */
public record DecimalType(int precision, int scale) implements DataType {
  /** The largest precision Delta allows. */
  public static final int MAX_PRECISION = 38;

  public DecimalType {
    if (precision < 1 || precision > MAX_PRECISION || scale < 0 || scale > precision) {
      throw new IllegalArgumentException(
          "Invalid decimal("
              + precision
              + ","
              + scale
              + "): need 1 <= precision <= 38, 0 <= scale <= precision");
    }
  }

  /** Whether the unscaled value fits a long. */
  public boolean fitsLong() {
    return precision <= 18;
  }

  @Override
  public String simpleString() {
    return "decimal(" + precision + "," + scale + ")";
  }

  @Override
  public String toString() {
    return simpleString();
  }
}
