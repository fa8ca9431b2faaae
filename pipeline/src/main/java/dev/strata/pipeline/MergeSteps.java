package dev.strata.pipeline;

import static dev.strata.engine.functions.col;
import static dev.strata.engine.functions.count;
import static dev.strata.engine.functions.lit;

import dev.strata.engine.Column;
import dev.strata.engine.Dataset;
import dev.strata.engine.SaveMode;
import dev.strata.engine.Strata;
import dev.strata.format.Row;
import dev.strata.format.types.StructField;
import dev.strata.log.DeltaLog;
import dev.strata.writer.MergeBuilder;
import dev.strata.writer.MergeMetrics;
import dev.strata.writer.MultipleSourceRowsMatchException;
import dev.strata.writer.StrataTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** How a {@link WriteMode.Merge} step writes: the checks before it, and the MERGE itself. */
final class MergeSteps {
  /** Duplicate keys named in the error; more would bury the message. */
  private static final int KEYS_SHOWN = 5;

  private static final String ROWS = "__strata_rows";

  private MergeSteps() {}

  /**
   * Fails before anything is written when the step's output has two rows for one key. The writer
   * finds such rows only when both match a target row, so without this a first run into an empty
   * partition would insert both and every later run fail; null keys never match and are let be.
   *
   * @throws MultipleSourceRowsMatchException naming the keys and the fix
   */
  static void checkUniqueKeys(
      String step, PlanNode node, WriteMode.Merge m, Dataset out, String partitionColumn) {
    List<String> keys = m.uniqueColumns(partitionColumn);
    Column present = null;
    for (String k : keys) {
      present = present == null ? col(k).isNotNull() : present.and(col(k).isNotNull());
    }
    List<Row> dups =
        out.where(present)
            .groupBy(keys.toArray(String[]::new))
            .agg(count(lit(1)).as(ROWS))
            .where(col(ROWS).gt(1))
            .orderBy(col(ROWS).desc())
            .limit(KEYS_SHOWN + 1)
            .collect();
    if (dups.isEmpty()) {
      return;
    }
    List<String> shown = new ArrayList<>();
    for (Row r : dups.subList(0, Math.min(KEYS_SHOWN, dups.size()))) {
      List<String> parts = new ArrayList<>();
      for (String k : keys) {
        parts.add(k + "=" + r.get(k));
      }
      shown.add(r.get(ROWS) + " rows for " + String.join(", ", parts));
    }
    String keyList = String.join(", ", keys);
    String quoted = String.join(", ", keys.stream().map(k -> "\"" + k + "\"").toList());
    throw new MultipleSourceRowsMatchException(
        "MERGE of step '"
            + step
            + "' for "
            + node.key.label()
            + " into "
            + node.target
            + ": its output has "
            + String.join("; ", shown)
            + (dups.size() > KEYS_SHOWN ? "; and more keys" : "")
            + ". A MERGE takes at most one source row per key ("
            + keyList
            + "): deduplicate in the step's transformation, keeping the latest row of each key,"
            + " e.g. dataset.dropDuplicates(List.of("
            + quoted
            + "), col(\"<updated_at>\").desc()). Nothing was written.");
  }

  /**
   * Whether appending the output is what the MERGE would do to a missing table: nothing matches
   * there, so only the not-matched clauses count, and one unconditional insert-all inserts it all.
   */
  static boolean appendIsTheSameOnAnEmptyTarget(WriteMode.Merge m) {
    List<WriteMode.Merge.Clause> inserts =
        m.effectiveClauses().stream()
            .filter(c -> c.kind() == WriteMode.Merge.Kind.NOT_MATCHED)
            .toList();
    return inserts.size() == 1
        && inserts.get(0).condition() == null
        && inserts.get(0).action() == WriteMode.Merge.Action.INSERT_ALL;
  }

  /**
   * Adds the output's columns that the target lacks, with a commit of no rows before the MERGE. It
   * carries no marker: a rerun finds the columns there and adds nothing.
   */
  static void evolveSchema(String target, Dataset out, List<String> partitionBy) {
    Set<String> existing = new HashSet<>();
    for (StructField f : DeltaLog.forTable(target).latestSnapshot().schema().fields()) {
      existing.add(f.name().toLowerCase(Locale.ROOT));
    }
    boolean added =
        out.schema().fields().stream()
            .anyMatch(f -> !existing.contains(f.name().toLowerCase(Locale.ROOT)));
    if (added) {
      out.limit(0)
          .write()
          .partitionBy(partitionBy)
          .mode(SaveMode.APPEND)
          .mergeSchema()
          .save(target);
    }
  }

  /** Runs the MERGE with the step's marker. */
  static MergeMetrics merge(
      Strata session, PlanNode node, long version, WriteMode.Merge m, Dataset out, String col) {
    MergeBuilder b =
        StrataTable.forPath(session, node.target).as("t").merge(out.as("s"), m.condition(col));
    for (WriteMode.Merge.Clause c : m.effectiveClauses()) {
      String cond = c.condition();
      b =
          switch (c.kind()) {
            case MATCHED ->
                switch (c.action()) {
                  case UPDATE -> b.whenMatched(cond).update(c.assignments());
                  case UPDATE_ALL -> b.whenMatched(cond).updateAll();
                  case DELETE -> b.whenMatched(cond).delete();
                  default -> throw invalid(c);
                };
            case NOT_MATCHED ->
                switch (c.action()) {
                  case INSERT -> b.whenNotMatched(cond).insert(c.assignments());
                  case INSERT_ALL -> b.whenNotMatched(cond).insertAll();
                  default -> throw invalid(c);
                };
            case NOT_MATCHED_BY_SOURCE -> {
              // A day's MERGE must not delete or change the other days' rows.
              String scoped =
                  col == null
                      ? cond
                      : "t."
                          + col
                          + " = '"
                          + node.key.value().replace("'", "''")
                          + "'"
                          + (cond == null ? "" : " AND (" + cond + ")");
              yield switch (c.action()) {
                case UPDATE -> b.whenNotMatchedBySource(scoped).update(c.assignments());
                case DELETE -> b.whenNotMatchedBySource(scoped).delete();
                default -> throw invalid(c);
              };
            }
          };
    }
    return b.idempotent(node.appId, version).execute();
  }

  private static PipelineException invalid(WriteMode.Merge.Clause c) {
    return new PipelineException(
        "A MERGE clause " + c.kind() + " cannot " + c.action() + "; see WriteMode.Merge");
  }
}
