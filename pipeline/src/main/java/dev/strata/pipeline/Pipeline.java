package dev.strata.pipeline;

import dev.strata.engine.Strata;
import dev.strata.format.StoragePaths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A named set of steps over one lakehouse. Dependencies follow from which step's target a step
 * reads; the definition is checked when built (duplicate names or targets, cycles).
 *
 * <pre>{@code
 * Pipeline p = Pipeline.builder("orders")
 *     .lakehouse("./lakehouse")
 *     .partitioning(Partitioning.daily("order_date"))
 *     .step(Step.named("bronze") ... .build())
 *     .step(Step.named("silver") ... .build())
 *     .build();
 * RunResult r = p.run(strata).range("2024-01-01", "2024-01-30").parallelism(2).execute();
 * }</pre>
 */
public final class Pipeline {
  private final String name;
  private final String lakehouse;
  private final Partitioning partitioning;
  private final RetryPolicy retry;
  private final List<Step> steps;
  private final Map<String, List<String>> dependencies;
  private final StepGraph graph;

  private Pipeline(Builder b) {
    this.name = b.name;
    this.lakehouse =
        StoragePaths.normalize(
            Objects.requireNonNull(b.lakehouse, "lakehouse of pipeline " + name));
    this.partitioning = b.partitioning;
    this.retry = b.retry;
    Map<String, String> writerOf = new HashMap<>();
    for (Step s : b.steps) {
      String t = table(s.target());
      String other = writerOf.put(t, s.name());
      if (other != null) {
        throw new PipelineException(
            "Steps '"
                + other
                + "' and '"
                + s.name()
                + "' of pipeline '"
                + name
                + "' both write "
                + t
                + "; give each step its own target table.");
      }
      if (s.partitioned() && partitioning instanceof Partitioning.None) {
        throw new PipelineException(
            "Step '"
                + s.name()
                + "' is partitioned but pipeline '"
                + name
                + "' has no partitioning; set partitioning(...) or mark the step unpartitioned().");
      }
    }
    Map<String, List<String>> deps = new LinkedHashMap<>();
    List<StepGraph.StepNode> nodes = new ArrayList<>();
    for (Step s : b.steps) {
      List<String> d = new ArrayList<>();
      for (String read : s.reads()) {
        String w = writerOf.get(table(read));
        if (w != null && !d.contains(w)) {
          d.add(w);
        }
      }
      deps.put(s.name(), List.copyOf(d));
      nodes.add(new StepGraph.StepNode(s.name(), s.partitioned(), d, s.retry()));
    }
    this.graph = StepGraph.of(name, nodes);
    List<Step> ordered = new ArrayList<>();
    for (StepGraph.StepNode n : graph.topological()) {
      ordered.add(
          b.steps.stream().filter(s -> s.name().equals(n.name())).findFirst().orElseThrow());
    }
    this.steps = List.copyOf(ordered);
    this.dependencies = Map.copyOf(deps);
  }

  /** A builder for a pipeline with this name ({@code [A-Za-z0-9_-]+}). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The pipeline's name. */
  public String name() {
    return name;
  }

  /** The lakehouse root as a normalised URI ({@code file:/data/lakehouse}). */
  public String lakehouse() {
    return lakehouse;
  }

  /** How partitioned steps split their work. */
  public Partitioning partitioning() {
    return partitioning;
  }

  /** The default retry policy of its steps. */
  public RetryPolicy retry() {
    return retry;
  }

  /** The steps in dependency order (every step after the steps it reads). */
  public List<Step> steps() {
    return steps;
  }

  /**
   * The step with this name.
   *
   * @throws PipelineException when there is none
   */
  public Step step(String stepName) {
    return steps.stream()
        .filter(s -> s.name().equals(stepName))
        .findFirst()
        .orElseThrow(
            () ->
                new PipelineException(
                    "Pipeline '"
                        + name
                        + "' has no step '"
                        + stepName
                        + "'; its steps are "
                        + steps.stream().map(Step::name).toList()));
  }

  /** The names of the steps whose targets {@code stepName} reads. */
  public List<String> dependencies(String stepName) {
    return dependencies.getOrDefault(stepName, List.of());
  }

  /**
   * A table name resolved against the lakehouse: {@code silver/orders} becomes {@code
   * <lakehouse>/silver/orders}; URIs and absolute paths stay as they are (normalised).
   */
  public String table(String tableOrUri) {
    int colon = tableOrUri.indexOf(':');
    boolean hasScheme =
        colon > 1 && tableOrUri.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
    if (hasScheme || tableOrUri.startsWith("/")) {
      return StoragePaths.normalize(tableOrUri);
    }
    return StoragePaths.normalize(StoragePaths.join(lakehouse, tableOrUri));
  }

  /** The location of the run log table ({@code <lakehouse>/_strata/runs}). */
  public String runLogTable() {
    return StoragePaths.join(lakehouse, "_strata/runs");
  }

  /**
   * A run of this pipeline on an engine session. Each run uses a session configured like {@code
   * strata} whose event log is written to {@code <lakehouse>/_strata/events/<runId>.jsonl}.
   */
  public PipelineRun run(Strata strata) {
    return new PipelineRun(this, new StrataSession(Objects.requireNonNull(strata, "strata")));
  }

  StepGraph graph() {
    return graph;
  }

  @Override
  public String toString() {
    return "Pipeline[" + name + ", " + steps.stream().map(Step::name).toList() + "]";
  }

  /** Builds a {@link Pipeline}. */
  public static final class Builder {
    private final String name;
    private String lakehouse = "lakehouse";
    private Partitioning partitioning = Partitioning.none();
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private final List<Step> steps = new ArrayList<>();

    private Builder(String name) {
      this.name = Names.check("pipeline", name);
    }

    /**
     * The lakehouse root (a path or URI); tables named relatively live under it. Default {@code
     * ./lakehouse}.
     */
    public Builder lakehouse(String root) {
      this.lakehouse = root;
      return this;
    }

    /** How partitioned steps split their work. Default: none. */
    public Builder partitioning(Partitioning p) {
      this.partitioning = Objects.requireNonNull(p, "partitioning");
      return this;
    }

    /** The default retry policy of the steps. Default {@link RetryPolicy#DEFAULT}. */
    public Builder retry(RetryPolicy policy) {
      this.retry = Objects.requireNonNull(policy, "retry");
      return this;
    }

    /** Adds a step. */
    public Builder step(Step step) {
      steps.add(Objects.requireNonNull(step, "step"));
      return this;
    }

    /**
     * The pipeline.
     *
     * @throws PipelineException on duplicate step names or targets, or a cycle
     */
    public Pipeline build() {
      if (steps.isEmpty()) {
        throw new PipelineException("Pipeline '" + name + "' has no steps.");
      }
      return new Pipeline(this);
    }
  }
}
