package dev.strata.engine;

import static dev.strata.engine.functions.*;

import dev.strata.format.Row;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.LongVector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregates, joins and sorts {@code n} generated rows and reduces each result to checksums, so
 * runs under different memory budgets can be compared without collecting millions of rows.
 */
final class SpillWorkload {
  private SpillWorkload() {}

  static Dataset base(Strata s, long n) {
    return s.range(n)
        .selectExpr("id", "id % " + Math.max(1, n / 2) + " AS k", "(id * 7919) % 1000003 AS v");
  }

  /** Checksums by name, plus "spill.agg", "spill.join", "spill.sort" (bytes, not compared). */
  static Map<String, Long> run(Strata s, long n) {
    Map<String, Long> out = new LinkedHashMap<>();
    Dataset base = base(s, n);

    Dataset agg = base.groupBy("k").agg(sum(col("v")).as("sv"), count(col("id")).as("c"));
    List<Row> a =
        agg.agg(count(col("k")), sum(col("sv")), sum(col("c")), sum(expr("k * c + sv % 13")))
            .collect();
    out.put("agg.groups", ((Number) a.get(0).get(0)).longValue());
    out.put("agg.sumv", ((Number) a.get(0).get(1)).longValue());
    out.put("agg.count", ((Number) a.get(0).get(2)).longValue());
    out.put("agg.mix", ((Number) a.get(0).get(3)).longValue());
    out.put("spill.agg", s.lastJob().spillBytes());

    // a build side as large as half the input: it spills (grace hash join) under a small budget
    Dataset small = s.range(Math.max(1, n / 2)).selectExpr("id AS k2", "id * 3 AS w");
    Dataset joined = base.join(small, col("k").equalTo(col("k2")), "inner");
    List<Row> j = joined.agg(count(col("id")), sum(col("w")), sum(expr("v + id"))).collect();
    out.put("join.rows", ((Number) j.get(0).get(0)).longValue());
    out.put("join.sumw", ((Number) j.get(0).get(1)).longValue());
    out.put("join.mix", ((Number) j.get(0).get(2)).longValue());
    out.put("spill.join", s.lastJob().spillBytes());

    // sorted by v desc, id asc: each partition ordered, partitions ordered among themselves
    Dataset sorted = base.sort(col("v").desc(), col("id").asc());
    List<long[]> parts =
        sorted.runTasks(
            (ctx, it) -> {
              long rows = 0, sum = 0, bad = 0, firstV = Long.MIN_VALUE, lastV = 0, lastId = 0;
              long posHash = 0;
              while (it.hasNext()) {
                ColumnBatch b = it.next();
                LongVector ids = (LongVector) b.column(0);
                LongVector vs = (LongVector) b.column(2);
                for (int i = 0; i < b.numRows(); i++) {
                  long v = vs.getLong(i), id = ids.getLong(i);
                  if (rows > 0 && (v > lastV || (v == lastV && id < lastId))) {
                    bad++;
                  }
                  if (rows == 0) {
                    firstV = v;
                  }
                  posHash = posHash * 31 + id;
                  lastV = v;
                  lastId = id;
                  rows++;
                  sum += v;
                }
              }
              return new long[] {rows, sum, bad, firstV, lastV, posHash};
            });
    long rows = 0, sum = 0, bad = 0, hash = 0;
    long prevLast = Long.MAX_VALUE;
    List<long[]> nonEmpty = new ArrayList<>();
    for (long[] p : parts) {
      if (p[0] > 0) {
        nonEmpty.add(p);
      }
    }
    for (long[] p : nonEmpty) {
      rows += p[0];
      sum += p[1];
      bad += p[2];
      if (p[3] > prevLast) {
        bad++;
      }
      prevLast = p[4];
      hash = hash * 1_000_003 + p[5];
    }
    out.put("sort.rows", rows);
    out.put("sort.sum", sum);
    out.put("sort.unordered", bad);
    out.put("sort.order", hash);
    out.put("spill.sort", s.lastJob().spillBytes());
    return out;
  }

  /** Only the checksums (the spill counters differ by budget). */
  static Map<String, Long> checksums(Map<String, Long> all) {
    Map<String, Long> m = new LinkedHashMap<>(all);
    m.keySet().removeIf(k -> k.startsWith("spill."));
    return m;
  }

  /** Runs the workload at n rows in this JVM and prints the results (for the stress test). */
  public static void main(String[] args) {
    long n = Long.parseLong(args[0]);
    long budget = args.length > 1 ? Long.parseLong(args[1]) : -1;
    Strata.Builder b =
        Strata.builder().parallelism(2).config("strata.sql.autoBroadcastJoinThreshold", "-1");
    if (budget > 0) {
      b.memoryBudget(budget);
    }
    try (Strata s = b.build()) {
      long start = System.nanoTime();
      Map<String, Long> r = run(s, n);
      r.put("millis", (System.nanoTime() - start) / 1_000_000);
      r.put("budget", s.state().memoryManager().maxMemory());
      System.out.println("RESULT " + r);
    }
  }
}
