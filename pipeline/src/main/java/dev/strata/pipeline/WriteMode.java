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

  /**
   * Merge mode.
   *
   * @param keys the key columns matched between target and source
   * @param scope whether a match is searched in the whole table or only in the step's partition
   */
  record Merge(List<String> keys, Scope scope) implements WriteMode {
    /** Where matches are searched. */
    public enum Scope {
      /** Anywhere in the target table. */
      TABLE,
      /**
       * Only in the partition being processed: the partition column joins the keys. Right when a
       * key never moves between partitions (an order keeps its date); then MERGEs of different
       * partitions read disjoint data and commit concurrently without conflicts.
       */
      PARTITION
    }

    /** Validates. */
    public Merge {
      keys = List.copyOf(keys);
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("MERGE needs at least one key column");
      }
      java.util.Objects.requireNonNull(scope, "scope");
    }

    /** The same MERGE, matching only inside the step's partition. */
    public Merge withinPartition() {
      return new Merge(keys, Scope.PARTITION);
    }

    /**
     * The join condition between target {@code t} and source {@code s}.
     *
     * @param partitionColumn the pipeline's partition column, or null
     */
    public String condition(String partitionColumn) {
      List<String> all = new java.util.ArrayList<>(keys);
      if (scope == Scope.PARTITION && partitionColumn != null && !all.contains(partitionColumn)) {
        all.add(partitionColumn);
      }
      return String.join(" AND ", all.stream().map(k -> "t." + k + " = s." + k).toList());
    }
  }

  /** Overwrite mode. */
  record Overwrite() implements WriteMode {}
}
