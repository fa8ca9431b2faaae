package dev.strata.writer.internal;

import dev.strata.engine.BoundExpression;
import dev.strata.engine.Column;
import dev.strata.engine.Dataset;
import dev.strata.engine.Expressions;
import dev.strata.engine.Strata;
import dev.strata.format.CloseableIterator;
import dev.strata.format.StoragePaths;
import dev.strata.format.parquet.ParquetDataReader;
import dev.strata.format.stats.DeltaStats;
import dev.strata.format.stats.FileStats;
import dev.strata.format.stats.StatsPredicate;
import dev.strata.format.types.DataType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.log.AddFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** {@link EngineBridge} over the engine's public expression API. */
public final class EngineBridgeImpl implements EngineBridge {
  private final Strata strata;

  public EngineBridgeImpl(Strata strata) {
    this.strata = strata;
  }

  public Strata strata() {
    return strata;
  }

  /** The SQL text of a predicate given as a String or a Column, for commit parameters. */
  public static String sql(Object expression) {
    return expression instanceof Column c ? c.toString() : (String) expression;
  }

  private static Column column(Object expression) {
    return expression instanceof Column c ? c : Expressions.parse((String) expression);
  }

  /**
   * Bound expressions are not thread-safe; each thread binds its own copy (binding is cheap) so a
   * compiled condition can be shared by all tasks of a write.
   */
  private static Constraints.Condition perThread(
      Column column, StructType bindSchema, java.util.function.UnaryOperator<ColumnBatch> adapt) {
    BoundExpression first = Expressions.bind(column, bindSchema); // fail fast on bad input
    ThreadLocal<BoundExpression> bound =
        ThreadLocal.withInitial(() -> Expressions.bind(column, bindSchema));
    Thread owner = Thread.currentThread();
    return batch -> {
      BoundExpression b = Thread.currentThread() == owner ? first : bound.get();
      return b.evaluate(adapt.apply(batch));
    };
  }

  @Override
  public Constraints.Condition compile(Object expression, StructType schema) {
    return perThread(column(expression), schema, b -> b);
  }

  /**
   * Compiles over side-by-side inputs. Each input column is bound under the literal name {@code
   * alias.column} (which the engine's resolver matches for a qualified reference), and columns
   * whose name is unique across the inputs also under their bare name.
   */
  @Override
  public Constraints.Condition compile(Object expression, List<Input> inputs, DataType resultType) {
    Column column = column(expression);
    if (resultType != null) {
      column = column.cast(resultType);
    }
    Map<String, Integer> counts = new HashMap<>();
    for (Input input : inputs) {
      for (StructField f : input.schema().fields()) {
        counts.merge(f.name().toLowerCase(Locale.ROOT), 1, Integer::sum);
      }
    }
    List<StructField> fields = new ArrayList<>();
    List<Integer> sources = new ArrayList<>();
    int offset = 0;
    for (Input input : inputs) {
      for (int i = 0; i < input.schema().size(); i++) {
        StructField f = input.schema().field(i);
        fields.add(f.withName(input.alias() == null ? f.name() : input.alias() + "." + f.name()));
        sources.add(offset + i);
      }
      offset += input.schema().size();
    }
    if (inputs.size() > 1) {
      offset = 0;
      for (Input input : inputs) {
        for (int i = 0; i < input.schema().size(); i++) {
          StructField f = input.schema().field(i);
          if (input.alias() != null && counts.get(f.name().toLowerCase(Locale.ROOT)) == 1) {
            fields.add(f);
            sources.add(offset + i);
          }
        }
        offset += input.schema().size();
      }
    }
    StructType bindSchema = new StructType(fields);
    int[] map = sources.stream().mapToInt(Integer::intValue).toArray();
    boolean identity = map.length == offset;
    for (int i = 0; identity && i < map.length; i++) {
      identity = map[i] == i;
    }
    if (identity && inputs.size() == 1 && inputs.get(0).alias() == null) {
      return perThread(column, bindSchema, b -> b);
    }
    return perThread(
        column,
        bindSchema,
        batch -> {
          ColumnVector[] columns = new ColumnVector[map.length];
          for (int i = 0; i < map.length; i++) {
            columns[i] = batch.column(map[i]);
          }
          return new ColumnBatch(bindSchema, columns, batch.numRows());
        });
  }

  @Override
  public Predicate<Map<String, String>> partitionFilter(
      Object expression, StructType schema, List<String> partitionColumns) {
    Column predicate = column(expression);
    Set<String> partitions = lower(partitionColumns);
    for (String ref : Expressions.referencedColumns(predicate)) {
      if (!partitions.contains(ref.toLowerCase(Locale.ROOT))) {
        return null;
      }
    }
    // Validate names and types against the full schema: bad input changes nothing.
    Expressions.bind(predicate, schema);
    Predicate<Map<String, Object>> typed =
        Expressions.partitionPredicate(predicate, schema.select(partitionColumns));
    return values -> typed.test(new HashMap<>(values));
  }

  @Override
  public Predicate<AddFile> fileFilter(
      Object expression, StructType schema, List<String> partitionColumns) {
    Column predicate = column(expression);
    Expressions.bind(predicate, schema);
    Predicate<Map<String, Object>> partitions =
        partitionColumns.isEmpty()
            ? v -> true
            : Expressions.partitionPredicate(predicate, schema.select(partitionColumns));
    StructType dataSchema = schema.without(partitionColumns);
    StatsPredicate stats = statsPredicate(predicate, schema);
    return file -> {
      if (!partitions.test(new HashMap<>(file.partitionValues()))) {
        return false;
      }
      if (stats == null || file.stats() == null) {
        return true;
      }
      try {
        FileStats parsed = DeltaStats.parse(file.stats(), dataSchema);
        return parsed.mightMatch(stats);
      } catch (RuntimeException e) {
        return true;
      }
    };
  }

  @Override
  public CloseableIterator<ColumnBatch> readFile(
      dev.strata.format.Storage storage,
      String tableRoot,
      AddFile file,
      StructType schema,
      List<String> partitionColumns) {
    String decoded = DataFiles.decodePath(file.path());
    String path =
        decoded.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")
            ? decoded
            : StoragePaths.join(tableRoot, decoded);
    StructType dataSchema = schema.without(partitionColumns);
    int[] dataIndex = new int[schema.size()];
    Object[] constants = new Object[schema.size()];
    int d = 0;
    Set<String> partitions = lower(partitionColumns);
    for (int i = 0; i < schema.size(); i++) {
      StructField f = schema.field(i);
      if (partitions.contains(f.name().toLowerCase(Locale.ROOT))) {
        dataIndex[i] = -1;
        String raw = lookup(file.partitionValues(), f.name());
        constants[i] = raw == null ? null : DataFiles.parsePartitionValue(f.type(), raw);
      } else {
        dataIndex[i] = d++;
      }
    }
    CloseableIterator<ColumnBatch> data =
        ParquetDataReader.openCommitted(storage, path, file.size(), dataSchema, null);
    if (partitionColumns.isEmpty()) {
      return data;
    }
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return data.hasNext();
      }

      @Override
      public ColumnBatch next() {
        ColumnBatch batch = data.next();
        ColumnVector[] columns = new ColumnVector[schema.size()];
        for (int i = 0; i < columns.length; i++) {
          columns[i] =
              dataIndex[i] >= 0
                  ? batch.column(dataIndex[i])
                  : ColumnVector.constant(schema.field(i).type(), constants[i], batch.numRows());
        }
        return new ColumnBatch(schema, columns, batch.numRows());
      }

      @Override
      public void close() {
        data.close();
      }
    };
  }

  /** A min/max filter for the data-column parts of a predicate; null when none is available. */
  private static StatsPredicate statsPredicate(Column predicate, StructType schema) {
    try {
      return Expressions.statsPredicate(predicate, schema);
    } catch (RuntimeException e) {
      return null; // cannot be judged on statistics: read the file
    }
  }

  private static String lookup(Map<String, String> values, String name) {
    if (values.containsKey(name)) {
      return values.get(name);
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static Set<String> lower(List<String> names) {
    Set<String> out = new HashSet<>();
    for (String n : names) {
      out.add(n.toLowerCase(Locale.ROOT));
    }
    return out;
  }

  /** The batches of a Dataset, collected in partition order. */
  public record Collected(StructType schema, List<ColumnBatch> batches) {}

  /** Runs the Dataset and keeps its batches (the MERGE source is broadcast). */
  public Collected collect(Dataset dataset) {
    List<List<ColumnBatch>> parts =
        dataset.runTasks(
            (context, input) -> {
              List<ColumnBatch> out = new ArrayList<>();
              while (input.hasNext()) {
                ColumnBatch b = input.next();
                if (b.numRows() > 0) {
                  out.add(b);
                }
              }
              return out;
            },
            "MERGE source");
    List<ColumnBatch> all = new ArrayList<>();
    parts.forEach(all::addAll);
    return new Collected(dataset.schema(), all);
  }
}
