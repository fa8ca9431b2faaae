package dev.strata.engine;

import dev.strata.format.types.DataType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;

/**
 * An expression bound to a schema, evaluated a batch at a time. Not thread-safe: bind once per
 * thread (binding is cheap).
 */
public interface BoundExpression {
  /** The result type. */
  DataType dataType();

  /** The result for every row of a batch of the bound schema. */
  ColumnVector evaluate(ColumnBatch batch);

  /**
   * For boolean expressions: whether row {@code i} of the result is true (false and null are not).
   */
  static boolean isTrue(ColumnVector result, int i) {
    return !result.isNull(i) && Boolean.TRUE.equals(result.get(i));
  }
}
