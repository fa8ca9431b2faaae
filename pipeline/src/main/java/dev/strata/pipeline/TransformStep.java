package dev.strata.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A step that runs in the JVM: named inputs, a {@link Transformation} to one Dataset, written to
 * its target with a {@link WriteMode}.
 *
 * <pre>{@code
 * Step.named("gold")
 *     .input("silver", Input.table("silver/orders"))
 *     .transform((in, day) -> in.partition("silver").groupBy("order_date", "category").agg(...))
 *     .target("gold/daily_revenue")
 *     .mode(WriteMode.replacePartition())
 *     .build();
 * }</pre>
 */
public final class TransformStep implements Step {
  private final String name;
  private final Map<String, Input> inputs;
  private final Transformation transformation;
  private final String target;
  private final WriteMode mode;
  private final List<String> partitionBy;
  private final boolean partitioned;
  private final RetryPolicy retry;

  private TransformStep(Builder b) {
    this.name = b.name;
    this.inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.inputs));
    this.transformation =
        Objects.requireNonNull(b.transformation, "transform(...) of step " + b.name);
    this.target = Objects.requireNonNull(b.target, "target(...) of step " + b.name);
    this.mode = b.mode;
    this.partitionBy = b.partitionBy == null ? null : List.copyOf(b.partitionBy);
    this.partitioned = b.partitioned;
    this.retry = b.retry;
  }

  /** A builder for a step with this name. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String target() {
    return target;
  }

  @Override
  public List<String> reads() {
    List<String> out = new ArrayList<>();
    inputs
        .values()
        .forEach(
            i -> {
              if (i instanceof Input.Table t) {
                out.add(t.table());
              }
            });
    return out;
  }

  @Override
  public boolean partitioned() {
    return partitioned;
  }

  @Override
  public RetryPolicy retry() {
    return retry;
  }

  /** The declared inputs by name. */
  public Map<String, Input> inputs() {
    return inputs;
  }

  /** The transformation. */
  public Transformation transformation() {
    return transformation;
  }

  /** How the target is written. */
  public WriteMode mode() {
    return mode;
  }

  /**
   * The target's partition columns, or null for the default (the pipeline's partition column for
   * partitioned steps, none otherwise).
   */
  public List<String> partitionBy() {
    return partitionBy;
  }

  /** Builds a {@link TransformStep}. */
  public static final class Builder {
    private final String name;
    private final Map<String, Input> inputs = new LinkedHashMap<>();
    private Transformation transformation;
    private String target;
    private WriteMode mode = WriteMode.replacePartition();
    private List<String> partitionBy;
    private boolean partitioned = true;
    private RetryPolicy retry;

    private Builder(String name) {
      this.name = Names.check("step", name);
    }

    /** A named input. */
    public Builder input(String inputName, Input input) {
      if (inputs.put(Objects.requireNonNull(inputName), Objects.requireNonNull(input)) != null) {
        throw new PipelineException(
            "Step '" + name + "' declares input '" + inputName + "' twice.");
      }
      return this;
    }

    /** A named table input ({@code Input.table(table)}). */
    public Builder input(String inputName, String table) {
      return input(inputName, Input.table(table));
    }

    /** The transformation. */
    public Builder transform(Transformation t) {
      this.transformation = t;
      return this;
    }

    /** The target table (relative to the lakehouse, or a URI). */
    public Builder target(String table) {
      this.target = table;
      return this;
    }

    /** How the target is written. Default {@link WriteMode#replacePartition()}. */
    public Builder mode(WriteMode m) {
      this.mode = Objects.requireNonNull(m, "mode");
      return this;
    }

    /** The target's partition columns (default: the pipeline's partition column). */
    public Builder partitionBy(String... columns) {
      this.partitionBy = List.of(columns);
      return this;
    }

    /** Runs once per run, not once per partition. */
    public Builder unpartitioned() {
      this.partitioned = false;
      return this;
    }

    /** Overrides the pipeline's retry policy. */
    public Builder retry(RetryPolicy policy) {
      this.retry = policy;
      return this;
    }

    /** The step. */
    public TransformStep build() {
      return new TransformStep(this);
    }
  }
}
