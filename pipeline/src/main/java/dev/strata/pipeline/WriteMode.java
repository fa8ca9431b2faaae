package dev.strata.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

  /**
   * MERGE on the given key columns. Without clauses, matched rows are updated and others inserted
   * ({@code whenMatched().updateAll().whenNotMatched().insertAll()}); {@link Merge#on}, the {@code
   * when...} clauses and {@link Merge#withSchemaEvolution()} give the whole MERGE vocabulary. The
   * source must hold at most one row per key: a step whose output has two fails before writing.
   */
  static Merge merge(String... keys) {
    return new Merge(List.of(keys), Merge.Scope.TABLE);
  }

  /** Replaces the whole table. */
  static WriteMode overwrite() {
    return new Overwrite();
  }

  /**
   * The step's output is written by {@code action}, for logic no other mode covers (an SCD type 2
   * history, several statements). The action receives the target with the step's idempotency marker
   * and must make exactly one commit carrying it (a MERGE, DELETE, UPDATE or write of {@link
   * StepTarget#table()} or {@link StepTarget#write}); the step fails if none does.
   */
  static WriteMode custom(StepAction action) {
    return new Custom(action);
  }

  /** Append mode. */
  record Append() implements WriteMode {}

  /** Replace-partition mode. */
  record ReplacePartition() implements WriteMode {}

  /**
   * A custom write.
   *
   * @param action what writes the step's output
   */
  record Custom(StepAction action) implements WriteMode {
    /** Validates. */
    public Custom {
      Objects.requireNonNull(action, "action");
    }
  }

  /**
   * Merge mode.
   *
   * @param keys the key columns matched between target {@code t} and source {@code s}; the source
   *     may hold one row per key only
   * @param scope whether a match is searched in the whole table or only in the step's partition
   * @param on a further condition of the match (SQL over {@code t.} and {@code s.}), or null
   * @param clauses the clauses in order; empty for update-all / insert-all
   * @param schemaEvolution whether source columns the target lacks are added to it first
   */
  record Merge(
      List<String> keys, Scope scope, String on, List<Clause> clauses, boolean schemaEvolution)
      implements WriteMode {
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

    /** Which rows a clause applies to. */
    public enum Kind {
      /** Target rows that match a source row. */
      MATCHED,
      /** Source rows that match no target row. */
      NOT_MATCHED,
      /**
       * Target rows that match no source row; in a partitioned step only those of the step's
       * partition, so that a day's MERGE never touches the other days.
       */
      NOT_MATCHED_BY_SOURCE
    }

    /** What a clause does. */
    public enum Action {
      /** Sets the assigned columns. */
      UPDATE,
      /** Sets every target column the source has. */
      UPDATE_ALL,
      /** Deletes the target row. */
      DELETE,
      /** Inserts a row with the assigned values. */
      INSERT,
      /** Inserts the source row. */
      INSERT_ALL
    }

    /**
     * One WHEN clause.
     *
     * @param kind which rows
     * @param condition SQL that must also hold, or null
     * @param action what to do
     * @param assignments column to value (a SQL string or a {@code Column}) for UPDATE and INSERT
     */
    public record Clause(Kind kind, String condition, Action action, Map<String, ?> assignments) {
      /** Validates. */
      public Clause {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(action, "action");
        assignments =
            assignments == null
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(assignments));
        boolean allowed =
            switch (kind) {
              case MATCHED ->
                  action == Action.UPDATE || action == Action.UPDATE_ALL || action == Action.DELETE;
              case NOT_MATCHED -> action == Action.INSERT || action == Action.INSERT_ALL;
              case NOT_MATCHED_BY_SOURCE -> action == Action.UPDATE || action == Action.DELETE;
            };
        if (!allowed) {
          throw new IllegalArgumentException("A " + kind + " clause of a MERGE cannot " + action);
        }
        if ((action == Action.UPDATE || action == Action.INSERT) && assignments.isEmpty()) {
          throw new IllegalArgumentException(action + " of a MERGE clause needs assignments");
        }
      }
    }

    /** A merge on the keys with the default clauses. */
    public Merge(List<String> keys, Scope scope) {
      this(keys, scope, null, List.of(), false);
    }

    /** Validates. */
    public Merge {
      keys = List.copyOf(keys);
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("MERGE needs at least one key column");
      }
      Objects.requireNonNull(scope, "scope");
      clauses = List.copyOf(clauses);
      for (Kind kind : Kind.values()) {
        List<Clause> ofKind = clauses.stream().filter(c -> c.kind() == kind).toList();
        for (int i = 0; i < ofKind.size() - 1; i++) {
          if (ofKind.get(i).condition() == null) {
            throw new IllegalArgumentException(
                "Only the last "
                    + kind
                    + " clause of a MERGE may omit its condition; the clauses after it could"
                    + " never apply");
          }
        }
      }
    }

    /** The same MERGE, matching only inside the step's partition. */
    public Merge withinPartition() {
      return new Merge(keys, Scope.PARTITION, on, clauses, schemaEvolution);
    }

    /** The same MERGE, matching only where {@code condition} holds as well as the keys. */
    public Merge on(String condition) {
      return new Merge(keys, scope, Objects.requireNonNull(condition), clauses, schemaEvolution);
    }

    /** The same MERGE, adding the source's new columns to the target before it merges. */
    public Merge withSchemaEvolution() {
      return new Merge(keys, scope, on, clauses, true);
    }

    /** Adds a clause for target rows that match a source row. */
    public Matched whenMatched() {
      return new Matched(this, null);
    }

    /** Adds a clause for matched rows where {@code condition} holds. */
    public Matched whenMatched(String condition) {
      return new Matched(this, Objects.requireNonNull(condition));
    }

    /** Adds a clause for source rows that match no target row. */
    public NotMatched whenNotMatched() {
      return new NotMatched(this, null);
    }

    /** Adds a clause for unmatched source rows where {@code condition} holds. */
    public NotMatched whenNotMatched(String condition) {
      return new NotMatched(this, Objects.requireNonNull(condition));
    }

    /** Adds a clause for target rows (of the step's partition) that match no source row. */
    public NotMatchedBySource whenNotMatchedBySource() {
      return new NotMatchedBySource(this, null);
    }

    /** Adds a clause for unmatched target rows where {@code condition} holds. */
    public NotMatchedBySource whenNotMatchedBySource(String condition) {
      return new NotMatchedBySource(this, Objects.requireNonNull(condition));
    }

    Merge with(Clause c) {
      List<Clause> all = new ArrayList<>(clauses);
      all.add(c);
      return new Merge(keys, scope, on, all, schemaEvolution);
    }

    /** The clauses the MERGE runs: the declared ones, or update-all then insert-all. */
    public List<Clause> effectiveClauses() {
      if (!clauses.isEmpty()) {
        return clauses;
      }
      return List.of(
          new Clause(Kind.MATCHED, null, Action.UPDATE_ALL, null),
          new Clause(Kind.NOT_MATCHED, null, Action.INSERT_ALL, null));
    }

    /** The key columns one source row at most may have, with the partition column if scoped. */
    public List<String> uniqueColumns(String partitionColumn) {
      List<String> all = new ArrayList<>(keys);
      if (scope == Scope.PARTITION && partitionColumn != null && !all.contains(partitionColumn)) {
        all.add(partitionColumn);
      }
      return all;
    }

    /**
     * The join condition between target {@code t} and source {@code s}.
     *
     * @param partitionColumn the pipeline's partition column, or null
     */
    public String condition(String partitionColumn) {
      String keyed =
          String.join(
              " AND ",
              uniqueColumns(partitionColumn).stream().map(k -> "t." + k + " = s." + k).toList());
      return on == null ? keyed : keyed + " AND (" + on + ")";
    }

    /** Clauses for target rows that match a source row. */
    public static final class Matched {
      private final Merge merge;
      private final String condition;

      private Matched(Merge merge, String condition) {
        this.merge = merge;
        this.condition = condition;
      }

      /** Sets every target column the source also has to the source's value. */
      public Merge updateAll() {
        return merge.with(new Clause(Kind.MATCHED, condition, Action.UPDATE_ALL, null));
      }

      /** Sets the given columns (SQL strings or {@code Column}s); others keep their value. */
      public Merge update(Map<String, ?> assignments) {
        return merge.with(new Clause(Kind.MATCHED, condition, Action.UPDATE, assignments));
      }

      /** Deletes the matched target row. */
      public Merge delete() {
        return merge.with(new Clause(Kind.MATCHED, condition, Action.DELETE, null));
      }
    }

    /** Clauses for source rows that match no target row. */
    public static final class NotMatched {
      private final Merge merge;
      private final String condition;

      private NotMatched(Merge merge, String condition) {
        this.merge = merge;
        this.condition = condition;
      }

      /** Inserts the source row. */
      public Merge insertAll() {
        return merge.with(new Clause(Kind.NOT_MATCHED, condition, Action.INSERT_ALL, null));
      }

      /** Inserts a row with the given values; unassigned columns are null. */
      public Merge insert(Map<String, ?> values) {
        return merge.with(new Clause(Kind.NOT_MATCHED, condition, Action.INSERT, values));
      }
    }

    /** Clauses for target rows no source row matches. */
    public static final class NotMatchedBySource {
      private final Merge merge;
      private final String condition;

      private NotMatchedBySource(Merge merge, String condition) {
        this.merge = merge;
        this.condition = condition;
      }

      /** Updates the target row (expressions over target columns). */
      public Merge update(Map<String, ?> assignments) {
        return merge.with(
            new Clause(Kind.NOT_MATCHED_BY_SOURCE, condition, Action.UPDATE, assignments));
      }

      /** Deletes the target row. */
      public Merge delete() {
        return merge.with(new Clause(Kind.NOT_MATCHED_BY_SOURCE, condition, Action.DELETE, null));
      }
    }
  }

  /** Overwrite mode. */
  record Overwrite() implements WriteMode {}
}
