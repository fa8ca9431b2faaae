package dev.strata.writer.internal;

import java.util.List;
import java.util.Map;

/**
 * A MERGE as the builder collected it.
 *
 * @param clauses in the order given; within a kind the first applicable clause wins
 */
public record MergeSpec(
    String targetAlias,
    String sourceAlias,
    String condition,
    List<Clause> clauses,
    String appId,
    long appVersion,
    String userMetadata) {

  /** When a clause applies. */
  public enum Kind {
    MATCHED,
    NOT_MATCHED,
    NOT_MATCHED_BY_SOURCE
  }

  /** What a clause does. */
  public enum ActionType {
    UPDATE_ALL,
    UPDATE,
    DELETE,
    INSERT_ALL,
    INSERT
  }

  /**
   * One WHEN clause.
   *
   * @param condition SQL, or null for unconditional
   * @param assignments target column to a SQL string or engine Column (UPDATE, INSERT)
   */
  public record Clause(
      Kind kind, String condition, ActionType action, Map<String, Object> assignments) {
    public Clause {
      assignments = assignments == null ? Map.of() : Map.copyOf(assignments);
    }
  }

  public MergeSpec {
    clauses = List.copyOf(clauses);
  }

  List<Clause> clauses(Kind kind) {
    return clauses.stream().filter(c -> c.kind() == kind).toList();
  }
}
