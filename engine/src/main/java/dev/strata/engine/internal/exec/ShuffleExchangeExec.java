package dev.strata.engine.internal.exec;

import dev.strata.engine.internal.expr.Attribute;
import dev.strata.engine.internal.expr.Expr;
import dev.strata.engine.internal.expr.Kernel;
import dev.strata.engine.internal.shuffle.ShuffleStore;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A shuffle dependency: the map side (a task of the child's stage) partitions its output into the
 * {@link ShuffleStore}; the reduce side (this node's {@link #compute}) reads one partition from
 * every map output, in map order.
 */
public final class ShuffleExchangeExec extends PhysicalNode {
  public enum Kind {
    HASH,
    RANGE,
    SINGLE,
    ROUND_ROBIN
  }

  private final PhysicalNode child;
  private final Kind kind;
  private final List<Expr> keys;
  private final List<Expr.Order> orders;
  private final int numPartitions;

  /** Assigned by the scheduler per job. */
  public volatile int shuffleId = -1;

  /** Range bounds (sort keys of numPartitions-1 rows), set after the map stage. */
  private volatile ColumnBatch bounds;

  private final Map<Integer, List<List<ColumnBatch>>> rangeSplits = new ConcurrentHashMap<>();
  private final List<ColumnBatch> samples = new ArrayList<>();

  public ShuffleExchangeExec(
      PhysicalNode child, Kind kind, List<Expr> keys, List<Expr.Order> orders, int numPartitions) {
    this.child = child;
    this.kind = kind;
    this.keys = keys;
    this.orders = orders;
    this.numPartitions = kind == Kind.SINGLE ? 1 : numPartitions;
  }

  public PhysicalNode child() {
    return child;
  }

  public Kind kind() {
    return kind;
  }

  public List<Expr> keys() {
    return keys;
  }

  @Override
  public List<Attribute> output() {
    return child.output();
  }

  @Override
  public List<PhysicalNode> children() {
    return List.of(child);
  }

  @Override
  public int numPartitions() {
    return numPartitions;
  }

  @Override
  public long estimatedBytes() {
    return child.estimatedBytes();
  }

  public String exchangeName() {
    return switch (kind) {
      case HASH -> "hash";
      case RANGE -> "range";
      case SINGLE -> "single";
      case ROUND_ROBIN -> "roundrobin";
    };
  }

  @Override
  public String describe() {
    return switch (kind) {
      case HASH -> "Exchange hashpartitioning(" + Expr.join(keys) + ", " + numPartitions + ")";
      case RANGE -> "Exchange rangepartitioning(" + Expr.join(orders) + ", " + numPartitions + ")";
      case SINGLE -> "Exchange SinglePartition";
      case ROUND_ROBIN -> "Exchange RoundRobinPartitioning(" + numPartitions + ")";
    };
  }

  static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /** The hash of the key columns at a row, the same on both sides of a join. */
  public static int rowHash(ColumnVector[] keys, int row) {
    int h = 17;
    for (ColumnVector k : keys) {
      h = h * 31 + k.hashAt(row);
    }
    return mix(h);
  }

  /** Map side: partitions the child's partition {@code mapId} into the shuffle store. */
  public Object writeMapOutput(int mapId, Iterator<ColumnBatch> input, TaskContextImpl ctx) {
    ShuffleStore store = ctx.services().shuffleStore();
    StructType schema = child.schema();
    int n = numPartitions;
    long written = 0;
    if (kind == Kind.SINGLE || kind == Kind.RANGE) {
      List<ColumnBatch> all = new ArrayList<>();
      Vectors.BatchBuilder small = new Vectors.BatchBuilder(schema);
      while (input.hasNext()) {
        ColumnBatch b = input.next();
        ctx.metrics().outputRows += b.numRows();
        if (b.numRows() >= ColumnBatch.DEFAULT_ROWS / 2) {
          all.addAll(small.finish());
          all.add(b);
        } else if (b.numRows() > 0) {
          small.appendRange(b, 0, b.numRows());
        }
      }
      all.addAll(small.finish());
      for (ColumnBatch b : all) {
        written += b.sizeInBytes();
      }
      store.put(shuffleId, mapId, 0, all);
      ctx.metrics().shuffleWriteBytes += written;
      return kind == Kind.RANGE ? sample(all) : null;
    }
    List<Kernel> kernels = new ArrayList<>();
    for (Expr k : keys) {
      kernels.add(Kernel.compile(k, child.output()));
    }
    Vectors.BatchBuilder[] builders = new Vectors.BatchBuilder[n];
    List<List<ColumnBatch>> outputs = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      builders[r] = new Vectors.BatchBuilder(schema);
      outputs.add(new ArrayList<>());
    }
    int[] pid = new int[ColumnBatch.DEFAULT_ROWS];
    int[] counts = new int[n + 1];
    int[] order = new int[ColumnBatch.DEFAULT_ROWS];
    int rr = mapId;
    while (input.hasNext()) {
      ColumnBatch b = input.next();
      int rows = b.numRows();
      if (rows == 0) {
        continue;
      }
      ctx.metrics().outputRows += rows;
      if (pid.length < rows) {
        pid = new int[rows];
        order = new int[rows];
      }
      if (kind == Kind.HASH) {
        ColumnVector[] kv = new ColumnVector[kernels.size()];
        for (int k = 0; k < kv.length; k++) {
          kv[k] = kernels.get(k).eval(b);
        }
        for (int i = 0; i < rows; i++) {
          pid[i] = Math.floorMod(rowHash(kv, i), n);
        }
      } else {
        for (int i = 0; i < rows; i++) {
          pid[i] = (rr++) % n;
        }
        rr %= n;
      }
      java.util.Arrays.fill(counts, 0);
      for (int i = 0; i < rows; i++) {
        counts[pid[i] + 1]++;
      }
      for (int r = 0; r < n; r++) {
        counts[r + 1] += counts[r];
      }
      int[] pos = counts.clone();
      for (int i = 0; i < rows; i++) {
        order[pos[pid[i]]++] = i;
      }
      for (int r = 0; r < n; r++) {
        if (counts[r + 1] > counts[r]) {
          builders[r].append(b, order, counts[r], counts[r + 1]);
        }
      }
      for (int r = 0; r < n; r++) {
        outputs.get(r).addAll(builders[r].drain());
      }
    }
    for (int r = 0; r < n; r++) {
      List<ColumnBatch> out = outputs.get(r);
      out.addAll(builders[r].finish());
      for (ColumnBatch b : out) {
        written += b.sizeInBytes();
      }
      store.put(shuffleId, mapId, r, out);
    }
    ctx.metrics().shuffleWriteBytes += written;
    return null;
  }

  private ColumnBatch sample(List<ColumnBatch> all) {
    List<Kernel> kernels = new ArrayList<>();
    for (Expr.Order o : orders) {
      kernels.add(Kernel.compile(o.child(), child.output()));
    }
    StructType keySchema = keySchema();
    Vectors.BatchBuilder out = new Vectors.BatchBuilder(keySchema, 1 << 20);
    long total = 0;
    for (ColumnBatch b : all) {
      total += b.numRows();
    }
    int want = (int) Math.min(total, 20L * numPartitions + 100);
    if (want == 0) {
      return ColumnBatch.empty(keySchema);
    }
    double step = (double) total / want;
    double next = 0;
    long seen = 0;
    for (ColumnBatch b : all) {
      ColumnVector[] kv = new ColumnVector[kernels.size()];
      for (int k = 0; k < kv.length; k++) {
        kv[k] = kernels.get(k).eval(b);
      }
      ColumnBatch keyBatch = new ColumnBatch(keySchema, kv, b.numRows());
      List<Integer> picks = new ArrayList<>();
      while (next < seen + b.numRows()) {
        picks.add((int) (next - seen));
        next += step;
      }
      int[] idx = picks.stream().mapToInt(Integer::intValue).toArray();
      out.append(keyBatch, idx, 0, idx.length);
      seen += b.numRows();
    }
    List<ColumnBatch> res = out.finish();
    return res.isEmpty() ? ColumnBatch.empty(keySchema) : Vectors.concat(keySchema, res);
  }

  private StructType keySchema() {
    List<dev.strata.format.types.StructField> fields = new ArrayList<>();
    for (int i = 0; i < orders.size(); i++) {
      fields.add(
          dev.strata.format.types.StructField.of(
              "k" + i, dev.strata.engine.internal.expr.Types.typeOf(orders.get(i).child())));
    }
    return new StructType(fields);
  }

  /** Driver side, after the map stage: collects samples and picks range bounds. */
  public synchronized void mapStageDone(List<Object> mapResults) {
    if (kind != Kind.RANGE) {
      return;
    }
    samples.clear();
    for (Object o : mapResults) {
      if (o instanceof ColumnBatch b && b.numRows() > 0) {
        samples.add(b);
      }
    }
    StructType ks = keySchema();
    if (samples.isEmpty()) {
      bounds = ColumnBatch.empty(ks);
      return;
    }
    ColumnBatch all = Vectors.concat(ks, samples);
    int[] idx = Sorting.sortIndexes(all, allColumns(all), orders, all.numRows());
    int m = all.numRows();
    List<Integer> picks = new ArrayList<>();
    for (int r = 1; r < numPartitions; r++) {
      int at = (int) ((long) r * m / numPartitions);
      if (at < m) {
        picks.add(idx[at]);
      }
    }
    int[] p = picks.stream().mapToInt(Integer::intValue).toArray();
    bounds = Vectors.gather(all, p, p.length);
    rangeSplits.clear();
  }

  private static ColumnVector[] allColumns(ColumnBatch b) {
    return b.columns();
  }

  private List<List<ColumnBatch>> splitByRange(int mapId, ShuffleStore store) {
    return rangeSplits.computeIfAbsent(
        mapId,
        m -> {
          List<ColumnBatch> blocks = store.get(shuffleId, m, 0);
          List<Kernel> kernels = new ArrayList<>();
          for (Expr.Order o : orders) {
            kernels.add(Kernel.compile(o.child(), child.output()));
          }
          Vectors.BatchBuilder[] builders = new Vectors.BatchBuilder[numPartitions];
          for (int r = 0; r < numPartitions; r++) {
            builders[r] = new Vectors.BatchBuilder(child.schema());
          }
          ColumnVector[] bv = bounds.columns();
          for (ColumnBatch b : blocks) {
            ColumnVector[] kv = new ColumnVector[kernels.size()];
            for (int k = 0; k < kv.length; k++) {
              kv[k] = kernels.get(k).eval(b);
            }
            int rows = b.numRows();
            int[] pid = new int[rows];
            for (int i = 0; i < rows; i++) {
              int lo = 0, hi = bounds.numRows();
              while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (Sorting.compare(kv, i, bv, mid, orders) > 0) {
                  lo = mid + 1;
                } else {
                  hi = mid;
                }
              }
              pid[i] = lo;
            }
            for (int r = 0; r < numPartitions; r++) {
              int[] idx = new int[rows];
              int c = 0;
              for (int i = 0; i < rows; i++) {
                if (pid[i] == r) {
                  idx[c++] = i;
                }
              }
              if (c > 0) {
                builders[r].append(b, idx, 0, c);
              }
            }
          }
          List<List<ColumnBatch>> out = new ArrayList<>();
          for (Vectors.BatchBuilder bb : builders) {
            out.add(bb.finish());
          }
          return out;
        });
  }

  @Override
  protected Iterator<ColumnBatch> compute(int partition, TaskContextImpl ctx) {
    ShuffleStore store = ctx.services().shuffleStore();
    int maps = child.numPartitions();
    List<Supplier<Iterator<ColumnBatch>>> parts = new ArrayList<>();
    for (int m = 0; m < maps; m++) {
      final int mapId = m;
      parts.add(
          () -> {
            List<ColumnBatch> blocks =
                kind == Kind.RANGE
                    ? splitByRange(mapId, store).get(partition)
                    : store.get(shuffleId, mapId, partition);
            for (ColumnBatch b : blocks) {
              ctx.metrics().shuffleReadBytes += b.sizeInBytes();
            }
            return blocks.iterator();
          });
    }
    return Vectors.concatIterators(parts);
  }
}
