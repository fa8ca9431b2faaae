package dev.strata.engine.internal.source;

import dev.strata.engine.internal.exec.Source;
import dev.strata.engine.internal.exec.TaskContextImpl;
import dev.strata.engine.internal.expr.Expr;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.format.vector.LongVector;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** {@code range(start, end, step)} as column {@code id}, generated in batches. */
public final class RangeSource implements Source {
  private static final StructType SCHEMA =
      StructType.of(StructField.of("id", PrimitiveType.LONG, false));
  private final long start, end, step;
  private final int partitions;

  public RangeSource(long start, long end, long step, int partitions) {
    if (step == 0) {
      throw new IllegalArgumentException("step must not be 0");
    }
    this.start = start;
    this.end = end;
    this.step = step;
    this.partitions = Math.max(1, partitions);
  }

  long count() {
    if ((step > 0 && start >= end) || (step < 0 && start <= end)) {
      return 0;
    }
    return (end - start + step + (step > 0 ? -1 : 1)) / step;
  }

  @Override
  public StructType schema() {
    return SCHEMA;
  }

  @Override
  public long estimatedBytes() {
    return count() * 8;
  }

  @Override
  public String describe() {
    return "Range (" + start + ", " + end + ", step=" + step + ")";
  }

  @Override
  public Scan plan(List<String> columns, List<Expr> filters) {
    long total = count();
    StructType out = columns.isEmpty() ? new StructType(List.of()) : SCHEMA;
    return new Scan() {
      public int numPartitions() {
        return partitions;
      }

      public Iterator<ColumnBatch> read(int p, TaskContextImpl ctx) {
        long from = total * p / partitions, to = total * (p + 1) / partitions;
        return new Iterator<>() {
          long at = from;

          public boolean hasNext() {
            return at < to;
          }

          public ColumnBatch next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            int n = (int) Math.min(ColumnBatch.DEFAULT_ROWS, to - at);
            LongVector v = new LongVector(PrimitiveType.LONG, n);
            for (int i = 0; i < n; i++) {
              v.appendLong(start + (at + i) * step);
            }
            at += n;
            ctx.metrics().inputRows += n;
            ctx.metrics().inputBytes += n * 8L;
            ColumnVector[] cols = out.size() == 0 ? new ColumnVector[0] : new ColumnVector[] {v};
            return new ColumnBatch(out, cols, n);
          }
        };
      }
    };
  }
}
