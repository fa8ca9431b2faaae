package dev.strata.engine.internal.exec;

import dev.strata.engine.internal.expr.Attribute;
import dev.strata.engine.internal.expr.Expr;
import dev.strata.engine.internal.expr.Kernel;
import dev.strata.engine.internal.memory.MemoryConsumer;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.BooleanVector;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Hash join: streams the probe side and looks rows up in a hash relation of the build side, which
 * is either broadcast (one relation shared by every task) or the same shuffle partition of the
 * other side (shuffled hash join).
 */
public final class HashJoinExec extends PhysicalNode {
  /** How unmatched rows are treated. */
  public enum Mode {
    INNER,
    PROBE_OUTER,
    FULL,
    SEMI,
    ANTI
  }

  private final PhysicalNode probe;
  private final PhysicalNode build;
  private final List<Expr> probeKeys;
  private final List<Expr> buildKeys;
  private final Mode mode;
  private final boolean buildIsLeft;
  private final Expr residual;
  private final List<Attribute> output;
  private final String joinTypeName;

  public HashJoinExec(
      PhysicalNode probe,
      PhysicalNode build,
      List<Expr> probeKeys,
      List<Expr> buildKeys,
      Mode mode,
      boolean buildIsLeft,
      Expr residual,
      List<Attribute> output,
      String joinTypeName) {
    this.probe = probe;
    this.build = build;
    this.probeKeys = probeKeys;
    this.buildKeys = buildKeys;
    this.mode = mode;
    this.buildIsLeft = buildIsLeft;
    this.residual = residual;
    this.output = output;
    this.joinTypeName = joinTypeName;
  }

  @Override
  public List<Attribute> output() {
    return output;
  }

  @Override
  public List<PhysicalNode> children() {
    return buildIsLeft ? List.of(build, probe) : List.of(probe, build);
  }

  @Override
  public int numPartitions() {
    return probe.numPartitions();
  }

  @Override
  public String describe() {
    String kind = build instanceof BroadcastExchangeExec ? "BroadcastHashJoin" : "ShuffledHashJoin";
    String keys =
        "["
            + Expr.join(buildIsLeft ? buildKeys : probeKeys)
            + "], ["
            + Expr.join(buildIsLeft ? probeKeys : buildKeys)
            + "]";
    return kind
        + " "
        + keys
        + ", "
        + joinTypeName
        + ", Build"
        + (buildIsLeft ? "Left" : "Right")
        + (residual == null ? "" : ", " + residual);
  }

  @Override
  protected Iterator<ColumnBatch> compute(int partition, TaskContextImpl ctx) {
    HashedRelation rel;
    MemoryConsumer mem = null;
    if (build instanceof BroadcastExchangeExec bx) {
      rel = bx.relation(buildKeys, ctx);
    } else {
      List<ColumnBatch> batches = new ArrayList<>();
      Iterator<ColumnBatch> it = build.iterator(partition, ctx);
      mem = new MemoryConsumer(ctx.memory(), "join build side") {};
      while (it.hasNext()) {
        ColumnBatch b = it.next();
        long size = b.sizeInBytes();
        long got = mem.acquire(size);
        batches.add(b);
        if (got < size) {
          // the build side does not fit: grace hash join over buckets on disk
          mem.releaseAll();
          return graceJoin(batches, it, partition, ctx);
        }
      }
      ColumnBatch table =
          batches.isEmpty()
              ? ColumnBatch.empty(build.schema())
              : Vectors.concat(build.schema(), batches);
      rel = HashedRelation.build(table, buildKeys, build.output());
      mem.acquire(rel.heads.length * 4L + rel.next.length * 8L);
    }
    return probeWith(rel, probe.iterator(partition, ctx));
  }

  /** Buckets of a grace hash join; each must fit in memory once split. */
  private static final int GRACE_BUCKETS = 16;

  private Iterator<ColumnBatch> graceJoin(
      List<ColumnBatch> buffered, Iterator<ColumnBatch> rest, int partition, TaskContextImpl ctx) {
    dev.strata.engine.internal.spill.SpillableBuffer buildBuckets =
        ctx.spillBuffer(build.schema(), GRACE_BUCKETS, "join build spill");
    dev.strata.engine.internal.spill.SpillableBuffer probeBuckets =
        ctx.spillBuffer(probe.schema(), GRACE_BUCKETS, "join probe spill");
    List<Kernel> bk = new ArrayList<>();
    for (Expr k : buildKeys) {
      bk.add(Kernel.compile(k, build.output()));
    }
    List<Kernel> pk = new ArrayList<>();
    for (Expr k : probeKeys) {
      pk.add(Kernel.compile(k, probe.output()));
    }
    for (ColumnBatch b : buffered) {
      splitToDisk(b, bk, buildBuckets);
    }
    buffered.clear();
    while (rest.hasNext()) {
      splitToDisk(rest.next(), bk, buildBuckets);
    }
    Iterator<ColumnBatch> in = probe.iterator(partition, ctx);
    while (in.hasNext()) {
      splitToDisk(in.next(), pk, probeBuckets);
    }
    buildBuckets.finish();
    probeBuckets.finish();
    List<java.util.function.Supplier<Iterator<ColumnBatch>>> parts = new ArrayList<>();
    for (int bucket = 0; bucket < GRACE_BUCKETS; bucket++) {
      int b = bucket;
      parts.add(
          () -> {
            List<ColumnBatch> rows = new ArrayList<>();
            buildBuckets.read(b).forEachRemaining(rows::add);
            buildBuckets.clearBucket(b);
            ColumnBatch table =
                rows.isEmpty()
                    ? ColumnBatch.empty(build.schema())
                    : Vectors.concat(build.schema(), rows);
            HashedRelation rel = HashedRelation.build(table, buildKeys, build.output());
            return probeWith(rel, probeBuckets.read(b));
          });
    }
    return Vectors.concatIterators(parts);
  }

  /** Splits a batch into grace buckets by key hash (the same on both sides for equal keys). */
  private static void splitToDisk(
      ColumnBatch b, List<Kernel> keys, dev.strata.engine.internal.spill.SpillableBuffer out) {
    int n = b.numRows();
    if (n == 0) {
      return;
    }
    ColumnVector[] kv = new ColumnVector[keys.size()];
    for (int k = 0; k < kv.length; k++) {
      kv[k] = keys.get(k).eval(b);
    }
    int[] bucket = new int[n];
    int[] counts = new int[GRACE_BUCKETS + 1];
    for (int i = 0; i < n; i++) {
      int h = ShuffleExchangeExec.mix(ShuffleExchangeExec.rowHash(kv, i) * 0x9E3779B9);
      bucket[i] = h & (GRACE_BUCKETS - 1);
      counts[bucket[i] + 1]++;
    }
    for (int x = 0; x < GRACE_BUCKETS; x++) {
      counts[x + 1] += counts[x];
    }
    int[] order = new int[n];
    int[] pos = counts.clone();
    for (int i = 0; i < n; i++) {
      order[pos[bucket[i]]++] = i;
    }
    for (int x = 0; x < GRACE_BUCKETS; x++) {
      int len = counts[x + 1] - counts[x];
      if (len == n) {
        out.addToDisk(x, b);
      } else if (len > 0) {
        out.addToDisk(
            x, Vectors.gather(b, Arrays.copyOfRange(order, counts[x], counts[x + 1]), len));
      }
    }
  }

  /** Streams the probe side against one hash relation. */
  private Iterator<ColumnBatch> probeWith(HashedRelation rel, Iterator<ColumnBatch> in) {
    List<Kernel> pk = new ArrayList<>();
    for (Expr k : probeKeys) {
      pk.add(Kernel.compile(k, probe.output()));
    }
    Kernel res =
        residual == null ? null : Kernel.compile(residual, output(buildIsLeft ? rel : null));
    boolean[] buildMatched = mode == Mode.FULL ? new boolean[rel.numRows()] : null;
    HashedRelation relation = rel;
    StructType schema = schema();
    StructType joinedSchema =
        mode == Mode.SEMI || mode == Mode.ANTI ? schemaOf(output(null)) : schema;
    return new Iterator<>() {
      final ArrayList<ColumnBatch> pending = new ArrayList<>();
      boolean tailDone;

      @Override
      public boolean hasNext() {
        while (pending.isEmpty()) {
          if (in.hasNext()) {
            process(in.next());
          } else if (buildMatched != null && !tailDone) {
            tailDone = true;
            unmatchedBuild();
          } else {
            return false;
          }
        }
        return true;
      }

      @Override
      public ColumnBatch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return pending.remove(0);
      }

      private void unmatchedBuild() {
        int n = relation.numRows();
        int[] idx = new int[n];
        int c = 0;
        for (int r = 0; r < n; r++) {
          if (!buildMatched[r]) {
            idx[c++] = r;
          }
        }
        if (c > 0) {
          ColumnBatch b = Vectors.gather(relation.table(), idx, c);
          pending.add(assemble(null, null, b, null, c));
        }
      }

      private void process(ColumnBatch pb) {
        int n = pb.numRows();
        if (n == 0) {
          return;
        }
        ColumnVector[] keys = new ColumnVector[pk.size()];
        for (int k = 0; k < keys.length; k++) {
          keys[k] = pk.get(k).eval(pb);
        }
        int[] pi = new int[Math.max(16, n)];
        int[] bi = new int[pi.length];
        int m = 0;
        for (int i = 0; i < n; i++) {
          if (HashedRelation.anyNull(keys, i)) {
            continue;
          }
          int h = ShuffleExchangeExec.rowHash(keys, i);
          for (int r = relation.first(h); r >= 0; r = relation.next[r]) {
            if (relation.matches(r, h, keys, i)) {
              if (m == pi.length) {
                pi = Arrays.copyOf(pi, m * 2);
                bi = Arrays.copyOf(bi, m * 2);
              }
              pi[m] = i;
              bi[m] = r;
              m++;
              if (mode == Mode.SEMI && res == null) {
                break;
              }
            }
          }
        }
        ColumnBatch joined = null;
        if (res != null && m > 0) {
          joined = assemble(pb, pi, relation.table(), bi, m);
          BooleanVector keep = (BooleanVector) res.eval(joined);
          int c = 0;
          for (int j = 0; j < m; j++) {
            if (!keep.isNull(j) && keep.getBoolean(j)) {
              pi[c] = pi[j];
              bi[c] = bi[j];
              c++;
            }
          }
          if (c != m) {
            joined = null;
          }
          m = c;
        }
        if (mode == Mode.SEMI || mode == Mode.ANTI) {
          boolean[] hit = new boolean[n];
          for (int j = 0; j < m; j++) {
            hit[pi[j]] = true;
          }
          int[] idx = new int[n];
          int c = 0;
          for (int i = 0; i < n; i++) {
            if (hit[i] == (mode == Mode.SEMI)) {
              idx[c++] = i;
            }
          }
          if (c == n) {
            pending.add(pb.withSchema(schema));
          } else if (c > 0) {
            pending.add(Vectors.gather(pb, idx, c).withSchema(schema));
          }
          return;
        }
        if (m > 0) {
          pending.add(joined != null ? joined : assemble(pb, pi, relation.table(), bi, m));
          if (buildMatched != null) {
            for (int j = 0; j < m; j++) {
              buildMatched[bi[j]] = true;
            }
          }
        }
        if (mode == Mode.PROBE_OUTER || mode == Mode.FULL) {
          boolean[] hit = new boolean[n];
          for (int j = 0; j < m; j++) {
            hit[pi[j]] = true;
          }
          int[] idx = new int[n];
          int c = 0;
          for (int i = 0; i < n; i++) {
            if (!hit[i]) {
              idx[c++] = i;
            }
          }
          if (c > 0) {
            pending.add(assemble(c == n ? pb : Vectors.gather(pb, idx, c), null, null, null, c));
          }
        }
      }

      /**
       * Joined rows: probe rows (gathered by pi, or all of pb) and build rows (by bi), or nulls.
       */
      private ColumnBatch assemble(ColumnBatch pb, int[] pi, ColumnBatch bb, int[] bi, int m) {
        ColumnVector[] p = side(pb, pi, m, probe.schema());
        ColumnVector[] b = side(bb, bi, m, build.schema());
        ColumnVector[] cols = new ColumnVector[p.length + b.length];
        ColumnVector[] first = buildIsLeft ? b : p, second = buildIsLeft ? p : b;
        System.arraycopy(first, 0, cols, 0, first.length);
        System.arraycopy(second, 0, cols, first.length, second.length);
        return new ColumnBatch(joinedSchema, cols, m);
      }

      private ColumnVector[] side(ColumnBatch src, int[] idx, int m, StructType s) {
        ColumnVector[] out = new ColumnVector[s.size()];
        for (int c = 0; c < out.length; c++) {
          if (src == null) {
            out[c] = Vectors.nulls(s.field(c).type(), m);
          } else if (idx == null) {
            out[c] = src.column(c);
          } else {
            out[c] = ColumnVector.allocate(s.field(c).type(), m);
            Vectors.appendRows(out[c], src.column(c), idx, 0, m);
          }
        }
        return out;
      }
    };
  }

  /** The attributes residual conditions see: left then right, before semi/anti projection. */
  private List<Attribute> output(HashedRelation unused) {
    List<Attribute> all = new ArrayList<>();
    List<Attribute> first = buildIsLeft ? build.output() : probe.output();
    List<Attribute> second = buildIsLeft ? probe.output() : build.output();
    all.addAll(first);
    all.addAll(second);
    return all;
  }
}
