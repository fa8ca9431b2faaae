package dev.strata.engine;

import java.util.List;

/**
 * Window specifications, as Spark's {@code Window}: {@code
 * Window.partitionBy("id").orderBy(col("ts").desc())}.
 */
public final class Window {
  private Window() {}

  public static WindowSpec partitionBy(Column... cols) {
    return new WindowSpec(List.of(), List.of()).partitionBy(cols);
  }

  public static WindowSpec partitionBy(String... cols) {
    return new WindowSpec(List.of(), List.of()).partitionBy(cols);
  }

  public static WindowSpec orderBy(Column... cols) {
    return new WindowSpec(List.of(), List.of()).orderBy(cols);
  }

  public static WindowSpec orderBy(String... cols) {
    return new WindowSpec(List.of(), List.of()).orderBy(cols);
  }
}
