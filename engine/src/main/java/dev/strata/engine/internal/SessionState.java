package dev.strata.engine.internal;

import dev.strata.engine.JobMetrics;
import dev.strata.engine.internal.cache.BlockManager;
import dev.strata.engine.internal.exec.ExecServices;
import dev.strata.engine.internal.exec.PhysicalNode;
import dev.strata.engine.internal.exec.TaskContextImpl;
import dev.strata.engine.internal.memory.MemoryManager;
import dev.strata.engine.internal.memory.UnifiedMemoryManager;
import dev.strata.engine.internal.plan.LogicalPlan;
import dev.strata.engine.internal.plan.Planner;
import dev.strata.engine.internal.scheduler.DagScheduler;
import dev.strata.engine.internal.scheduler.EventLog;
import dev.strata.engine.internal.shuffle.ShuffleStore;
import dev.strata.engine.internal.shuffle.SpillingShuffleStore;
import dev.strata.engine.internal.spill.SpillManager;
import dev.strata.format.vector.ColumnBatch;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Everything a session owns: configuration, the worker pool, memory, shuffle, the scheduler. */
public final class SessionState implements ExecServices {
  public static final String PARALLELISM = "strata.default.parallelism";
  public static final String SHUFFLE_PARTITIONS = "strata.sql.shuffle.partitions";
  public static final String BROADCAST_THRESHOLD = "strata.sql.autoBroadcastJoinThreshold";
  public static final String MAX_FAILURES = "strata.task.max-failures";
  public static final String MEMORY_BUDGET = "strata.memory.budget";

  /** Share of the heap (after a reserve of min(300 MB, half the heap)) the budget gets: 0.6. */
  public static final String MEMORY_FRACTION = "strata.memory.fraction";

  public static final double DEFAULT_MEMORY_FRACTION = 0.6;
  public static final String SPILL_DIR = "strata.spill.dir";
  public static final String CHECKPOINT_DIR = "strata.checkpoint.dir";
  public static final String EVENT_LOG = "strata.event-log.path";
  public static final String MAX_PARTITION_BYTES = "strata.files.max-partition-bytes";

  /** Largest {@code collect()} result, in bytes of column batches; 0 means no limit. */
  public static final String MAX_RESULT_SIZE = "strata.driver.maxResultSize";

  /** Default result limit: 1 GiB, as Spark's {@code spark.driver.maxResultSize}. */
  public static final long DEFAULT_MAX_RESULT_SIZE = 1L << 30;

  /** Default broadcast threshold: 10 MB, as Spark. */
  public static final long DEFAULT_BROADCAST_THRESHOLD = 10L * 1024 * 1024;

  /** Default task attempts before a job fails. */
  public static final int DEFAULT_MAX_FAILURES = 4;

  private final Map<String, String> conf;
  private final int parallelism;
  private final ExecutorService pool;
  private final UnifiedMemoryManager memory;
  private final SpillManager spills;
  private final ShuffleStore shuffle;
  private final BlockManager blocks;
  private final EventLog eventLog;
  private final DagScheduler scheduler;
  private volatile JobMetrics lastJob;
  private final ThreadLocal<String> jobTag = new ThreadLocal<>();

  public SessionState(Map<String, String> conf) {
    this.conf = Map.copyOf(conf);
    this.parallelism =
        Integer.parseInt(
            conf.getOrDefault(
                PARALLELISM, String.valueOf(Runtime.getRuntime().availableProcessors())));
    AtomicInteger threads = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            parallelism,
            parallelism,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "strata-worker-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    long budget =
        conf.containsKey(MEMORY_BUDGET)
            ? Long.parseLong(conf.get(MEMORY_BUDGET))
            : UnifiedMemoryManager.defaultBudget(
                Runtime.getRuntime().maxMemory(),
                Double.parseDouble(
                    conf.getOrDefault(MEMORY_FRACTION, String.valueOf(DEFAULT_MEMORY_FRACTION))));
    this.memory = new UnifiedMemoryManager(budget, parallelism);
    this.spills =
        conf.containsKey(SPILL_DIR)
            ? new SpillManager(
                Path.of(conf.get(SPILL_DIR)).resolve("strata-" + java.util.UUID.randomUUID()))
            : SpillManager.temporary();
    this.shuffle = new SpillingShuffleStore(memory, spills);
    this.blocks = new BlockManager(memory, spills);
    memory.setEvictor(blocks);
    this.eventLog = conf.containsKey(EVENT_LOG) ? new EventLog(Path.of(conf.get(EVENT_LOG))) : null;
    int maxFailures =
        Integer.parseInt(conf.getOrDefault(MAX_FAILURES, String.valueOf(DEFAULT_MAX_FAILURES)));
    this.scheduler = new DagScheduler(this, pool, maxFailures, eventLog, jm -> lastJob = jm);
  }

  public int parallelism() {
    return parallelism;
  }

  public int shufflePartitions() {
    return Integer.parseInt(conf.getOrDefault(SHUFFLE_PARTITIONS, String.valueOf(parallelism * 2)));
  }

  public long broadcastThreshold() {
    return Long.parseLong(
        conf.getOrDefault(BROADCAST_THRESHOLD, String.valueOf(DEFAULT_BROADCAST_THRESHOLD)));
  }

  /** The {@code collect()} limit in bytes, or {@link Long#MAX_VALUE} when unlimited. */
  public long maxResultSize() {
    String configured = conf.get(MAX_RESULT_SIZE);
    long limit =
        configured == null ? DEFAULT_MAX_RESULT_SIZE : parseBytes(MAX_RESULT_SIZE, configured);
    return limit <= 0 ? Long.MAX_VALUE : limit;
  }

  /** A byte count with an optional k/m/g/t suffix (binary units, as Spark's size settings). */
  static long parseBytes(String key, String value) {
    String v = value.trim().toLowerCase(java.util.Locale.ROOT).replaceFirst("b$", "");
    long unit = 1;
    if (!v.isEmpty() && "kmgt".indexOf(v.charAt(v.length() - 1)) >= 0) {
      unit = 1L << (10 * ("kmgt".indexOf(v.charAt(v.length() - 1)) + 1));
      v = v.substring(0, v.length() - 1);
    }
    try {
      return Math.multiplyExact(Long.parseLong(v.trim()), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          key + "=" + value + " is not a size (examples: 0, 512m, 1g, 1073741824)", e);
    }
  }

  public Planner planner() {
    return new Planner(shufflePartitions(), broadcastThreshold());
  }

  public PhysicalNode plan(LogicalPlan p) {
    return planner().plan(blocks.substitute(p));
  }

  public BlockManager blockManager() {
    return blocks;
  }

  @Override
  public Iterator<ColumnBatch> getOrCompute(
      PhysicalNode node,
      int partition,
      TaskContextImpl ctx,
      Supplier<Iterator<ColumnBatch>> compute) {
    if (node.cacheKey instanceof BlockManager.Entry e) {
      return blocks.getOrCompute(e, node, partition, ctx, compute);
    }
    return compute.get();
  }

  @Override
  public boolean pinCached(Object cacheKey, int numPartitions) {
    return blocks.pinIfComplete(cacheKey, numPartitions);
  }

  @Override
  public void unpinCached(Object cacheKey) {
    blocks.unpin(cacheKey);
  }

  @Override
  public boolean isCached(Object cacheKey, int numPartitions) {
    return blocks.isComplete(cacheKey, numPartitions);
  }

  public DagScheduler scheduler() {
    return scheduler;
  }

  public JobMetrics lastJob() {
    return lastJob;
  }

  public void setJobTag(String tag) {
    if (tag == null) {
      jobTag.remove();
    } else {
      jobTag.set(tag);
    }
  }

  public String jobTag() {
    return jobTag.get();
  }

  public Map<String, String> confMap() {
    return conf;
  }

  @Override
  public MemoryManager memoryManager() {
    return memory;
  }

  @Override
  public SpillManager spillManager() {
    return spills;
  }

  public UnifiedMemoryManager unifiedMemory() {
    return memory;
  }

  @Override
  public ShuffleStore shuffleStore() {
    return shuffle;
  }

  @Override
  public String conf(String key, String def) {
    return conf.getOrDefault(key, def);
  }

  public void close() {
    pool.shutdownNow();
    spills.close();
    if (eventLog != null) {
      eventLog.close();
    }
  }
}
