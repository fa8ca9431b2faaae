package dev.strata.cli;

import dev.strata.engine.Column;
import dev.strata.engine.Expressions;
import dev.strata.format.StrataException;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A SQL predicate that may only use partition columns ({@code day = '2024-01-05' AND region IN
 * ('eu', 'us')}), as a test on a file's partition values as the log stores them. Parsed and
 * evaluated by the engine's expressions.
 */
public final class PartitionFilter {
  private PartitionFilter() {}

  /** The filter for {@code predicate} on the partition columns of {@code snapshot}'s table. */
  public static Predicate<Map<String, String>> parse(String predicate, Snapshot snapshot) {
    Column column = Expressions.parse(predicate);
    List<StructField> partitionFields = new ArrayList<>();
    for (String name : snapshot.partitionColumns()) {
      partitionFields.add(snapshot.schema().field(name));
    }
    StructType partitionSchema = new StructType(partitionFields);
    for (String referenced : Expressions.referencedColumns(column)) {
      if (partitionSchema.indexOf(referenced) < 0) {
        throw new StrataException(
            "Invalid predicate \""
                + predicate
                + "\": '"
                + referenced
                + "' is not a partition column; this filter may only use "
                + (snapshot.partitionColumns().isEmpty()
                    ? "partition columns, and the table has none"
                    : "the partition columns " + snapshot.partitionColumns()));
      }
    }
    // Binding checks types now, before any file is touched.
    Expressions.bind(column, partitionSchema);
    Predicate<Map<String, Object>> typed = Expressions.partitionPredicate(column, partitionSchema);
    return values -> typed.test(new HashMap<>(values));
  }
}
