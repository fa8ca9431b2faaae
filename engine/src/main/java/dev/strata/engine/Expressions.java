package dev.strata.engine;

import dev.strata.engine.internal.expr.Analyzer;
import dev.strata.engine.internal.expr.Attribute;
import dev.strata.engine.internal.expr.Casts;
import dev.strata.engine.internal.expr.Expr;
import dev.strata.engine.internal.expr.Kernel;
import dev.strata.engine.internal.expr.Types;
import dev.strata.format.types.DataType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.BooleanVector;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Expressions outside Datasets, for other modules: parse SQL, bind to a schema and evaluate on
 * batches, and turn predicates into partition filters.
 */
public final class Expressions {
  private Expressions() {}

  /** Parses a SQL expression; malformed input is an {@link InvalidPredicateException}. */
  public static Column parse(String sql) {
    return functions.expr(sql);
  }

  /** Binds a column expression to a schema (names resolved, types checked). */
  public static BoundExpression bind(Column column, StructType schema) {
    List<Attribute> attrs = attributes(schema);
    Expr resolved = Analyzer.resolve(column.expr, attrs);
    if (Expr.exists(resolved, e -> e instanceof Expr.Agg || e instanceof Expr.RowNumber)) {
      throw new dev.strata.format.StrataException(
          "Aggregates and window functions cannot be evaluated row by row: " + column);
    }
    DataType type = Types.typeOf(resolved);
    Expr body = Expr.strip(resolved);
    return new BoundExpression() {
      Kernel kernel;

      @Override
      public DataType dataType() {
        return type;
      }

      @Override
      public ColumnVector evaluate(ColumnBatch batch) {
        if (kernel == null) {
          kernel = Kernel.compile(body, attrs);
        }
        return kernel.eval(batch);
      }

      @Override
      public String toString() {
        return body.toString();
      }
    };
  }

  /** Parses and binds. */
  public static BoundExpression bind(String sql, StructType schema) {
    return bind(parse(sql), schema);
  }

  private static List<Attribute> attributes(StructType schema) {
    List<Attribute> attrs = new ArrayList<>();
    for (StructField f : schema.fields()) {
      attrs.add(Attribute.create(f.name(), f.type(), f.nullable()));
    }
    return attrs;
  }

  /** The column names an expression refers to (unqualified, in order of appearance). */
  public static List<String> referencedColumns(Column column) {
    Set<String> out = new LinkedHashSet<>();
    collect(column.expr, out);
    return List.copyOf(out);
  }

  private static void collect(Expr e, Set<String> out) {
    if (e instanceof Expr.Col c) {
      out.add(c.name());
    } else if (e instanceof Expr.Ref r) {
      out.add(r.attr().name());
    }
    for (Expr k : e.children()) {
      collect(k, out);
    }
  }

  /** The top-level AND-ed parts of a predicate. */
  public static List<Column> conjuncts(Column predicate) {
    return Expr.conjuncts(predicate.expr).stream().map(Column::new).toList();
  }

  /**
   * A filter over partition values (as Delta stores them: strings, or typed values) from the parts
   * of {@code predicate} that only reference partition columns; the other parts are ignored (they
   * cannot exclude a partition). A partition passes when the predicate is true for it.
   */
  public static Predicate<Map<String, Object>> partitionPredicate(
      Column predicate, StructType partitionSchema) {
    Set<String> names = new java.util.HashSet<>();
    for (StructField f : partitionSchema.fields()) {
      names.add(f.name().toLowerCase(Locale.ROOT));
    }
    List<Expr> usable = new ArrayList<>();
    for (Expr c : Expr.conjuncts(predicate.expr)) {
      Set<String> refs = new LinkedHashSet<>();
      collect(c, refs);
      if (refs.stream().allMatch(r -> names.contains(r.toLowerCase(Locale.ROOT)))) {
        usable.add(c);
      }
    }
    if (usable.isEmpty()) {
      return values -> true;
    }
    BoundExpression bound = bind(new Column(Expr.and(usable)), partitionSchema);
    return values -> {
      ColumnVector[] cols = new ColumnVector[partitionSchema.size()];
      for (int i = 0; i < cols.length; i++) {
        StructField f = partitionSchema.field(i);
        Object v = lookup(values, f.name());
        if (v instanceof String s && f.type() != PrimitiveType.STRING) {
          v = s.isEmpty() ? null : Casts.castValue(s, PrimitiveType.STRING, f.type());
        }
        cols[i] = ColumnVector.allocate(f.type(), 1);
        cols[i].append(v);
      }
      ColumnVector r;
      synchronized (bound) {
        r = bound.evaluate(new ColumnBatch(partitionSchema, cols, 1));
      }
      return r instanceof BooleanVector b && !b.isNull(0) && b.getBoolean(0);
    };
  }

  /** Parses and converts, see {@link #partitionPredicate(Column, StructType)}. */
  public static Predicate<Map<String, Object>> partitionPredicate(
      String sql, StructType partitionSchema) {
    return partitionPredicate(parse(sql), partitionSchema);
  }

  private static Object lookup(Map<String, Object> values, String name) {
    if (values.containsKey(name)) {
      return values.get(name);
    }
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /**
   * A filter over min/max/null-count statistics equivalent to (or weaker than) the predicate: false
   * only when no row described by the statistics can satisfy it. For skipping files.
   */
  public static dev.strata.format.stats.StatsPredicate statsPredicate(
      Column predicate, StructType schema) {
    Expr resolved = Analyzer.resolve(predicate.expr, attributes(schema));
    return dev.strata.engine.internal.expr.StatsFilters.of(Expr.conjuncts(resolved));
  }

  /** Parses and converts, see {@link #statsPredicate(Column, StructType)}. */
  public static dev.strata.format.stats.StatsPredicate statsPredicate(
      String sql, StructType schema) {
    return statsPredicate(parse(sql), schema);
  }
}
