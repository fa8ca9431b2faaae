package dev.strata.engine;

import dev.strata.engine.internal.SessionState;
import dev.strata.engine.internal.exec.Source;
import dev.strata.engine.internal.expr.Attribute;
import dev.strata.engine.internal.plan.LogicalPlan;
import dev.strata.engine.internal.source.RangeSource;
import dev.strata.engine.internal.source.RowsSource;
import dev.strata.format.Row;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session of the engine, as Spark's SparkSession in local mode: one JVM, a pool of {@code
 * parallelism} worker threads ({@code strata-worker-N}), one memory budget. Create with {@link
 * #local()} or {@link #builder()}; close when done.
 *
 * <p>Configuration keys (all optional): {@code strata.default.parallelism} (cores), {@code
 * strata.sql.shuffle.partitions} (parallelism × 2), {@code strata.sql.autoBroadcastJoinThreshold}
 * (10 MB; -1 disables), {@code strata.task.max-failures} (4), {@code strata.memory.budget} (60% of
 * the heap after a reserve; or {@code strata.memory.fraction}, 0.6), {@code strata.spill.dir} (temp
 * directory), {@code strata.checkpoint.dir} (a URI), {@code strata.event-log.path} (JSON lines, see
 * {@link dev.strata.engine}), {@code strata.files.max-partition-bytes} (32 MB), {@code
 * strata.driver.maxResultSize} (1g; 0 = no limit: the largest {@code collect()} result).
 */
public final class Strata implements AutoCloseable {
  private final SessionState state;

  private Strata(Map<String, String> conf) {
    this.state = new SessionState(conf);
  }

  /** A session with default settings (parallelism = available cores). */
  public static Strata local() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  SessionState state() {
    return state;
  }

  /** Reads files and tables. */
  public DataReader read() {
    return new DataReader(this);
  }

  /** Column {@code id} (long) from 0 to {@code n - 1}. */
  public Dataset range(long n) {
    return range(0, n, 1);
  }

  public Dataset range(long start, long end) {
    return range(start, end, 1);
  }

  public Dataset range(long start, long end, long step) {
    return fromSource(new RangeSource(start, end, step, state.parallelism()));
  }

  /** A Dataset of the given rows (values as {@link Row} documents them) with the schema. */
  public Dataset createDataset(List<Row> rows, StructType schema) {
    ColumnBatch all = ColumnBatch.fromRows(schema, rows);
    return fromSource(RowsSource.split(schema, all, state.parallelism()));
  }

  /** Same as {@link #createDataset}. */
  public Dataset createDataFrame(List<Row> rows, StructType schema) {
    return createDataset(rows, schema);
  }

  /**
   * A Dataset over column batches already in memory, one partition per batch (no copy); for
   * producers that hold columnar data, such as benchmarks and connectors.
   */
  public Dataset createDataset(StructType schema, List<ColumnBatch> partitions) {
    return fromSource(new RowsSource(schema, List.copyOf(partitions)));
  }

  /** An empty Dataset of a schema. */
  public Dataset emptyDataset(StructType schema) {
    return createDataset(List.of(), schema);
  }

  Dataset fromSource(Source source) {
    List<Attribute> attrs =
        source.schema().fields().stream()
            .map(f -> Attribute.create(f.name(), f.type(), f.nullable()))
            .toList();
    return new Dataset(this, new LogicalPlan.Scan(source, attrs, List.of()));
  }

  /** What the session holds: cached Datasets. */
  public Catalog catalog() {
    return new Catalog(state);
  }

  /**
   * Cancels every running job of the session: their tasks stop, memory and spill files are freed.
   */
  public void cancelAllJobs() {
    state.scheduler().cancelAll();
  }

  /** Same as {@link #cancelAllJobs()}. */
  public void cancelAll() {
    cancelAllJobs();
  }

  /** Metrics of the last job that finished in this session (any thread), or null. */
  public JobMetrics lastJob() {
    return state.lastJob();
  }

  /** Labels the jobs this thread runs from now on (the event log's {@code tag}); null clears it. */
  public void setJobTag(String tag) {
    state.setJobTag(tag);
  }

  /** The worker thread count. */
  public int parallelism() {
    return state.parallelism();
  }

  /** A configuration value or null. */
  public String conf(String key) {
    return state.confMap().get(key);
  }

  /** All configuration set on the builder. */
  public Map<String, String> conf() {
    return state.confMap();
  }

  /** Stops the worker threads and closes the event log. */
  @Override
  public void close() {
    state.close();
  }

  /** Builds a session. */
  public static final class Builder {
    private final Map<String, String> conf = new LinkedHashMap<>();

    private Builder() {}

    public Builder parallelism(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("parallelism must be >= 1");
      }
      return config(SessionState.PARALLELISM, String.valueOf(n));
    }

    /** The memory budget in bytes shared by execution and cached data. */
    public Builder memoryBudget(long bytes) {
      return config(SessionState.MEMORY_BUDGET, String.valueOf(bytes));
    }

    /** Local directory for spill files. */
    public Builder spillDirectory(String path) {
      return config(SessionState.SPILL_DIR, path);
    }

    /** URI of the directory checkpoint() writes to. */
    public Builder checkpointDirectory(String uri) {
      return config(SessionState.CHECKPOINT_DIR, uri);
    }

    /** File the JSON-lines event log is appended to. */
    public Builder eventLog(String path) {
      return config(SessionState.EVENT_LOG, path);
    }

    public Builder config(String key, String value) {
      conf.put(key, value);
      return this;
    }

    public Strata build() {
      return new Strata(conf);
    }
  }

  static StructType schemaOf(List<StructField> fields) {
    return new StructType(fields);
  }
}
