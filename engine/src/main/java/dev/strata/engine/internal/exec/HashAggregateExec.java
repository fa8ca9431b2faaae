package dev.strata.engine.internal.exec;

import dev.strata.engine.internal.expr.AggFunctions;
import dev.strata.engine.internal.expr.AggFunctions.Accumulator;
import dev.strata.engine.internal.expr.Attribute;
import dev.strata.engine.internal.expr.Expr;
import dev.strata.engine.internal.expr.Kernel;
import dev.strata.engine.internal.expr.Types;
import dev.strata.engine.internal.memory.MemoryConsumer;
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

  @Override
  protected Iterator<ColumnBatch> compute(int partition, TaskContextImpl ctx) {
    List<AggFunctions.Spec> specs = aggs.stream().map(AggFunctions.Spec::of).toList();
    List<Kernel> keyKernels = new ArrayList<>();
    for (Expr g : groupExprs) {
      keyKernels.add(Kernel.compile(g, child.output()));
    }
    List<DataType> keyTypes = groupExprs.stream().map(Types::typeOf).toList();
    GroupTable table = new GroupTable(keyTypes);
    Accumulator[] accs = new Accumulator[specs.size()];
    for (int a = 0; a < accs.length; a++) {
      accs[a] = specs.get(a).create();
    }
    // argument kernels (raw input) or state column positions (FINAL)
    List<List<Kernel>> argKernels = new ArrayList<>();
    int[] stateStart = new int[specs.size()];
    int pos = numKeys;
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
    }
    MemoryConsumer mem = new MemoryConsumer(ctx.memory(), "hash aggregate") {};
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
      table.groupIds(kv, n, gids);
      for (int a = 0; a < accs.length; a++) {
        accs[a].grow(table.size());
        if (mode == Mode.FINAL) {
          int ns = specs.get(a).stateTypes().size();
          ColumnVector[] states = new ColumnVector[ns];
          for (int s = 0; s < ns; s++) {
            states[s] = b.column(stateStart[a] + s);
          }
          accs[a].merge(gids, n, states);
        } else {
          List<Kernel> ks = argKernels.get(a);
          ColumnVector[] args = new ColumnVector[ks.size()];
          for (int k = 0; k < args.length; k++) {
            args[k] = ks.get(k).eval(b);
          }
          accs[a].update(gids, n, args);
        }
      }
      long now = table.bytes();
      for (Accumulator acc : accs) {
        now += acc.bytes();
      }
      if (now > accounted) {
        mem.acquire(now - accounted);
        accounted = now;
      }
    }
    if (numKeys == 0) {
      table.groupIds(new ColumnVector[0], 0, gids);
      for (Accumulator acc : accs) {
        acc.grow(1);
      }
    }
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
        if (at >= groups) {
          mem.releaseAll();
        }
        return new ColumnBatch(schema, cols, count);
      }
    };
  }
}
