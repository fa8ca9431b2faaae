package dev.strata.engine.internal.exec;

import dev.strata.engine.internal.expr.AggFunctions;
import dev.strata.engine.internal.expr.AggFunctions.Accumulator;
import dev.strata.engine.internal.expr.Attribute;
import dev.strata.engine.internal.expr.Expr;
import dev.strata.engine.internal.expr.Kernel;
import dev.strata.engine.internal.expr.Types;
import dev.strata.engine.internal.memory.MemoryConsumer;
import dev.strata.engine.internal.spill.SpillableBuffer;
import dev.strata.format.types.DataType;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Hash aggregation. PARTIAL turns raw rows into keys + partial states (map side of the shuffle),
 * FINAL merges partial states per key, COMPLETE does both in one place (distinct aggregates).
 */
public final class HashAggregateExec extends PhysicalNode {
  public enum Mode {
    PARTIAL,
    FINAL,
    COMPLETE
  }

  private final Mode mode;
  private final PhysicalNode child;
  private final List<Expr> groupExprs;
  private final List<Expr.Agg> aggs;
  private final List<Attribute> output;
  private final int numKeys;

  /**
   * @param groupExprs key expressions over the child output (FINAL: refs to the key columns)
   * @param aggs aggregate calls with arguments over the raw input
   * @param output key attributes then one attribute per state column (PARTIAL) or per aggregate
   */
  public HashAggregateExec(
      Mode mode,
      PhysicalNode child,
      List<Expr> groupExprs,
      List<Expr.Agg> aggs,
      List<Attribute> output) {
    this.mode = mode;
    this.child = child;
    this.groupExprs = groupExprs;
    this.aggs = aggs;
    this.output = output;
    this.numKeys = groupExprs.size();
  }

  @Override
  public List<Attribute> output() {
    return output;
  }

  @Override
  public List<PhysicalNode> children() {
    return List.of(child);
  }

  @Override
  public int numPartitions() {
    return child.numPartitions();
  }

  @Override
  public String describe() {
    return "HashAggregate("
        + mode.name().toLowerCase()
        + ", keys=["
        + Expr.join(groupExprs)
        + "], functions=["
        + Expr.join(aggs)
        + "])";
  }

  /** Buckets of the partial states spilled when the hash table cannot grow. */
  private static final int SPILL_BUCKETS = 32;

  @Override
  protected Iterator<ColumnBatch> compute(int partition, TaskContextImpl ctx) {
    List<AggFunctions.Spec> specs = aggs.stream().map(AggFunctions.Spec::of).toList();
    List<Kernel> keyKernels = new ArrayList<>();
    for (Expr g : groupExprs) {
      keyKernels.add(Kernel.compile(g, child.output()));
    }
    List<DataType> keyTypes = groupExprs.stream().map(Types::typeOf).toList();
    // argument kernels (raw input) or state column positions (FINAL)
    List<List<Kernel>> argKernels = new ArrayList<>();
    int[] stateStart = new int[specs.size()];
    int pos = numKeys;
    boolean canSpill = numKeys > 0;
    for (int a = 0; a < specs.size(); a++) {
      List<Kernel> ks = new ArrayList<>();
      if (mode != Mode.FINAL) {
        for (Expr arg : aggs.get(a).args()) {
          ks.add(Kernel.compile(arg, child.output()));
        }
      }
      argKernels.add(ks);
      stateStart[a] = pos;
      pos += specs.get(a).stateTypes().size();
      canSpill &= !specs.get(a).distinct();
    }
    StructType stateSchema = stateSchema(keyTypes, specs);
    MemoryConsumer mem = new MemoryConsumer(ctx.memory(), "hash aggregate") {};
    State st = new State(keyTypes, specs);
    SpillableBuffer spilled = null;
    Iterator<ColumnBatch> in = child.iterator(partition, ctx);
    int[] gids = new int[ColumnBatch.DEFAULT_ROWS];
    long accounted = 0;
    while (in.hasNext()) {
      ColumnBatch b = in.next();
      int n = b.numRows();
      if (n == 0) {
        continue;
      }
      if (gids.length < n) {
        gids = new int[n];
      }
      ColumnVector[] kv = new ColumnVector[numKeys];
      for (int k = 0; k < numKeys; k++) {
        kv[k] = keyKernels.get(k).eval(b);
      }
      st.table.groupIds(kv, n, gids);
      for (int a = 0; a < st.accs.length; a++) {
        st.accs[a].grow(st.table.size());
        if (mode == Mode.FINAL) {
          int ns = specs.get(a).stateTypes().size();
          ColumnVector[] states = new ColumnVector[ns];
          for (int s = 0; s < ns; s++) {
            states[s] = b.column(stateStart[a] + s);
          }
          st.accs[a].merge(gids, n, states);
        } else {
          List<Kernel> ks = argKernels.get(a);
          ColumnVector[] args = new ColumnVector[ks.size()];
          for (int k = 0; k < args.length; k++) {
            args[k] = ks.get(k).eval(b);
          }
          st.accs[a].update(gids, n, args);
        }
      }
      long now = st.bytes();
      if (now > accounted) {
        long need = now - accounted;
        long got = mem.acquire(need);
        accounted += got;
        if (got < need && canSpill) {
          // the table cannot grow: its partial states go to disk by key hash, and it restarts
          if (spilled == null) {
            spilled = ctx.spillBuffer(stateSchema, SPILL_BUCKETS, "aggregate spill");
          }
          spillStates(st, specs, stateSchema, spilled, 0);
          st = new State(keyTypes, specs);
          mem.releaseAll();
          accounted = 0;
        }
      }
    }
    if (spilled == null) {
      if (numKeys == 0) {
        st.table.groupIds(new ColumnVector[0], 0, gids);
        for (Accumulator acc : st.accs) {
          acc.grow(1);
        }
      }
      return emit(st, mem);
    }
    // merge the spilled partial states bucket by bucket (each bucket holds whole keys)
    spillStates(st, specs, stateSchema, spilled, 0);
    mem.releaseAll();
    spilled.finish();
    return mergeBuckets(spilled, 0, keyTypes, specs, stateSchema, ctx);
  }

  /** How often a bucket that still does not fit is split again (with another hash). */
  private static final int MAX_SPLIT_DEPTH = 3;

  private Iterator<ColumnBatch> mergeBuckets(
      SpillableBuffer sp,
      int depth,
      List<DataType> keyTypes,
      List<AggFunctions.Spec> specs,
      StructType stateSchema,
      TaskContextImpl ctx) {
    List<java.util.function.Supplier<Iterator<ColumnBatch>>> parts = new ArrayList<>();
    for (int bucket = 0; bucket < SPILL_BUCKETS; bucket++) {
      int bk = bucket;
      parts.add(
          () -> {
            State merged = new State(keyTypes, specs);
            MemoryConsumer mergeMem = new MemoryConsumer(ctx.memory(), "aggregate merge") {};
            long held = 0;
            SpillableBuffer again = null;
            Iterator<ColumnBatch> it = sp.read(bk);
            int[] g = new int[ColumnBatch.DEFAULT_ROWS];
            while (it.hasNext()) {
              ColumnBatch b = it.next();
              int n = b.numRows();
              if (g.length < n) {
                g = new int[n];
              }
              ColumnVector[] kv = new ColumnVector[numKeys];
              for (int k = 0; k < numKeys; k++) {
                kv[k] = b.column(k);
              }
              merged.table.groupIds(kv, n, g);
              int at = numKeys;
              for (int a = 0; a < merged.accs.length; a++) {
                merged.accs[a].grow(merged.table.size());
                int ns = specs.get(a).stateTypes().size();
                ColumnVector[] states = new ColumnVector[ns];
                for (int s = 0; s < ns; s++) {
                  states[s] = b.column(at + s);
                }
                at += ns;
                merged.accs[a].merge(g, n, states);
              }
              long now = merged.bytes();
              if (now > held) {
                long need = now - held;
                long got = mergeMem.acquire(need);
                held += got;
                if (got < need && depth < MAX_SPLIT_DEPTH) {
                  // this bucket alone does not fit: split it again with another hash
                  if (again == null) {
                    again = ctx.spillBuffer(stateSchema, SPILL_BUCKETS, "aggregate spill");
                  }
                  spillStates(merged, specs, stateSchema, again, depth + 1);
                  merged = new State(keyTypes, specs);
                  mergeMem.releaseAll();
                  held = 0;
                }
              }
            }
            sp.clearBucket(bk);
            if (again == null) {
              return emit(merged, mergeMem);
            }
            spillStates(merged, specs, stateSchema, again, depth + 1);
            mergeMem.releaseAll();
            again.finish();
            return mergeBuckets(again, depth + 1, keyTypes, specs, stateSchema, ctx);
          });
    }
    return Vectors.concatIterators(parts);
  }

  /** A hash table and its accumulators. */
  private static final class State {
    final GroupTable table;
    final Accumulator[] accs;

    State(List<DataType> keyTypes, List<AggFunctions.Spec> specs) {
      table = new GroupTable(keyTypes);
      accs = new Accumulator[specs.size()];
      for (int a = 0; a < accs.length; a++) {
        accs[a] = specs.get(a).create();
      }
    }

    long bytes() {
      long b = table.bytes();
      for (Accumulator acc : accs) {
        b += acc.bytes();
      }
      return b;
    }
  }

  private StructType stateSchema(List<DataType> keyTypes, List<AggFunctions.Spec> specs) {
    List<dev.strata.format.types.StructField> fields = new ArrayList<>();
    for (int k = 0; k < keyTypes.size(); k++) {
      fields.add(dev.strata.format.types.StructField.of("k" + k, keyTypes.get(k)));
    }
    int i = 0;
    for (AggFunctions.Spec sp : specs) {
      for (DataType t : sp.stateTypes()) {
        fields.add(dev.strata.format.types.StructField.of("s" + (i++), t));
      }
    }
    return new StructType(fields);
  }

  /** Writes every group's keys and partial states to the spill buckets, by a key hash. */
  private void spillStates(
      State st,
      List<AggFunctions.Spec> specs,
      StructType stateSchema,
      SpillableBuffer out,
      int depth) {
    int groups = st.table.size();
    ColumnVector[] keys = st.table.keys();
    for (int at = 0; at < groups; at += ColumnBatch.DEFAULT_ROWS) {
      int count = Math.min(ColumnBatch.DEFAULT_ROWS, groups - at);
      ColumnVector[] cols = new ColumnVector[stateSchema.size()];
      ColumnVector[] kslice = new ColumnVector[numKeys];
      for (int k = 0; k < numKeys; k++) {
        kslice[k] = keys[k].slice(at, count);
        cols[k] = kslice[k];
      }
      int c = numKeys;
      for (int a = 0; a < st.accs.length; a++) {
        int ns = specs.get(a).stateTypes().size();
        ColumnVector[] arr = new ColumnVector[ns];
        for (int s = 0; s < ns; s++) {
          arr[s] = ColumnVector.allocate(stateSchema.field(c + s).type(), count);
        }
        for (int g = at; g < at + count; g++) {
          st.accs[a].writeStates(g, arr);
        }
        for (ColumnVector v : arr) {
          cols[c++] = v;
        }
      }
      ColumnBatch batch = new ColumnBatch(stateSchema, cols, count);
      int[] bucket = new int[count];
      int[] counts = new int[SPILL_BUCKETS + 1];
      for (int i = 0; i < count; i++) {
        // a different multiplier per depth: the buckets of a re-split bucket get other bits
        int h =
            ShuffleExchangeExec.mix(
                ShuffleExchangeExec.rowHash(kslice, i) * (0x9E3779B9 + 0x3C6EF372 * depth));
        bucket[i] = h & (SPILL_BUCKETS - 1);
        counts[bucket[i] + 1]++;
      }
      for (int b = 0; b < SPILL_BUCKETS; b++) {
        counts[b + 1] += counts[b];
      }
      int[] order = new int[count];
      int[] p = counts.clone();
      for (int i = 0; i < count; i++) {
        order[p[bucket[i]]++] = i;
      }
      for (int b = 0; b < SPILL_BUCKETS; b++) {
        int len = counts[b + 1] - counts[b];
        if (len > 0) {
          int[] idx = java.util.Arrays.copyOfRange(order, counts[b], counts[b + 1]);
          out.addToDisk(b, Vectors.gather(batch, idx, len));
        }
      }
    }
  }

  /** The result rows of a table: partial states (PARTIAL) or final values. */
  private Iterator<ColumnBatch> emit(State st, MemoryConsumer mem) {
    GroupTable table = st.table;
    Accumulator[] accs = st.accs;
    List<AggFunctions.Spec> specs = aggs.stream().map(AggFunctions.Spec::of).toList();
    int groups = table.size();
    StructType schema = schema();
    ColumnVector[] keys = table.keys();
    return new Iterator<>() {
      int at;

      @Override
      public boolean hasNext() {
        return at < groups;
      }

      @Override
      public ColumnBatch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int count = Math.min(ColumnBatch.DEFAULT_ROWS, groups - at);
        ColumnVector[] cols = new ColumnVector[schema.size()];
        for (int k = 0; k < numKeys; k++) {
          cols[k] = (at == 0 && count == groups) ? keys[k] : keys[k].slice(at, count);
        }
        int c = numKeys;
        for (int a = 0; a < accs.length; a++) {
          if (mode == Mode.PARTIAL) {
            int ns = specs.get(a).stateTypes().size();
            ColumnVector[] outs = new ColumnVector[ns];
            for (int s = 0; s < ns; s++) {
              outs[s] = ColumnVector.allocate(schema.field(c + s).type(), count);
            }
            for (int g = at; g < at + count; g++) {
              accs[a].writeStates(g, outs);
            }
            for (int s = 0; s < ns; s++) {
              cols[c++] = outs[s];
            }
          } else {
            ColumnVector out = ColumnVector.allocate(schema.field(c).type(), count);
            for (int g = at; g < at + count; g++) {
              accs[a].writeResult(g, out);
            }
            cols[c++] = out;
          }
        }
        at += count;
        if (at >= groups && mem != null) {
          mem.releaseAll();
        }
        return new ColumnBatch(schema, cols, count);
      }
    };
  }
}
