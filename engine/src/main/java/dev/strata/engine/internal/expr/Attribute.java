package dev.strata.engine.internal.expr;

import dev.strata.format.types.DataType;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A column produced by a plan node. The id identifies it across the plan (two columns may share a
 * name after a join); the qualifier is the alias given by {@code Dataset.as}.
 */
public record Attribute(long id, String name, DataType type, boolean nullable, String qualifier) {
  private static final AtomicLong IDS = new AtomicLong();

  public static Attribute create(String name, DataType type, boolean nullable) {
    return new Attribute(IDS.incrementAndGet(), name, type, nullable, null);
  }

  public Attribute withQualifier(String q) {
    return new Attribute(id, name, type, nullable, q);
  }

  public Attribute withNullable(boolean n) {
    return new Attribute(id, name, type, n, qualifier);
  }

  /** The same column description under a fresh id. */
  public Attribute newInstance() {
    return new Attribute(IDS.incrementAndGet(), name, type, nullable, qualifier);
  }

  @Override
  public String toString() {
    return name + "#" + id;
  }
}
