package dev.strata.engine.internal.exec;

import dev.strata.format.types.StructType;
import dev.strata.format.vector.BooleanVector;
import dev.strata.format.vector.BytesVector;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.format.vector.DecimalVector;
import dev.strata.format.vector.DoubleVector;
import dev.strata.format.vector.IntVector;
import dev.strata.format.vector.LongVector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** Typed bulk copies between vectors, batch builders and small iterator helpers. */
public final class Vectors {
  private Vectors() {}

  /** Appends {@code src[rows[from..to)]} to {@code dst} (same type), specialised per type. */
  public static void appendRows(ColumnVector dst, ColumnVector src, int[] rows, int from, int to) {
    boolean nulls = src.mayHaveNulls();
    if (!nulls) {
      if (dst instanceof LongVector d && src instanceof LongVector s) {
        long[] v = s.values();
        for (int i = from; i < to; i++) {
          d.appendLong(v[rows[i]]);
        }
        return;
      }
      if (dst instanceof IntVector d && src instanceof IntVector s) {
        int[] v = s.values();
        for (int i = from; i < to; i++) {
          d.appendInt(v[rows[i]]);
        }
        return;
      }
      if (dst instanceof DoubleVector d && src instanceof DoubleVector s) {
        double[] v = s.values();
        for (int i = from; i < to; i++) {
          d.appendDouble(v[rows[i]]);
        }
        return;
      }
      if (dst instanceof BooleanVector d && src instanceof BooleanVector s) {
        boolean[] v = s.values();
        for (int i = from; i < to; i++) {
          d.appendBoolean(v[rows[i]]);
        }
        return;
      }
      if (dst instanceof DecimalVector d
          && src instanceof DecimalVector s
          && s.isLongBacked()
          && d.isLongBacked()
          && s.decimalType().scale() == d.decimalType().scale()) {
        long[] v = s.unscaledLongs();
        for (int i = from; i < to; i++) {
          d.appendUnscaledLong(v[rows[i]]);
        }
        return;
      }
    }
    if (dst instanceof BytesVector d && src instanceof BytesVector s) {
      byte[] data = s.data();
      for (int i = from; i < to; i++) {
        int r = rows[i];
        if (nulls && s.isNull(r)) {
          d.appendNull();
        } else {
          d.appendBytes(data, s.offset(r), s.length(r));
        }
      }
      return;
    }
    for (int i = from; i < to; i++) {
      dst.appendFrom(src, rows[i]);
    }
  }

  /** A new batch of the given rows. */
  public static ColumnBatch gather(ColumnBatch b, int[] rows, int count) {
    ColumnVector[] out = new ColumnVector[b.numColumns()];
    for (int c = 0; c < out.length; c++) {
      ColumnVector src = b.column(c);
      out[c] = ColumnVector.allocate(src.type(), count);
      appendRows(out[c], src, rows, 0, count);
    }
    return new ColumnBatch(b.schema(), out, count);
  }

  /** A vector of {@code n} nulls. */
  public static ColumnVector nulls(dev.strata.format.types.DataType t, int n) {
    ColumnVector v = ColumnVector.allocate(t, n);
    for (int i = 0; i < n; i++) {
      v.appendNull();
    }
    return v;
  }

  /** Accumulates rows into batches of about {@link ColumnBatch#DEFAULT_ROWS}. */
  public static final class BatchBuilder {
    private final StructType schema;
    private ColumnVector[] cols;
    private int rows;
    private final List<ColumnBatch> done = new ArrayList<>();
    private final int target;

    public BatchBuilder(StructType schema) {
      this(schema, ColumnBatch.DEFAULT_ROWS);
    }

    public BatchBuilder(StructType schema, int target) {
      this.schema = schema;
      this.target = target;
    }

    private void ensure() {
      if (cols == null) {
        cols = new ColumnVector[schema.size()];
        for (int c = 0; c < cols.length; c++) {
          cols[c] = ColumnVector.allocate(schema.field(c).type(), target);
        }
      }
    }

    public void append(ColumnBatch b, int[] idx, int from, int to) {
      ensure();
      for (int c = 0; c < cols.length; c++) {
        appendRows(cols[c], b.column(c), idx, from, to);
      }
      rows += to - from;
      if (rows >= target) {
        flush();
      }
    }

    public void appendRange(ColumnBatch b, int from, int count) {
      ensure();
      for (int c = 0; c < cols.length; c++) {
        cols[c].appendRange(b.column(c), from, count);
      }
      rows += count;
      if (rows >= target) {
        flush();
      }
    }

    public void flush() {
      if (rows > 0) {
        done.add(new ColumnBatch(schema, cols, rows));
        cols = null;
        rows = 0;
      }
    }

    /** The finished batches (flushes first); the builder is emptied. */
    public List<ColumnBatch> finish() {
      flush();
      List<ColumnBatch> out = new ArrayList<>(done);
      done.clear();
      return out;
    }

    /** Batches completed so far (without the open one). */
    public List<ColumnBatch> drain() {
      List<ColumnBatch> out = new ArrayList<>(done);
      done.clear();
      return out;
    }

    public long bytes() {
      long b = 0;
      for (ColumnBatch d : done) {
        b += d.sizeInBytes();
      }
      if (cols != null) {
        for (ColumnVector c : cols) {
          b += c.sizeInBytes();
        }
      }
      return b;
    }
  }

  /** All rows of many batches as one batch (one vector per column). */
  public static ColumnBatch concat(StructType schema, List<ColumnBatch> batches) {
    int total = 0;
    for (ColumnBatch b : batches) {
      total += b.numRows();
    }
    if (batches.size() == 1) {
      return batches.get(0).withSchema(schema);
    }
    ColumnVector[] cols = new ColumnVector[schema.size()];
    for (int c = 0; c < cols.length; c++) {
      cols[c] = ColumnVector.allocate(schema.field(c).type(), Math.max(total, 1));
      for (ColumnBatch b : batches) {
        cols[c].appendRange(b.column(c), 0, b.numRows());
      }
    }
    return new ColumnBatch(schema, cols, total);
  }

  /** Splits a big batch into batches of at most {@code size} rows. */
  public static Iterator<ColumnBatch> chunks(ColumnBatch b, int size) {
    return new Iterator<>() {
      int pos;

      public boolean hasNext() {
        return pos < b.numRows();
      }

      public ColumnBatch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int n = Math.min(size, b.numRows() - pos);
        ColumnBatch out = b.slice(pos, n);
        pos += n;
        return out;
      }
    };
  }

  /** Iterates batches of several iterators in order. */
  public static Iterator<ColumnBatch> concatIterators(
      List<java.util.function.Supplier<Iterator<ColumnBatch>>> parts) {
    return new Iterator<>() {
      int k = -1;
      Iterator<ColumnBatch> cur = java.util.Collections.emptyIterator();

      public boolean hasNext() {
        while (!cur.hasNext()) {
          if (++k >= parts.size()) {
            return false;
          }
          cur = parts.get(k).get();
        }
        return true;
      }

      public ColumnBatch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return cur.next();
      }
    };
  }

  /** Maps batches, dropping empty results. */
  public static Iterator<ColumnBatch> map(
      Iterator<ColumnBatch> in, java.util.function.UnaryOperator<ColumnBatch> f) {
    return new Iterator<>() {
      ColumnBatch next;

      public boolean hasNext() {
        while (next == null && in.hasNext()) {
          ColumnBatch b = f.apply(in.next());
          if (b != null && b.numRows() > 0) {
            next = b;
          }
        }
        return next != null;
      }

      public ColumnBatch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ColumnBatch b = next;
        next = null;
        return b;
      }
    };
  }
}
