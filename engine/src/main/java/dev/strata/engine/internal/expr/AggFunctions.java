package dev.strata.engine.internal.expr;

import static dev.strata.format.types.PrimitiveType.*;

import dev.strata.engine.internal.expr.Expr.Agg;
import dev.strata.format.StrataException;
import dev.strata.format.types.DataType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.vector.BooleanVector;
import dev.strata.format.vector.ColumnVector;
import dev.strata.format.vector.DecimalVector;
import dev.strata.format.vector.DoubleVector;
import dev.strata.format.vector.FloatVector;
import dev.strata.format.vector.IntVector;
import dev.strata.format.vector.LongVector;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Aggregate functions: typing, and accumulators over group ids with partial states. */
public final class AggFunctions {
  private AggFunctions() {}

  public static final Set<String> NAMES =
      Set.of(
          "count",
          "sum",
          "avg",
          "mean",
          "min",
          "max",
          "first",
          "last",
          "count_distinct",
          "first_value",
          "last_value");

  public static boolean isAggregate(String name) {
    return NAMES.contains(name);
  }

  static DataType sumType(DataType in) {
    if (in instanceof DecimalType d) {
      return new DecimalType(Math.min(38, d.precision() + 10), d.scale());
    }
    if (Types.isIntegral(in)) {
      return LONG;
    }
    return DOUBLE;
  }

  static DataType resultType(Agg a) {
    DataType in = a.args().isEmpty() ? VOID : Types.typeOf(a.args().get(0));
    return switch (a.name()) {
      case "count" -> LONG;
      case "sum" -> sumType(in);
      case "avg" ->
          in instanceof DecimalType d
              ? new DecimalType(Math.min(38, d.precision() + 4), Math.min(38, d.scale() + 4))
              : DOUBLE;
      case "min", "max", "first", "last" -> in;
      default -> throw new StrataException("Unknown aggregate " + a.name());
    };
  }

  static Agg coerce(Agg a) {
    String name =
        switch (a.name()) {
          case "mean" -> "avg";
          case "first_value" -> "first";
          case "last_value" -> "last";
          default -> a.name();
        };
    List<Expr> args = a.args();
    if (!name.equals("count") && args.size() != 1) {
      throw new StrataException(name + " takes one argument: " + a);
    }
    if ((name.equals("sum") || name.equals("avg")) && !Types.typeOf(args.get(0)).isNumeric()) {
      args = List.of(Analyzer.cast(args.get(0), DOUBLE));
    }
    if (name.equals("count")
        && args.size() == 1
        && args.get(0) instanceof Expr.Lit l
        && l.value() != null
        && !a.distinct()) {
      args = List.of();
    }
    return new Agg(name, args, a.distinct());
  }

  /** A resolved aggregate call: what to compute and its state layout. */
  public record Spec(
      String name, DataType input, boolean distinct, DataType result, List<DataType> stateTypes) {
    public static Spec of(Agg a) {
      DataType in = a.args().isEmpty() ? VOID : Types.typeOf(a.args().get(0));
      DataType result = resultType(a);
      List<DataType> states =
          switch (a.name()) {
            case "count" -> List.of(LONG);
            case "sum" -> List.of(result);
            case "avg" -> List.of(sumType(in), LONG);
            case "first", "last" -> List.of(in, BOOLEAN);
            default -> List.of(in);
          };
      return new Spec(a.name(), in, a.distinct(), result, states);
    }

    public Accumulator create() {
      if (distinct) {
        return new DistinctAcc(this);
      }
      return switch (name) {
        case "count" -> new CountAcc();
        case "sum" ->
            result instanceof DecimalType
                ? new DecimalSumAcc(this, false)
                : result == LONG ? new LongSumAcc() : new DoubleSumAcc(false);
        case "avg" ->
            input instanceof DecimalType ? new DecimalSumAcc(this, true) : new DoubleSumAcc(true);
        case "min", "max" -> new MinMaxAcc(this, name.equals("max"));
        case "first", "last" -> new FirstLastAcc(this, name.equals("first"));
        default -> throw new StrataException("Unknown aggregate " + name);
      };
    }
  }

  /**
   * Per-group state of one aggregate. {@code update} takes raw input values, {@code merge} partial
   * states written by {@code writeStates}.
   */
  public abstract static class Accumulator {
    protected int capacity;

    /** Makes room for group ids below {@code groups}. */
    public abstract void grow(int groups);

    public abstract void update(int[] groups, int n, ColumnVector[] args);

    public abstract void merge(int[] groups, int n, ColumnVector[] states);

    public abstract void writeStates(int group, ColumnVector[] out);

    public abstract void writeResult(int group, ColumnVector out);

    /** Approximate heap used, for memory accounting. */
    public abstract long bytes();

    static int newCap(int old, int need) {
      return Math.max(need, Math.max(16, old * 2));
    }
  }

  static final class CountAcc extends Accumulator {
    long[] counts = new long[0];

    public void grow(int g) {
      if (g > counts.length) {
        counts = Arrays.copyOf(counts, newCap(counts.length, g));
      }
    }

    public void update(int[] groups, int n, ColumnVector[] args) {
      if (args.length == 0 || !anyNulls(args)) {
        for (int i = 0; i < n; i++) {
          counts[groups[i]]++;
        }
        return;
      }
      outer:
      for (int i = 0; i < n; i++) {
        for (ColumnVector a : args) {
          if (a.isNull(i)) {
            continue outer;
          }
        }
        counts[groups[i]]++;
      }
    }

    public void merge(int[] groups, int n, ColumnVector[] states) {
      long[] v = ((LongVector) states[0]).values();
      for (int i = 0; i < n; i++) {
        counts[groups[i]] += v[i];
      }
    }

    public void writeStates(int g, ColumnVector[] out) {
      ((LongVector) out[0]).appendLong(counts[g]);
    }

    public void writeResult(int g, ColumnVector out) {
      ((LongVector) out).appendLong(counts[g]);
    }

    public long bytes() {
      return counts.length * 8L;
    }
  }

  static boolean anyNulls(ColumnVector[] args) {
    for (ColumnVector a : args) {
      if (a.mayHaveNulls()) {
        return true;
      }
    }
    return false;
  }

  static long longAt(ColumnVector v, int i) {
    return v instanceof IntVector iv ? iv.getInt(i) : ((LongVector) v).getLong(i);
  }

  static final class LongSumAcc extends Accumulator {
    long[] sums = new long[0];
    boolean[] seen = new boolean[0];

    public void grow(int g) {
      if (g > sums.length) {
        int c = newCap(sums.length, g);
        sums = Arrays.copyOf(sums, c);
        seen = Arrays.copyOf(seen, c);
      }
    }

    public void update(int[] groups, int n, ColumnVector[] args) {
      ColumnVector v = args[0];
      if (v instanceof IntVector iv) {
        int[] x = iv.values();
        for (int i = 0; i < n; i++) {
          if (!v.isNull(i)) {
            sums[groups[i]] += x[i];
            seen[groups[i]] = true;
          }
        }
      } else {
        long[] x = ((LongVector) v).values();
        for (int i = 0; i < n; i++) {
          if (!v.isNull(i)) {
            sums[groups[i]] += x[i];
            seen[groups[i]] = true;
          }
        }
      }
    }

    public void merge(int[] groups, int n, ColumnVector[] states) {
      update(groups, n, states);
    }

    public void writeStates(int g, ColumnVector[] out) {
      writeResult(g, out[0]);
    }

    public void writeResult(int g, ColumnVector out) {
      if (seen[g]) {
        ((LongVector) out).appendLong(sums[g]);
      } else {
        out.appendNull();
      }
    }

    public long bytes() {
      return sums.length * 9L;
    }
  }

  static double doubleAt(ColumnVector v, int i) {
    if (v instanceof DoubleVector d) {
      return d.getDouble(i);
    }
    if (v instanceof FloatVector f) {
      return f.getFloat(i);
    }
    if (v instanceof DecimalVector d) {
      return d.getDecimal(i).doubleValue();
    }
    return longAt(v, i);
  }

  static final class DoubleSumAcc extends Accumulator {
    final boolean avg;
    double[] sums = new double[0];
    long[] counts = new long[0];

    DoubleSumAcc(boolean avg) {
      this.avg = avg;
    }

    public void grow(int g) {
      if (g > sums.length) {
        int c = newCap(sums.length, g);
        sums = Arrays.copyOf(sums, c);
        counts = Arrays.copyOf(counts, c);
      }
    }

    public void update(int[] groups, int n, ColumnVector[] args) {
      ColumnVector v = args[0];
      for (int i = 0; i < n; i++) {
        if (!v.isNull(i)) {
          sums[groups[i]] += doubleAt(v, i);
          counts[groups[i]]++;
        }
      }
    }

    public void merge(int[] groups, int n, ColumnVector[] states) {
      ColumnVector s = states[0];
      for (int i = 0; i < n; i++) {
        if (!s.isNull(i)) {
          sums[groups[i]] += doubleAt(s, i);
          counts[groups[i]] += avg ? ((LongVector) states[1]).getLong(i) : 1;
        }
      }
    }

    public void writeStates(int g, ColumnVector[] out) {
      if (counts[g] == 0) {
        out[0].appendNull();
      } else {
        ((DoubleVector) out[0]).appendDouble(sums[g]);
      }
      if (avg) {
        ((LongVector) out[1]).appendLong(counts[g]);
      }
    }

    public void writeResult(int g, ColumnVector out) {
      if (counts[g] == 0) {
        out.appendNull();
      } else {
        ((DoubleVector) out).appendDouble(avg ? sums[g] / counts[g] : sums[g]);
      }
    }

    public long bytes() {
      return sums.length * 16L;
    }
  }

  /** Exact decimal sums: longs while they fit, BigDecimal after an overflow. */
  static final class DecimalSumAcc extends Accumulator {
    final Spec spec;
    final boolean avg;
    final DecimalType sumType;
    long[] sums = new long[0];
    BigInteger[] big = new BigInteger[0];
    long[] counts = new long[0];
    boolean[] overflow = new boolean[0];

    DecimalSumAcc(Spec spec, boolean avg) {
      this.spec = spec;
      this.avg = avg;
      this.sumType = (DecimalType) sumType(spec.input());
    }

    public void grow(int g) {
      if (g > sums.length) {
        int c = newCap(sums.length, g);
        sums = Arrays.copyOf(sums, c);
        big = Arrays.copyOf(big, c);
        counts = Arrays.copyOf(counts, c);
        overflow = Arrays.copyOf(overflow, c);
      }
    }

    private void add(int g, long v) {
      long s = sums[g];
      long r = s + v;
      if (((s ^ r) & (v ^ r)) < 0) {
        big[g] =
            (big[g] == null ? BigInteger.ZERO : big[g])
                .add(BigInteger.valueOf(s))
                .add(BigInteger.valueOf(v));
        sums[g] = 0;
      } else {
        sums[g] = r;
      }
    }

    private void add(int g, BigInteger v) {
      if (v.bitLength() < 63) {
        add(g, v.longValue());
      } else {
        big[g] = (big[g] == null ? BigInteger.ZERO : big[g]).add(v);
      }
    }

    public void update(int[] groups, int n, ColumnVector[] args) {
      DecimalVector v = (DecimalVector) args[0];
      boolean nulls = v.mayHaveNulls();
      if (v.isLongBacked()) {
        long[] x = v.unscaledLongs();
        for (int i = 0; i < n; i++) {
          if (!nulls || !v.isNull(i)) {
            add(groups[i], x[i]);
            counts[groups[i]]++;
          }
        }
      } else {
        for (int i = 0; i < n; i++) {
          if (!nulls || !v.isNull(i)) {
            add(groups[i], v.getUnscaled(i));
            counts[groups[i]]++;
          }
        }
      }
    }

    public void merge(int[] groups, int n, ColumnVector[] states) {
      DecimalVector v = (DecimalVector) states[0];
      for (int i = 0; i < n; i++) {
        int g = groups[i];
        if (v.isNull(i)) {
          if (!avg) {
            // a null partial sum with rows behind it means the partial sum overflowed
            continue;
          }
          if (((LongVector) states[1]).getLong(i) > 0) {
            overflow[g] = true;
          }
          continue;
        }
        add(g, v.getUnscaled(i));
        counts[g] += avg ? ((LongVector) states[1]).getLong(i) : 1;
      }
    }

    private BigInteger total(int g) {
      return big[g] == null ? BigInteger.valueOf(sums[g]) : big[g].add(BigInteger.valueOf(sums[g]));
    }

    private boolean fits(BigInteger unscaled, DecimalType t) {
      return unscaled.abs().compareTo(BigInteger.TEN.pow(t.precision())) < 0;
    }

    public void writeStates(int g, ColumnVector[] out) {
      DecimalVector o = (DecimalVector) out[0];
      BigInteger t = total(g);
      if (counts[g] == 0 || overflow[g] || !fits(t, sumType)) {
        o.appendNull();
      } else if (big[g] == null) {
        o.appendUnscaledLong(sums[g]);
      } else {
        o.appendUnscaled(t);
      }
      if (avg) {
        ((LongVector) out[1]).appendLong(counts[g]);
      }
    }

    public void writeResult(int g, ColumnVector out) {
      DecimalVector o = (DecimalVector) out;
      BigInteger t = total(g);
      if (counts[g] == 0 || overflow[g] || !fits(t, sumType)) {
        o.appendNull();
        return;
      }
      if (!avg) {
        if (big[g] == null) {
          o.appendUnscaledLong(sums[g]);
        } else {
          o.appendUnscaled(t);
        }
        return;
      }
      DecimalType rt = (DecimalType) spec.result();
      BigDecimal mean =
          new BigDecimal(t, sumType.scale())
              .divide(BigDecimal.valueOf(counts[g]), rt.scale(), RoundingMode.HALF_UP);
      if (!fits(mean.unscaledValue(), rt)) {
        o.appendNull();
      } else {
        o.appendUnscaled(mean.unscaledValue());
      }
    }

    public long bytes() {
      return sums.length * 26L;
    }
  }

  /** min/max: primitive longs for integral, date, timestamp and small decimals; else values. */
  static final class MinMaxAcc extends Accumulator {
    final Spec spec;
    final boolean max;
    final boolean longKind;
    final boolean doubleKind;
    long[] longs = new long[0];
    double[] doubles = new double[0];
    boolean[] seen = new boolean[0];
    ColumnVector[] holders = new ColumnVector[0];

    MinMaxAcc(Spec spec, boolean max) {
      this.spec = spec;
      this.max = max;
      DataType t = spec.input();
      longKind =
          Types.isIntegral(t)
              || t == DATE
              || t == TIMESTAMP
              || t == TIMESTAMP_NTZ
              || (t instanceof DecimalType d && d.fitsLong());
      doubleKind = t == DOUBLE || t == FLOAT;
    }

    public void grow(int g) {
      if (g > seen.length) {
        int c = newCap(seen.length, g);
        seen = Arrays.copyOf(seen, c);
        if (longKind) {
          longs = Arrays.copyOf(longs, c);
        } else if (doubleKind) {
          doubles = Arrays.copyOf(doubles, c);
        } else {
          holders = Arrays.copyOf(holders, c);
        }
      }
    }

    private long lv(ColumnVector v, int i) {
      if (v instanceof DecimalVector d) {
        return d.getUnscaledLong(i);
      }
      return longAt(v, i);
    }

    public void update(int[] groups, int n, ColumnVector[] args) {
      ColumnVector v = args[0];
      for (int i = 0; i < n; i++) {
        if (v.isNull(i)) {
          continue;
        }
        int g = groups[i];
        if (longKind) {
          long x = lv(v, i);
          if (!seen[g] || (max ? x > longs[g] : x < longs[g])) {
            longs[g] = x;
          }
        } else if (doubleKind) {
          double x = doubleAt(v, i);
          if (!seen[g]
              || (max ? Double.compare(x, doubles[g]) > 0 : Double.compare(x, doubles[g]) < 0)) {
            doubles[g] = x;
          }
        } else {
          int c = seen[g] ? v.compareAt(i, holders[g], 0) : 0;
          if (!seen[g] || (max ? c > 0 : c < 0)) {
            ColumnVector h = ColumnVector.allocate(spec.input(), 1);
            h.appendFrom(v, i);
            holders[g] = h;
          }
        }
        seen[g] = true;
      }
    }

    public void merge(int[] groups, int n, ColumnVector[] states) {
      update(groups, n, states);
    }

    public void writeStates(int g, ColumnVector[] out) {
      writeResult(g, out[0]);
    }

    public void writeResult(int g, ColumnVector out) {
      if (!seen[g]) {
        out.appendNull();
      } else if (longKind) {
        if (out instanceof DecimalVector d) {
          d.appendUnscaledLong(longs[g]);
        } else if (out instanceof IntVector iv) {
          iv.appendInt((int) longs[g]);
        } else {
          ((LongVector) out).appendLong(longs[g]);
        }
      } else if (doubleKind) {
        if (out instanceof DoubleVector d) {
          d.appendDouble(doubles[g]);
        } else {
          ((FloatVector) out).appendFloat((float) doubles[g]);
        }
      } else {
        out.appendFrom(holders[g], 0);
      }
    }

    public long bytes() {
      return seen.length * 9L + (holders.length > 0 ? holders.length * 48L : 0);
    }
  }

  static final class FirstLastAcc extends Accumulator {
    final Spec spec;
    final boolean first;
    ColumnVector[] values = new ColumnVector[0];
    boolean[] seen = new boolean[0];

    FirstLastAcc(Spec spec, boolean first) {
      this.spec = spec;
      this.first = first;
    }

    public void grow(int g) {
      if (g > seen.length) {
        int c = newCap(seen.length, g);
        seen = Arrays.copyOf(seen, c);
        values = Arrays.copyOf(values, c);
      }
    }

    private void set(int g, ColumnVector v, int i) {
      if (first && seen[g]) {
        return;
      }
      ColumnVector h = ColumnVector.allocate(spec.input(), 1);
      h.appendFrom(v, i);
      values[g] = h;
      seen[g] = true;
    }

    public void update(int[] groups, int n, ColumnVector[] args) {
      for (int i = 0; i < n; i++) {
        set(groups[i], args[0], i);
      }
    }

    public void merge(int[] groups, int n, ColumnVector[] states) {
      BooleanVector s = (BooleanVector) states[1];
      for (int i = 0; i < n; i++) {
        if (s.getBoolean(i)) {
          set(groups[i], states[0], i);
        }
      }
    }

    public void writeStates(int g, ColumnVector[] out) {
      writeResult(g, out[0]);
      ((BooleanVector) out[1]).appendBoolean(seen[g]);
    }

    public void writeResult(int g, ColumnVector out) {
      if (!seen[g]) {
        out.appendNull();
      } else {
        out.appendFrom(values[g], 0);
      }
    }

    public long bytes() {
      return seen.length * 64L;
    }
  }

  /** Distinct aggregates keep a set per group; they run without a partial phase. */
  static final class DistinctAcc extends Accumulator {
    final Spec spec;
    final List<Set<Object>> sets = new ArrayList<>();
    final List<LongSet> longSets = new ArrayList<>();
    final boolean longKind;

    DistinctAcc(Spec spec) {
      this.spec = spec;
      DataType t = spec.input();
      longKind = Types.isIntegral(t) || t == DATE || t == TIMESTAMP;
    }

    public void grow(int g) {
      while (sets.size() < g) {
        sets.add(longKind ? null : new HashSet<>());
        longSets.add(longKind ? new LongSet() : null);
      }
    }

    public void update(int[] groups, int n, ColumnVector[] args) {
      ColumnVector v = args[0];
      for (int i = 0; i < n; i++) {
        boolean anyNull = false;
        for (ColumnVector a : args) {
          anyNull |= a.isNull(i);
        }
        if (anyNull) {
          continue;
        }
        if (longKind && args.length == 1) {
          longSets.get(groups[i]).add(longAt(v, i));
        } else if (args.length == 1) {
          Object o = v.get(i);
          sets.get(groups[i])
              .add(
                  o instanceof BigDecimal d
                      ? d.stripTrailingZeros()
                      : o instanceof byte[] b ? java.nio.ByteBuffer.wrap(b) : o);
        } else {
          List<Object> key = new ArrayList<>();
          for (ColumnVector a : args) {
            key.add(a.get(i));
          }
          sets.get(groups[i]).add(key);
        }
      }
    }

    public void merge(int[] groups, int n, ColumnVector[] states) {
      throw new IllegalStateException("distinct aggregates have no partial phase");
    }

    public void writeStates(int g, ColumnVector[] out) {
      throw new IllegalStateException("distinct aggregates have no partial phase");
    }

    private long count(int g) {
      return longKind && longSets.get(g) != null ? longSets.get(g).size : sets.get(g).size();
    }

    public void writeResult(int g, ColumnVector out) {
      switch (spec.name()) {
        case "count" -> ((LongVector) out).appendLong(count(g));
        default ->
            throw new StrataException(
                spec.name() + "(DISTINCT ...) is not supported; use count(DISTINCT ...)");
      }
    }

    public long bytes() {
      long b = 0;
      for (LongSet s : longSets) {
        b += s == null ? 0 : s.keys.length * 9L;
      }
      for (Set<Object> s : sets) {
        b += s == null ? 0 : s.size() * 48L;
      }
      return b;
    }
  }

  /** An open-addressing set of longs. */
  static final class LongSet {
    long[] keys = new long[8];
    boolean[] used = new boolean[8];
    int size;

    void add(long k) {
      if ((size + 1) * 2 > keys.length) {
        rehash();
      }
      int mask = keys.length - 1;
      int i = (int) (mix(k) & mask);
      while (used[i]) {
        if (keys[i] == k) {
          return;
        }
        i = (i + 1) & mask;
      }
      used[i] = true;
      keys[i] = k;
      size++;
    }

    private void rehash() {
      long[] ok = keys;
      boolean[] ou = used;
      keys = new long[ok.length * 2];
      used = new boolean[ok.length * 2];
      size = 0;
      for (int i = 0; i < ok.length; i++) {
        if (ou[i]) {
          add(ok[i]);
        }
      }
    }

    static long mix(long k) {
      long h = k * 0x9E3779B97F4A7C15L;
      return h ^ (h >>> 29);
    }
  }
}
