package dev.strata.engine.internal.exec;

import dev.strata.engine.internal.expr.Attribute;
import dev.strata.engine.internal.expr.Expr;
import dev.strata.engine.internal.expr.Kernel;
import dev.strata.engine.internal.shuffle.ShuffleStore;
import dev.strata.engine.internal.shuffle.SpillingShuffleStore;
import dev.strata.engine.internal.spill.SpillManager;
import dev.strata.engine.internal.spill.SpillableBuffer;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
      // one bucket that spills when memory is short; range keys are sampled on the way through
      SpillableBuffer buf = ctx.spillBuffer(schema, 1, "shuffle map output");
      RangeSampler sampler = kind == Kind.RANGE ? new RangeSampler() : null;
      Vectors.BatchBuilder small = new Vectors.BatchBuilder(schema);
      while (input.hasNext()) {
        ColumnBatch b = input.next();
        ctx.metrics().outputRows += b.numRows();
        if (sampler != null) {
          sampler.add(b);
        }
        if (b.numRows() >= ColumnBatch.DEFAULT_ROWS / 2) {
          for (ColumnBatch x : small.finish()) {
            buf.add(0, x);
          }
          buf.add(0, b);
        } else if (b.numRows() > 0) {
          small.appendRange(b, 0, b.numRows());
        }
      }
      for (ColumnBatch x : small.finish()) {
        buf.add(0, x);
      }
      buf.finish();
      written += putBuffered(store, mapId, buf, ctx);
      ctx.metrics().shuffleWriteBytes += written;
      return sampler == null ? null : sampler.result();
    }
    List<Kernel> kernels = new ArrayList<>();
    for (Expr k : keys) {
      kernels.add(Kernel.compile(k, child.output()));
    }
    Vectors.BatchBuilder[] builders = new Vectors.BatchBuilder[n];
    for (int r = 0; r < n; r++) {
      builders[r] = new Vectors.BatchBuilder(schema);
    }
    SpillableBuffer buf = ctx.spillBuffer(schema, n, "shuffle map output");
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
        for (ColumnBatch x : builders[r].drain()) {
          buf.add(r, x);
        }
      }
    }
    for (int r = 0; r < n; r++) {
      for (ColumnBatch x : builders[r].finish()) {
        buf.add(r, x);
      }
    }
    buf.finish();
    written += putBuffered(store, mapId, buf, ctx);
    ctx.metrics().shuffleWriteBytes += written;
    return null;
  }

  /** Hands a map task's buffered output to the store; returns the bytes written. */
  private long putBuffered(
      ShuffleStore store, int mapId, SpillableBuffer buf, TaskContextImpl ctx) {
    long written = 0;
    List<List<ColumnBatch>> mem = new ArrayList<>();
    for (int r = 0; r < buf.buckets(); r++) {
      mem.add(new ArrayList<>(buf.inMemory(r)));
      SpillManager.SpillFile f = buf.file(r);
      if (f != null) {
        written += f.bytes();
      }
      for (ColumnBatch b : mem.get(r)) {
        written += b.sizeInBytes();
      }
    }
    // the store accounts for what it keeps in memory from here on
    buf.releaseAll();
    for (int r = 0; r < buf.buckets(); r++) {
      store.put(shuffleId, mapId, r, buf.file(r), mem.get(r));
    }
    long storeSpill = SpillingShuffleStore.takeThreadSpilledBytes();
    if (storeSpill > 0) {
      ctx.memory().addSpilledBytes(storeSpill);
    }
    return written;
  }

  /**
   * Samples sort keys of a map task's rows without keeping the rows: every {@code stride}-th row;
   * when the sample grows past twice its target, every other sampled row is dropped and the stride
   * doubles.
   */
  private final class RangeSampler {
    private final List<Kernel> kernels = new ArrayList<>();
    private final StructType keySchema = keySchema();
    private final int want = 20 * numPartitions + 100;
    private List<ColumnBatch> sample = new ArrayList<>();
    private long sampled;
    private long stride = 1;
    private long seen;

    RangeSampler() {
      for (Expr.Order o : orders) {
        kernels.add(Kernel.compile(o.child(), child.output()));
      }
    }

    void add(ColumnBatch b) {
      int rows = b.numRows();
      if (rows == 0) {
        return;
      }
      int[] idx = new int[(int) Math.min(rows, rows / stride + 2)];
      int c = 0;
      long first = (stride - (seen % stride)) % stride;
      for (long i = first; i < rows; i += stride) {
        idx[c++] = (int) i;
      }
      seen += rows;
      if (c == 0) {
        return;
      }
      ColumnVector[] kv = new ColumnVector[kernels.size()];
      for (int k = 0; k < kv.length; k++) {
        kv[k] = kernels.get(k).eval(b).gather(idx, c);
      }
      sample.add(new ColumnBatch(keySchema, kv, c));
      sampled += c;
      if (sampled > 2L * want) {
        ColumnBatch all = Vectors.concat(keySchema, sample);
        int[] even = new int[(all.numRows() + 1) / 2];
        for (int i = 0; i < even.length; i++) {
          even[i] = i * 2;
        }
        sample = new ArrayList<>(List.of(Vectors.gather(all, even, even.length)));
        sampled = even.length;
        stride *= 2;
      }
    }

    ColumnBatch result() {
      return sample.isEmpty() ? ColumnBatch.empty(keySchema) : Vectors.concat(keySchema, sample);
    }
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
  }

  private static ColumnVector[] allColumns(ColumnBatch b) {
    return b.columns();
  }

  @Override
  protected Iterator<ColumnBatch> compute(int partition, TaskContextImpl ctx) {
    if (shuffleId < 0) {
      // the store answers "no blocks" for a shuffle nobody wrote: reading one would silently
      // return no rows, so a stage graph that skipped this map side must fail loudly instead
      throw new IllegalStateException(
          "Reduce side of " + describe() + " ran before its map stage was scheduled");
    }
    ShuffleStore store = ctx.services().shuffleStore();
    int maps = child.numPartitions();
    StructType schema = child.schema();
    List<Supplier<Iterator<ColumnBatch>>> parts = new ArrayList<>();
    for (int m = 0; m < maps; m++) {
      final int mapId = m;
      parts.add(
          () -> {
            Iterator<ColumnBatch> blocks =
                store.read(shuffleId, mapId, kind == Kind.RANGE ? 0 : partition, schema);
            if (kind == Kind.RANGE) {
              // each reduce task streams the map output and keeps its range: no copy of the
              // whole map output is held, whatever its size
              blocks = rangeFilter(blocks, partition);
            }
            Iterator<ColumnBatch> src = blocks;
            return new Iterator<>() {
              @Override
              public boolean hasNext() {
                return src.hasNext();
              }

              @Override
              public ColumnBatch next() {
                ctx.checkInterrupted();
                ColumnBatch b = src.next();
                ctx.metrics().shuffleReadBytes += b.sizeInBytes();
                return b;
              }
            };
          });
    }
    return Vectors.concatIterators(parts);
  }

  private Iterator<ColumnBatch> rangeFilter(Iterator<ColumnBatch> in, int partition) {
    List<Kernel> kernels = new ArrayList<>();
    for (Expr.Order o : orders) {
      kernels.add(Kernel.compile(o.child(), child.output()));
    }
    ColumnVector[] bv = bounds.columns();
    int nb = bounds.numRows();
    return new Iterator<>() {
      ColumnBatch next;

      @Override
      public boolean hasNext() {
        while (next == null && in.hasNext()) {
          ColumnBatch b = in.next();
          int rows = b.numRows();
          ColumnVector[] kv = new ColumnVector[kernels.size()];
          for (int k = 0; k < kv.length; k++) {
            kv[k] = kernels.get(k).eval(b);
          }
          int[] idx = new int[rows];
          int c = 0;
          for (int i = 0; i < rows; i++) {
            int lo = 0, hi = nb;
            while (lo < hi) {
              int mid = (lo + hi) >>> 1;
              if (Sorting.compare(kv, i, bv, mid, orders) > 0) {
                lo = mid + 1;
              } else {
                hi = mid;
              }
            }
            if (lo == partition) {
              idx[c++] = i;
            }
          }
          if (c == rows) {
            next = b;
          } else if (c > 0) {
            next = Vectors.gather(b, idx, c);
          }
        }
        return next != null;
      }

      @Override
      public ColumnBatch next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        ColumnBatch b = next;
        next = null;
        return b;
      }
    };
  }
}
