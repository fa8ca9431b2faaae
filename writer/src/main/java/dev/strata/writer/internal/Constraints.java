package dev.strata.writer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.BooleanVector;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.writer.ConstraintViolationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * The row-level rules of a table, checked on every batch before it is written: NOT NULL columns,
 * {@code delta.constraints.<name>} CHECK constraints, {@code delta.invariants} column metadata, and
 * (for replaceWhere) the overwrite condition. A row for which a rule is false or null fails the
 * write with the row shown.
 */
public final class Constraints {
  /** Table property prefix of CHECK constraints. */
  public static final String CONSTRAINT_PREFIX = "delta.constraints.";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A compiled boolean SQL expression over batches of the table schema. */
  public interface Condition {
    /** A boolean vector (nulls allowed) with one value per row. */
    ColumnVector evaluate(ColumnBatch batch);
  }

  private record Rule(String kind, String name, String sql, Condition condition) {}

  private final String table;
  private final StructType schema;
  private final int[] notNullColumns;
  private final List<Rule> rules;

  private Constraints(String table, StructType schema, int[] notNullColumns, List<Rule> rules) {
    this.table = table;
    this.schema = schema;
    this.notNullColumns = notNullColumns;
    this.rules = rules;
  }

  /**
   * The rules of a table with {@code schema} and {@code configuration}; {@code compiler} turns a
   * SQL expression into a condition over the schema.
   */
  public static Constraints of(
      String table,
      StructType schema,
      Map<String, String> configuration,
      Function<String, Condition> compiler) {
    List<Integer> notNull = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < schema.size(); i++) {
      StructField field = schema.field(i);
      if (!field.nullable()) {
        notNull.add(i);
      }
      String invariant = invariantOf(field);
      if (invariant != null) {
        rules.add(new Rule("invariant", field.name(), invariant, compiler.apply(invariant)));
      }
    }
    for (Map.Entry<String, String> entry : configuration.entrySet()) {
      if (entry.getKey().startsWith(CONSTRAINT_PREFIX)) {
        String name = entry.getKey().substring(CONSTRAINT_PREFIX.length());
        rules.add(
            new Rule("CHECK constraint", name, entry.getValue(), compiler.apply(entry.getValue())));
      }
    }
    return new Constraints(
        table, schema, notNull.stream().mapToInt(Integer::intValue).toArray(), rules);
  }

  /** These rules plus the replaceWhere condition every written row must satisfy. */
  public Constraints withReplaceWhere(String sql, Condition condition) {
    List<Rule> more = new ArrayList<>(rules);
    more.add(new Rule("replaceWhere condition", "replaceWhere", sql, condition));
    return new Constraints(table, schema, notNullColumns, more);
  }

  /** Whether there is anything to check. */
  public boolean isEmpty() {
    return notNullColumns.length == 0 && rules.isEmpty();
  }

  private static String invariantOf(StructField field) {
    Object raw = field.metadata().get("delta.invariants");
    if (raw == null) {
      return null;
    }
    try {
      JsonNode node = raw instanceof String s ? JSON.readTree(s) : JSON.valueToTree(raw);
      JsonNode expression = node.path("expression").path("expression");
      return expression.isTextual() ? expression.asText() : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Checks a batch in the table schema.
   *
   * @throws ConstraintViolationException naming the rule and showing the first offending row
   */
  public void check(ColumnBatch batch) {
    int n = batch.numRows();
    for (int column : notNullColumns) {
      ColumnVector vector = batch.column(column);
      if (!vector.mayHaveNulls()) {
        continue;
      }
      for (int row = 0; row < n; row++) {
        if (vector.isNull(row)) {
          throw new ConstraintViolationException(
              "NOT NULL constraint violated on table "
                  + table
                  + ": column "
                  + schema.field(column).name()
                  + " is null in row "
                  + describe(batch, row)
                  + ". Nothing was written.");
        }
      }
    }
    for (Rule rule : rules) {
      ColumnVector result = rule.condition.evaluate(batch);
      for (int row = 0; row < n; row++) {
        boolean ok =
            !result.isNull(row)
                && (result instanceof BooleanVector b
                    ? b.getBoolean(row)
                    : Boolean.TRUE.equals(result.get(row)));
        if (!ok) {
          throw new ConstraintViolationException(
              rule.kind
                  + " "
                  + ("replaceWhere".equals(rule.name) ? "" : rule.name + " ")
                  + "("
                  + rule.sql
                  + ") violated on table "
                  + table
                  + " by row "
                  + describe(batch, row)
                  + ". Nothing was written.");
        }
      }
    }
  }

  static String describe(ColumnBatch batch, int row) {
    StringJoiner joiner = new StringJoiner(", ", "{", "}");
    for (int i = 0; i < batch.numColumns(); i++) {
      joiner.add(batch.schema().field(i).name() + "=" + batch.column(i).get(row));
    }
    return joiner.toString();
  }
}
