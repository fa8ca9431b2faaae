package dev.strata.writer;

import dev.strata.engine.Dataset;
import dev.strata.log.DeltaLog;
import dev.strata.writer.internal.EngineBridgeImpl;
import dev.strata.writer.internal.MergeJob;
import dev.strata.writer.internal.MergeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A MERGE INTO being configured: {@code whenMatched}, {@code whenNotMatched} and {@code
 * whenNotMatchedBySource} clauses in order (within a kind the first clause whose condition holds
 * applies), then {@link #execute()}. Clause conditions and assignment expressions are SQL over the
 * aliased target and source columns.
 */
public final class MergeBuilder {
  private final DeltaLog log;
  private final EngineBridgeImpl bridge;
  private final Dataset source;
  private final String targetAlias;
  private final String sourceAlias;
  private final String condition;
  private final List<MergeSpec.Clause> clauses = new ArrayList<>();
  private String appId;
  private long appVersion;
  private String userMetadata;

  MergeBuilder(
      DeltaLog log,
      EngineBridgeImpl bridge,
      Dataset source,
      String targetAlias,
      String sourceAlias,
      String condition,
      String appId,
      long appVersion,
      String userMetadata) {
    this.log = log;
    this.bridge = bridge;
    this.source = source;
    this.targetAlias = targetAlias;
    this.sourceAlias = sourceAlias;
    this.condition = condition;
    this.appId = appId;
    this.appVersion = appVersion;
    this.userMetadata = userMetadata;
  }

  /** Rows of the target that match a source row. */
  public Matched whenMatched() {
    return new Matched(null);
  }

  /** Matched rows for which {@code condition} also holds. */
  public Matched whenMatched(String clauseCondition) {
    return new Matched(clauseCondition);
  }

  /** Source rows that match no target row. */
  public NotMatched whenNotMatched() {
    return new NotMatched(null);
  }

  /** Unmatched source rows for which {@code condition} holds. */
  public NotMatched whenNotMatched(String clauseCondition) {
    return new NotMatched(clauseCondition);
  }

  /** Target rows that match no source row. */
  public NotMatchedBySource whenNotMatchedBySource() {
    return new NotMatchedBySource(null);
  }

  /** Target rows matching no source row for which {@code condition} holds. */
  public NotMatchedBySource whenNotMatchedBySource(String clauseCondition) {
    return new NotMatchedBySource(clauseCondition);
  }

  /** Commits {@code txn(appId, version)} with the MERGE; skips it if already committed. */
  public MergeBuilder idempotent(String newAppId, long version) {
    if (newAppId == null || newAppId.isBlank() || version < 0) {
      throw new IllegalArgumentException("idempotent needs an appId and a version >= 0");
    }
    this.appId = newAppId;
    this.appVersion = version;
    return this;
  }

  /** Free text recorded in the commit's {@code commitInfo}. */
  public MergeBuilder userMetadata(String text) {
    this.userMetadata = text;
    return this;
  }

  /**
   * Runs the MERGE and commits it.
   *
   * @throws MultipleSourceRowsMatchException when two source rows match one target row that a
   *     matched clause would change
   * @throws dev.strata.log.ConcurrentModificationException when a concurrent commit conflicts
   */
  public MergeMetrics execute() {
    if (clauses.isEmpty()) {
      throw new IllegalStateException(
          "A MERGE needs at least one whenMatched, whenNotMatched or whenNotMatchedBySource clause");
    }
    for (MergeSpec.Kind kind : MergeSpec.Kind.values()) {
      List<MergeSpec.Clause> ofKind = clauses.stream().filter(c -> c.kind() == kind).toList();
      for (int i = 0; i < ofKind.size() - 1; i++) {
        if (ofKind.get(i).condition() == null) {
          throw new IllegalStateException(
              "Only the last "
                  + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                  + " clause of a MERGE may omit its condition; clause "
                  + (i + 1)
                  + " of that kind has none, so the ones after it could never apply.");
        }
      }
    }
    MergeSpec spec =
        new MergeSpec(
            targetAlias, sourceAlias, condition, clauses, appId, appVersion, userMetadata);
    EngineBridgeImpl.Collected collected = bridge.collect(source);
    return new MergeJob(log, bridge).run(spec, collected.schema(), collected.batches());
  }

  /** The qualifier of the condition that is not the target's alias; {@code s} when none. */
  static String sourceAlias(String condition, String targetAlias) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*\\.\\s*[A-Za-z_`]")
            .matcher(condition.replaceAll("'([^']|'')*'", "''"));
    while (m.find()) {
      if (!m.group(1).equalsIgnoreCase(targetAlias)) {
        return m.group(1);
      }
    }
    return "s";
  }

  private MergeBuilder add(
      MergeSpec.Kind kind,
      String clauseCondition,
      MergeSpec.ActionType action,
      Map<String, ?> assignments) {
    clauses.add(
        new MergeSpec.Clause(
            kind,
            clauseCondition,
            action,
            assignments == null ? Map.of() : StrataTable.expressions(assignments)));
    return this;
  }

  /** Actions for matched rows. */
  public final class Matched {
    private final String clauseCondition;

    private Matched(String clauseCondition) {
      this.clauseCondition = clauseCondition;
    }

    /** Sets every target column that the source also has to the source's value. */
    public MergeBuilder updateAll() {
      return add(MergeSpec.Kind.MATCHED, clauseCondition, MergeSpec.ActionType.UPDATE_ALL, null);
    }

    /** Sets the given columns (values: {@code Column}s or SQL strings); others keep their value. */
    public MergeBuilder update(Map<String, ?> assignments) {
      return add(MergeSpec.Kind.MATCHED, clauseCondition, MergeSpec.ActionType.UPDATE, assignments);
    }

    /** Deletes the matched target row. */
    public MergeBuilder delete() {
      return add(MergeSpec.Kind.MATCHED, clauseCondition, MergeSpec.ActionType.DELETE, null);
    }
  }

  /** Actions for unmatched source rows. */
  public final class NotMatched {
    private final String clauseCondition;

    private NotMatched(String clauseCondition) {
      this.clauseCondition = clauseCondition;
    }

    /** Inserts the source row; target columns the source lacks are null. */
    public MergeBuilder insertAll() {
      return add(
          MergeSpec.Kind.NOT_MATCHED, clauseCondition, MergeSpec.ActionType.INSERT_ALL, null);
    }

    /** Inserts a row with the given column values; unassigned columns are null. */
    public MergeBuilder insert(Map<String, ?> values) {
      return add(MergeSpec.Kind.NOT_MATCHED, clauseCondition, MergeSpec.ActionType.INSERT, values);
    }
  }

  /** Actions for target rows no source row matches. */
  public final class NotMatchedBySource {
    private final String clauseCondition;

    private NotMatchedBySource(String clauseCondition) {
      this.clauseCondition = clauseCondition;
    }

    /** Deletes the target row. */
    public MergeBuilder delete() {
      return add(
          MergeSpec.Kind.NOT_MATCHED_BY_SOURCE, clauseCondition, MergeSpec.ActionType.DELETE, null);
    }

    /** Updates the target row (expressions may use target columns only). */
    public MergeBuilder update(Map<String, ?> assignments) {
      return add(
          MergeSpec.Kind.NOT_MATCHED_BY_SOURCE,
          clauseCondition,
          MergeSpec.ActionType.UPDATE,
          assignments);
    }
  }
}
