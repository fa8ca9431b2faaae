package dev.strata.cli.table;

import dev.strata.engine.BoundExpression;
import dev.strata.engine.Column;
import dev.strata.engine.Expressions;
import dev.strata.format.CloseableIterator;
import dev.strata.format.StrataException;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.BooleanVector;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.log.ScanBuilder;
import dev.strata.log.ScanFile;
import dev.strata.log.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads a snapshot for {@code scan} and {@code count}: the log's scan prunes files by the
 * partition-only parts of the predicate and reads the needed columns (partition values, column
 * mapping and deletion vectors handled); the engine's expressions evaluate the whole predicate on
 * each batch.
 */
final class TableScanner {
  private final Snapshot snapshot;
  private final StructType outputSchema;
  private final String where;
  private final Column predicate;
  private final List<String> readColumns;
  private final boolean partitionOnly;

  /**
   * @param columns the output columns, null for all
   * @param where a SQL predicate, or null
   */
  TableScanner(Snapshot snapshot, List<String> columns, String where) {
    this.snapshot = snapshot;
    StructType schema = snapshot.schema();
    this.outputSchema = columns == null ? schema : select(schema, columns);
    this.where = where;
    this.predicate = where == null || where.isBlank() ? null : Expressions.parse(where);
    Set<String> read = new LinkedHashSet<>(outputSchema.fieldNames());
    boolean onlyPartitions = true;
    if (predicate != null) {
      // Binding checks names and types now, before any file is read.
      Expressions.bind(predicate, schema);
      for (String referenced : Expressions.referencedColumns(predicate)) {
        String name = schema.field(referenced).name();
        read.add(name);
        if (snapshot.partitionColumns().stream().noneMatch(p -> p.equalsIgnoreCase(name))) {
          onlyPartitions = false;
        }
      }
    }
    this.readColumns = List.copyOf(read);
    this.partitionOnly = onlyPartitions;
  }

  private static StructType select(StructType schema, List<String> columns) {
    List<StructField> fields = new ArrayList<>();
    for (String column : columns) {
      String name = column.trim();
      if (name.isEmpty()) {
        continue;
      }
      int index = schema.indexOf(name);
      if (index < 0) {
        throw new StrataException(
            "No column '" + name + "' in the table; its columns are " + schema.fieldNames());
      }
      fields.add(schema.field(index));
    }
    if (fields.isEmpty()) {
      throw new StrataException("--columns names no column");
    }
    return new StructType(fields);
  }

  StructType outputSchema() {
    return outputSchema;
  }

  private List<ScanFile> files(List<String> columns) {
    ScanBuilder builder = snapshot.scan().withColumns(columns);
    if (predicate != null && !snapshot.partitionColumns().isEmpty()) {
      List<StructField> partitionFields = new ArrayList<>();
      for (String p : snapshot.partitionColumns()) {
        partitionFields.add(snapshot.schema().field(p));
      }
      Predicate<java.util.Map<String, Object>> filter =
          Expressions.partitionPredicate(predicate, new StructType(partitionFields));
      builder.withPartitionFilter(filter);
    }
    return builder.build().files();
  }

  /** Calls {@code sink} with batches of the output schema until it returns false or rows end. */
  void forEachBatch(long limit, java.util.function.Predicate<ColumnBatch> sink) {
    long remaining = limit < 0 ? Long.MAX_VALUE : limit;
    if (remaining == 0) {
      return;
    }
    List<ScanFile> files = files(readColumns);
    BoundExpression bound = null;
    int[] projection = null;
    for (ScanFile file : files) {
      try (CloseableIterator<ColumnBatch> batches = file.read()) {
        while (batches.hasNext()) {
          ColumnBatch batch = batches.next();
          if (bound == null && predicate != null) {
            bound = Expressions.bind(predicate, batch.schema());
          }
          if (projection == null) {
            projection = new int[outputSchema.size()];
            for (int i = 0; i < projection.length; i++) {
              projection[i] = batch.schema().indexOf(outputSchema.field(i).name());
            }
          }
          ColumnBatch rows = bound == null ? batch : filter(batch, bound);
          if (rows.numRows() == 0) {
            continue;
          }
          ColumnBatch out = rows.project(projection, outputSchema);
          if (out.numRows() > remaining) {
            out = out.slice(0, (int) remaining);
          }
          remaining -= out.numRows();
          if (!sink.test(out) || remaining == 0) {
            return;
          }
        }
      }
    }
  }

  /** The number of matching rows: from file statistics where they suffice. */
  long count() {
    if (predicate == null || partitionOnly) {
      List<ScanFile> files = files(List.of());
      long total = 0;
      boolean known = true;
      for (ScanFile file : files) {
        OptionalLong n = file.numRecords();
        if (n.isEmpty()) {
          known = false;
          break;
        }
        total += n.getAsLong();
      }
      if (known) {
        return total;
      }
    }
    long[] total = {0};
    List<String> columns =
        predicate == null ? List.of(snapshot.schema().field(0).name()) : predicateColumns();
    TableScanner counter = new TableScanner(snapshot, columns, where);
    counter.forEachBatch(
        -1,
        batch -> {
          total[0] += batch.numRows();
          return true;
        });
    return total[0];
  }

  private List<String> predicateColumns() {
    List<String> names = new ArrayList<>();
    for (String referenced : Expressions.referencedColumns(predicate)) {
      names.add(snapshot.schema().field(referenced).name());
    }
    return names.isEmpty() ? List.of(snapshot.schema().field(0).name()) : names;
  }

  private static ColumnBatch filter(ColumnBatch batch, BoundExpression bound) {
    ColumnVector result = bound.evaluate(batch);
    if (!(result instanceof BooleanVector mask)) {
      throw new StrataException(
          "The --where predicate is not a condition (it evaluates to "
              + bound.dataType().simpleString().toLowerCase(Locale.ROOT)
              + ")");
    }
    int[] rows = new int[batch.numRows()];
    int n = 0;
    for (int i = 0; i < batch.numRows(); i++) {
      if (!mask.isNull(i) && mask.getBoolean(i)) {
        rows[n++] = i;
      }
    }
    return n == batch.numRows() ? batch : batch.gather(rows, n);
  }
}
