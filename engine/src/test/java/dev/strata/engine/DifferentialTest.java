package dev.strata.engine;

import static dev.strata.engine.functions.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.format.Row;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random queries through the engine and through a row-at-a-time reference evaluator written here,
 * compared as multisets (or in order where the query orders). Also parallelism 1 vs 3.
 */
class DifferentialTest {
  static Strata serial;
  static Strata parallel;

  static final StructType A =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG),
          StructField.of("k", PrimitiveType.INTEGER),
          StructField.of("s", PrimitiveType.STRING),
          StructField.of("v", PrimitiveType.LONG),
          StructField.of("p", new DecimalType(10, 2)),
          StructField.of("d", PrimitiveType.DATE));
  static final StructType B =
      StructType.of(
          StructField.of("k", PrimitiveType.INTEGER),
          StructField.of("s", PrimitiveType.STRING),
          StructField.of("w", new DecimalType(8, 3)));

  @BeforeAll
  static void start() {
    serial = Strata.builder().parallelism(1).config("strata.sql.shuffle.partitions", "1").build();
    parallel =
        Strata.builder()
            .parallelism(3)
            .config("strata.sql.shuffle.partitions", "5")
            .config("strata.sql.autoBroadcastJoinThreshold", "-1")
            .build();
  }

  @AfterAll
  static void stop() {
    serial.close();
    parallel.close();
  }

  // ------------------------------------------------------------ data

  static List<Row> rowsA(Random r, int n) {
    List<Row> out = new ArrayList<>();
    String[] strs = {"a", "b", "c", "dd", "", "Ab"};
    for (int i = 0; i < n; i++) {
      out.add(
          Row.of(
              (long) i,
              r.nextInt(5) == 0 ? null : r.nextInt(8) - 2,
              r.nextInt(4) == 0 ? null : strs[r.nextInt(strs.length)],
              r.nextInt(5) == 0 ? null : (long) (r.nextInt(2000) - 1000),
              r.nextInt(5) == 0 ? null : BigDecimal.valueOf(r.nextInt(200000) - 100000, 2),
              r.nextInt(6) == 0 ? null : LocalDate.of(2024, 1, 1).plusDays(r.nextInt(20))));
    }
    return out;
  }

  static List<Row> rowsB(Random r, int n) {
    List<Row> out = new ArrayList<>();
    String[] strs = {"a", "b", "c", "zz"};
    for (int i = 0; i < n; i++) {
      out.add(
          Row.of(
              r.nextInt(5) == 0 ? null : r.nextInt(8) - 3,
              r.nextInt(4) == 0 ? null : strs[r.nextInt(strs.length)],
              r.nextInt(5) == 0 ? null : BigDecimal.valueOf(r.nextInt(20000) - 10000, 3)));
    }
    return out;
  }

  // ------------------------------------------------------------ predicates: SQL text + reference

  /** A predicate with an SQL rendering and a three-valued reference evaluation over A rows. */
  record Pred(String sql, Function<Row, Boolean> eval) {}

  static Boolean cmp(Comparable<Object> a, Object b, String op) {
    if (a == null || b == null) {
      return null;
    }
    int c = a.compareTo(b);
    return switch (op) {
      case "=" -> c == 0;
      case "<>" -> c != 0;
      case "<" -> c < 0;
      case "<=" -> c <= 0;
      case ">" -> c > 0;
      default -> c >= 0;
    };
  }

  @SuppressWarnings("unchecked")
  static Pred atom(Random r) {
    String[] ops = {"=", "<>", "<", "<=", ">", ">="};
    String op = ops[r.nextInt(ops.length)];
    switch (r.nextInt(8)) {
      case 0:
        {
          int c = r.nextInt(6) - 2;
          return new Pred(
              "k " + op + " " + c, row -> cmp((Comparable<Object>) (Object) row.get(1), c, op));
        }
      case 1:
        {
          long c = r.nextInt(1000) - 500;
          return new Pred("v " + op + " " + c, row -> cmp((Comparable<Object>) row.get(3), c, op));
        }
      case 2:
        {
          BigDecimal c = BigDecimal.valueOf(r.nextInt(100000) - 50000, 2);
          return new Pred(
              "p " + op + " " + c.toPlainString(),
              row ->
                  row.get(4) == null
                      ? null
                      : cmp((Comparable<Object>) (Object) ((BigDecimal) row.get(4)), c, op) == null
                          ? null
                          : Integer.signum(((BigDecimal) row.get(4)).compareTo(c)) == 0
                              ? op.contains("=") && !op.equals("<>")
                              : cmp(
                                  (Comparable<Object>) (Object) ((BigDecimal) row.get(4)), c, op));
        }
      case 3:
        {
          String c = new String[] {"a", "b", "Ab", ""}[r.nextInt(4)];
          return new Pred(
              "s " + op + " '" + c + "'", row -> cmp((Comparable<Object>) row.get(2), c, op));
        }
      case 4:
        {
          LocalDate c = LocalDate.of(2024, 1, 1).plusDays(r.nextInt(20));
          return new Pred(
              "d " + op + " '" + c + "'", row -> cmp((Comparable<Object>) row.get(5), c, op));
        }
      case 5:
        {
          boolean not = r.nextBoolean();
          int col = new int[] {1, 2, 3, 4, 5}[r.nextInt(5)];
          String name = A.field(col).name();
          return new Pred(
              name + (not ? " IS NOT NULL" : " IS NULL"), row -> (row.get(col) == null) != not);
        }
      case 6:
        {
          List<Integer> vals = List.of(r.nextInt(5) - 2, r.nextInt(5) - 2);
          return new Pred(
              "k IN (" + vals.get(0) + ", " + vals.get(1) + ")",
              row -> row.get(1) == null ? null : vals.contains((Integer) row.get(1)));
        }
      default:
        {
          long lo = r.nextInt(1000) - 600, hi = lo + r.nextInt(500);
          return new Pred(
              "v BETWEEN " + lo + " AND " + hi,
              row -> {
                Boolean a = cmp((Comparable<Object>) row.get(3), lo, ">=");
                Boolean b = cmp((Comparable<Object>) row.get(3), hi, "<=");
                return and(a, b);
              });
        }
    }
  }

  static Boolean and(Boolean a, Boolean b) {
    if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
      return false;
    }
    return a == null || b == null ? null : true;
  }

  static Boolean or(Boolean a, Boolean b) {
    if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
      return true;
    }
    return a == null || b == null ? null : false;
  }

  static Pred pred(Random r, int depth) {
    if (depth == 0 || r.nextInt(3) == 0) {
      return atom(r);
    }
    Pred a = pred(r, depth - 1), b = pred(r, depth - 1);
    return switch (r.nextInt(3)) {
      case 0 ->
          new Pred(
              "(" + a.sql + " AND " + b.sql + ")",
              row -> and(a.eval.apply(row), b.eval.apply(row)));
      case 1 ->
          new Pred(
              "(" + a.sql + " OR " + b.sql + ")", row -> or(a.eval.apply(row), b.eval.apply(row)));
      default ->
          new Pred(
              "NOT (" + a.sql + ")",
              row -> {
                Boolean x = a.eval.apply(row);
                return x == null ? null : !x;
              });
    };
  }

  // ------------------------------------------------------------ comparison helpers

  static String key(Row r) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < r.size(); i++) {
      Object v = r.get(i);
      sb.append(
              v instanceof BigDecimal d
                  ? d.stripTrailingZeros().toPlainString()
                  : String.valueOf(v))
          .append('|');
    }
    return sb.toString();
  }

  static void sameBag(List<Row> actual, List<Row> expected, String what) {
    List<String> a = actual.stream().map(DifferentialTest::key).sorted().toList();
    List<String> e = expected.stream().map(DifferentialTest::key).sorted().toList();
    assertThat(a).as(what).isEqualTo(e);
  }

  static void sameOrder(List<Row> actual, List<Row> expected, String what) {
    assertThat(actual.stream().map(DifferentialTest::key).toList())
        .as(what)
        .isEqualTo(expected.stream().map(DifferentialTest::key).toList());
  }

  static BigDecimal dec(Object o) {
    return (BigDecimal) o;
  }

  // ------------------------------------------------------------ the test

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void randomQueries(long seed) {
    run(seed, 150);
  }

  /** Many more seeds and bigger inputs (several batches per partition). */
  @org.junit.jupiter.api.Tag("stress")
  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22})
  void randomQueriesStress(long seed) {
    run(seed, 9000);
  }

  void run(long seed, int size) {
    Random r = new Random(seed);
    List<Row> a = rowsA(r, size + r.nextInt(size * 5 / 3));
    List<Row> b = rowsB(r, 40 + r.nextInt(80));
    for (Strata s : List.of(serial, parallel)) {
      Dataset da = s.createDataset(a, A), db = s.createDataset(b, B);
      for (int q = 0; q < 12; q++) {
        Pred p = pred(r, 3);
        List<Row> expected =
            a.stream().filter(row -> Boolean.TRUE.equals(p.eval.apply(row))).toList();
        sameBag(da.filter(p.sql).collect(), expected, "seed " + seed + " filter " + p.sql);
      }
      checkProjection(da, a, seed);
      checkAggregates(da, a, seed);
      checkJoins(da, db, a, b, seed);
      checkSortLimitDistinctDedupe(da, a, seed);
      checkRepartition(da, a, r, seed);
    }
    // parallelism 1 and 3 give identical ordered results
    Dataset q1 =
        serial
            .createDataset(a, A)
            .groupBy("k", "s")
            .agg(sum("p").as("sp"), count("*").as("n"))
            .orderBy("k", "s");
    Dataset q3 =
        parallel
            .createDataset(a, A)
            .groupBy("k", "s")
            .agg(sum("p").as("sp"), count("*").as("n"))
            .orderBy("k", "s");
    sameOrder(q3.collect(), q1.collect(), "parallelism 1 vs 3");
  }

  /**
   * Repartitioning changes only where rows live: collected straight after the exchange, after an
   * exchange over an exchange, and under a filter, every row comes back exactly once.
   */
  void checkRepartition(Dataset da, List<Row> a, Random r, long seed) {
    int n = 1 + r.nextInt(5);
    String what = "seed " + seed + " repartition(" + n + ")";
    sameBag(da.repartition(n).collect(), a, what);
    sameBag(da.repartition(n, col("k")).collect(), a, what + " by k");
    sameBag(da.repartition(n, col("s"), col("k")).repartition(n + 1).collect(), a, what + " twice");
    Pred p = pred(r, 2);
    List<Row> expected = a.stream().filter(row -> Boolean.TRUE.equals(p.eval.apply(row))).toList();
    sameBag(da.repartition(n, col("k")).filter(p.sql).collect(), expected, what + " " + p.sql);
    assertThat(da.repartition(n).count()).as(what + " count").isEqualTo(a.size());
  }

  void checkProjection(Dataset da, List<Row> a, long seed) {
    Dataset d =
        da.selectExpr(
            "id",
            "p * k AS pk",
            "v + k AS vk",
            "p + p AS pp",
            "CASE WHEN k > 2 THEN 'big' WHEN k IS NULL THEN 'none' ELSE s END AS c",
            "coalesce(v, -1) AS cv",
            "p / 4 AS pd");
    assertThat(d.schema().field("pk").type()).isEqualTo(new DecimalType(21, 2));
    assertThat(d.schema().field("pp").type()).isEqualTo(new DecimalType(11, 2));
    assertThat(d.schema().field("pd").type()).isEqualTo(new DecimalType(14, 6));
    List<Row> expected = new ArrayList<>();
    for (Row row : a) {
      Integer k = (Integer) row.get(1);
      Long v = (Long) row.get(3);
      BigDecimal p = dec(row.get(4));
      String c = k != null && k > 2 ? "big" : k == null ? "none" : (String) row.get(2);
      expected.add(
          Row.of(
              row.get(0),
              p == null || k == null ? null : p.multiply(BigDecimal.valueOf(k)),
              v == null || k == null ? null : v + k,
              p == null ? null : p.add(p),
              c,
              v == null ? -1L : v,
              p == null ? null : p.divide(BigDecimal.valueOf(4), 6, RoundingMode.HALF_UP)));
    }
    sameBag(d.collect(), expected, "seed " + seed + " projection");
  }

  void checkAggregates(Dataset da, List<Row> a, long seed) {
    Dataset g =
        da.groupBy("k")
            .agg(
                count("*").as("n"),
                count("v").as("nv"),
                sum("v").as("sv"),
                sum("p").as("sp"),
                min("p").as("minp"),
                max("s").as("maxs"),
                avg("p").as("ap"),
                countDistinct(col("s")).as("ds"));
    assertThat(g.schema().field("sp").type()).isEqualTo(new DecimalType(20, 2));
    assertThat(g.schema().field("ap").type()).isEqualTo(new DecimalType(14, 6));
    Map<Integer, List<Row>> groups = new LinkedHashMap<>();
    for (Row row : a) {
      groups.computeIfAbsent((Integer) row.get(1), x -> new ArrayList<>()).add(row);
    }
    List<Row> expected = new ArrayList<>();
    groups.forEach(
        (k, rows) -> {
          long nv = rows.stream().filter(x -> x.get(3) != null).count();
          Long sv =
              nv == 0
                  ? null
                  : rows.stream()
                      .filter(x -> x.get(3) != null)
                      .mapToLong(x -> (Long) x.get(3))
                      .sum();
          List<BigDecimal> ps =
              rows.stream().map(x -> dec(x.get(4))).filter(Objects::nonNull).toList();
          BigDecimal sp =
              ps.isEmpty() ? null : ps.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
          BigDecimal minp = ps.stream().min(Comparator.naturalOrder()).orElse(null);
          String maxs =
              rows.stream()
                  .map(x -> (String) x.get(2))
                  .filter(Objects::nonNull)
                  .max(Comparator.naturalOrder())
                  .orElse(null);
          BigDecimal ap =
              ps.isEmpty()
                  ? null
                  : sp.divide(BigDecimal.valueOf(ps.size()), 6, RoundingMode.HALF_UP);
          Set<String> ds = new HashSet<>();
          rows.forEach(
              x -> {
                if (x.get(2) != null) {
                  ds.add((String) x.get(2));
                }
              });
          expected.add(Row.of(k, (long) rows.size(), nv, sv, sp, minp, maxs, ap, (long) ds.size()));
        });
    sameBag(g.collect(), expected, "seed " + seed + " group by k");
    // global aggregate over an empty input still gives one row
    List<Row> empty = da.filter("k > 1000").agg(count("*").as("n"), sum("v").as("s")).collect();
    assertThat(empty).containsExactly(Row.of(0L, null));
  }

  void checkJoins(Dataset da, Dataset db, List<Row> a, List<Row> b, long seed) {
    for (String type : List.of("inner", "left", "right", "full", "left_semi", "left_anti")) {
      Dataset j = da.as("x").join(db.as("y"), "x.k = y.k AND (y.s IS NULL OR x.s <> y.s)", type);
      List<Row> expected = new ArrayList<>();
      boolean[] bMatched = new boolean[b.size()];
      for (Row ra : a) {
        boolean matched = false;
        for (int i = 0; i < b.size(); i++) {
          Row rb = b.get(i);
          boolean eq = ra.get(1) != null && rb.get(0) != null && ra.get(1).equals(rb.get(0));
          boolean res = rb.get(1) == null || (ra.get(2) != null && !ra.get(2).equals(rb.get(1)));
          if (eq && res) {
            matched = true;
            bMatched[i] = true;
            if (!type.startsWith("left_")) {
              expected.add(concat(ra, rb));
            }
          }
        }
        if (type.equals("left_semi") && matched) {
          expected.add(ra);
        }
        if (type.equals("left_anti") && !matched) {
          expected.add(ra);
        }
        if (!matched && (type.equals("left") || type.equals("full"))) {
          expected.add(concat(ra, Row.of(null, null, null)));
        }
      }
      if (type.equals("right") || type.equals("full")) {
        for (int i = 0; i < b.size(); i++) {
          if (!bMatched[i]) {
            expected.add(concat(Row.of(null, null, null, null, null, null), b.get(i)));
          }
        }
      }
      sameBag(j.collect(), expected, "seed " + seed + " join " + type);
    }
    // using-column join on two keys with a broadcast hint
    Dataset u = da.join(broadcast(db), List.of("k", "s"), "inner");
    List<Row> expected = new ArrayList<>();
    for (Row ra : a) {
      for (Row rb : b) {
        if (ra.get(1) != null
            && ra.get(1).equals(rb.get(0))
            && ra.get(2) != null
            && ra.get(2).equals(rb.get(1))) {
          expected.add(
              Row.of(ra.get(1), ra.get(2), ra.get(0), ra.get(3), ra.get(4), ra.get(5), rb.get(2)));
        }
      }
    }
    sameBag(u.collect(), expected, "seed " + seed + " using join");
  }

  static Row concat(Row x, Row y) {
    Object[] v = new Object[x.size() + y.size()];
    for (int i = 0; i < x.size(); i++) {
      v[i] = x.get(i);
    }
    for (int i = 0; i < y.size(); i++) {
      v[x.size() + i] = y.get(i);
    }
    return Row.of(v);
  }

  @SuppressWarnings("unchecked")
  void checkSortLimitDistinctDedupe(Dataset da, List<Row> a, long seed) {
    // sort by k desc nulls last, then p asc nulls first, then id: a total order
    Comparator<Object> nullsFirst =
        Comparator.nullsFirst((x, y) -> ((Comparable<Object>) x).compareTo(y));
    Comparator<Object> nullsLast =
        Comparator.nullsLast((x, y) -> ((Comparable<Object>) x).compareTo(y));
    Comparator<Row> order =
        Comparator.<Row, Object>comparing(
                x -> x.get(1), nullsLast.reversed().thenComparing((p, q) -> 0))
            .thenComparing(x -> x.get(4), nullsFirst)
            .thenComparing(x -> (Long) x.get(0));
    // reversed() of nullsLast puts nulls first; build desc-nulls-last explicitly
    order =
        (x, y) -> {
          Object kx = x.get(1), ky = y.get(1);
          if (kx == null || ky == null) {
            if (kx != ky) {
              return kx == null ? 1 : -1;
            }
          } else {
            int c = ((Integer) ky).compareTo((Integer) kx);
            if (c != 0) {
              return c;
            }
          }
          int c = nullsFirst.compare(x.get(4), y.get(4));
          return c != 0 ? c : Long.compare((Long) x.get(0), (Long) y.get(0));
        };
    List<Row> sorted = new ArrayList<>(a);
    sorted.sort(order);
    sameOrder(
        da.orderBy(col("k").desc(), col("p").asc(), col("id")).collect(),
        sorted,
        "seed " + seed + " sort");
    sameOrder(
        da.orderBy(col("k").desc(), col("p").asc(), col("id")).limit(7).collect(),
        sorted.subList(0, Math.min(7, sorted.size())),
        "seed " + seed + " sort+limit");
    // distinct over (k, s)
    Set<String> seen = new HashSet<>();
    List<Row> distinct = new ArrayList<>();
    for (Row row : a) {
      Row ks = Row.of(row.get(1), row.get(2));
      if (seen.add(key(ks))) {
        distinct.add(ks);
      }
    }
    sameBag(da.select("k", "s").distinct().collect(), distinct, "seed " + seed + " distinct");
    // keep the row with the greatest v (ties by smallest id) per s
    Map<String, Row> best = new HashMap<>();
    Comparator<Row> dedupeOrder =
        (x, y) -> {
          int c = nullsLast.compare(y.get(3), x.get(3));
          Object vx = x.get(3), vy = y.get(3);
          if (vx == null || vy == null) {
            c = vx == vy ? 0 : vx == null ? 1 : -1;
          } else {
            c = ((Long) vy).compareTo((Long) vx);
          }
          return c != 0 ? c : Long.compare((Long) x.get(0), (Long) y.get(0));
        };
    for (Row row : a) {
      String k = String.valueOf(row.get(2));
      Row cur = best.get(k);
      if (cur == null || dedupeOrder.compare(row, cur) < 0) {
        best.put(k, row);
      }
    }
    sameBag(
        da.dropDuplicates(List.of("s"), col("v").desc(), col("id").asc()).collect(),
        new ArrayList<>(best.values()),
        "seed " + seed + " dedupe");
    Dataset rn =
        da.withColumn(
                "rn",
                row_number().over(Window.partitionBy("s").orderBy(col("v").desc(), col("id"))))
            .filter(col("rn").equalTo(1))
            .drop("rn");
    sameBag(rn.collect(), new ArrayList<>(best.values()), "seed " + seed + " row_number = 1");
    // generic window: row numbers per s
    List<Row> numbered =
        da.withColumn(
                "rn",
                row_number().over(Window.partitionBy("s").orderBy(col("v").desc(), col("id"))))
            .filter("rn <= 2")
            .collect();
    Map<String, List<Row>> byS = new HashMap<>();
    for (Row row : a) {
      byS.computeIfAbsent(String.valueOf(row.get(2)), x -> new ArrayList<>()).add(row);
    }
    List<Row> expected = new ArrayList<>();
    byS.values()
        .forEach(
            list -> {
              list.sort(dedupeOrder);
              for (int i = 0; i < Math.min(2, list.size()); i++) {
                expected.add(concat(list.get(i), Row.of(i + 1)));
              }
            });
    sameBag(numbered, expected, "seed " + seed + " row_number <= 2");
  }
}
