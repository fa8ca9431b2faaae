package dev.strata.engine.internal.exec;

import dev.strata.engine.internal.expr.Attribute;
import dev.strata.engine.internal.expr.Expr;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import java.util.Iterator;
import java.util.List;

/** Reads a source; renames its columns to the plan's attributes. */
public final class ScanExec extends PhysicalNode {
  private final Source source;
  private final List<Attribute> output;
  private final List<Expr> filters;
  private Source.Scan scan;

  public ScanExec(Source source, List<Attribute> output, List<Expr> filters) {
    this.source = source;
    this.output = output;
    this.filters = filters;
  }

  private Source.Scan scan() {
    if (scan == null) {
      scan = source.plan(output.stream().map(Attribute::name).toList(), filters);
    }
    return scan;
  }

  @Override
  public List<Attribute> output() {
    return output;
  }

  @Override
  public List<PhysicalNode> children() {
    return List.of();
  }

  @Override
  public int numPartitions() {
    return scan().numPartitions();
  }

  @Override
  public long estimatedBytes() {
    long total = source.estimatedBytes();
    int all = Math.max(1, source.schema().size());
    return total * Math.max(1, output.size()) / all;
  }

  @Override
  public String describe() {
    String f = filters.isEmpty() ? "" : ", PushedFilters: [" + Expr.join(filters) + "]";
    String d = scan == null ? "" : scan.details();
    return "Scan "
        + source.describe()
        + " ["
        + String.join(", ", output.stream().map(Attribute::name).toList())
        + "]"
        + f
        + (d.isEmpty() ? "" : ", " + d);
  }

  @Override
  protected Iterator<ColumnBatch> compute(int partition, TaskContextImpl ctx) {
    StructType schema = schema();
    return Vectors.map(
        scan().read(partition, ctx),
        b -> {
          ctx.checkInterrupted();
          return b.withSchema(schema);
        });
  }
}
