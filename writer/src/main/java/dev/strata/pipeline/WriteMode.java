package dev.strata.pipeline;

import java.util.List;

/** How a step writes its target table. Every mode carries the step's idempotency marker. */
public sealed interface WriteMode {

  /** Appends the rows. */
  static WriteMode append() {
    return new Append();
  }

  /**
   * Replaces the rows of the step's partition: an overwrite with {@code replaceWhere "column =
   * 'key'"} on the pipeline's partition column. Unpartitioned steps replace the whole table.
   */
  static WriteMode replacePartition() {
    return new ReplacePartition();
  }

  /** MERGE on the given key columns: matched rows are updated, others inserted. */
  static Merge merge(String... keys) {
    return new Merge(List.of(keys), Merge.Scope.TABLE);
  }

  /** Replaces the whole table. */
  static WriteMode overwrite() {
    return new Overwrite();
  }

  /** Append mode. */
  record Append() implements WriteMode {}

  /** Replace-partition mode. */
  record ReplacePartition() implements WriteMode {}

  /** Merge mode. */
  record Merge(List<String> keys) implements WriteMode {
    /** Validates. */
    public Merge {
      keys = List.copyOf(keys);
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("MERGE needs at least one key column");
      }
    }

    /** The join condition between target {@code t} and source {@code s}. */
    public String condition() {
      return String.join(" AND ", keys.stream().map(k -> "t." + k + " = s." + k).toList());
    }
  }

  /** Overwrite mode. */
  record Overwrite() implements WriteMode {}
}
