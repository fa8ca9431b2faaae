package dev.strata.pipeline;

import dev.strata.engine.events.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run of a pipeline being configured: which partitions, how many (step, partition)s at once,
 * whether to start a new generation. {@link #execute()} runs it to the end; {@link #start()}
 * returns a {@link RunHandle} that can cancel it.
 *
 * <p>Every (step, partition) write carries {@code txn(appId = pipeline/step/partition, version =
 * generation)}. The generation of a partition is the highest version any of its (step, partition)s
 * committed; what already holds it is skipped, so rerunning a failed run redoes only what did not
 * commit and what depends on it. {@link #force()} starts the next generation for the requested
 * partitions and so redoes them all.
 */
public final class PipelineRun {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineRun.class);
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** Default number of (step, partition)s that run at once. */
  public static final int DEFAULT_PARALLELISM = 2;

  private final Pipeline pipeline;
  private final EngineSession engine;
  private final List<PartitionKey> keys = new ArrayList<>();
  private int parallelism = DEFAULT_PARALLELISM;
  private boolean force;
  private boolean onlyMissing;
  private RunListener listener = new RunListener() {};
  private final Map<String, String> config = new HashMap<>();
  private final Set<String> failAt = new HashSet<>();
  private final List<String[]> failAtRequests = new ArrayList<>();
  private RunLog runLog;
  private boolean report = true;
  private Clock clock = Clock.systemUTC();

  PipelineRun(Pipeline pipeline, EngineSession engine) {
    this.pipeline = pipeline;
    this.engine = engine;
  }

  /** Adds one partition key. */
  public PipelineRun partition(String key) {
    keys.add(PartitionKey.of(key));
    return this;
  }

  /** Adds partition keys. */
  public PipelineRun partitions(List<PartitionKey> partitionKeys) {
    keys.addAll(partitionKeys);
    return this;
  }

  /** Adds every key from {@code from} to {@code to} (a backfill). */
  public PipelineRun range(String from, String to) {
    keys.addAll(pipeline.partitioning().range(from, to));
    return this;
  }

  /** The most (step, partition)s that run at once. Default {@value #DEFAULT_PARALLELISM}. */
  public PipelineRun parallelism(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, got " + n);
    }
    this.parallelism = n;
    return this;
  }

  /** Starts a new generation: redo every requested (step, partition) even if it committed. */
  public PipelineRun force() {
    this.force = true;
    return this;
  }

  /**
   * Runs only the (step, partition)s that never committed any generation: what an earlier run or a
   * forced one left at an older generation stays as it is, and unpartitioned steps are not redone
   * because a new day changed what they read. Cannot be combined with {@link #force()}.
   */
  public PipelineRun onlyMissing() {
    this.onlyMissing = true;
    return this;
  }

  /** Receives progress. */
  public PipelineRun listener(RunListener l) {
    this.listener = Objects.requireNonNull(l, "listener");
    return this;
  }

  /** A configuration value (for example {@link SparkSubmitStep#SPARK_HOME_KEY}). */
  public PipelineRun config(String key, String value) {
    config.put(key, value);
    return this;
  }

  /** Makes every attempt of one (step, partition) fail, to try out failure handling and reruns. */
  public PipelineRun failAt(String step, String partition) {
    pipeline.step(step);
    failAt.add(partition.isEmpty() ? step : step + "/" + partition);
    failAtRequests.add(new String[] {step, partition});
    return this;
  }

  /** Where the run is recorded; default the {@code _strata/runs} table of the lakehouse. */
  public PipelineRun runLog(RunLog log) {
    this.runLog = log;
    return this;
  }

  /** Whether to write the HTML report under {@code _strata/reports/}. Default true. */
  public PipelineRun report(boolean write) {
    this.report = write;
    return this;
  }

  PipelineRun clock(Clock c) {
    this.clock = c;
    return this;
  }

  /** Runs to the end and returns the result (failures are in the result, not thrown). */
  public RunResult execute() {
    return start().await();
  }

  /**
   * Starts the run in a background thread.
   *
   * @throws PipelineException when the request is invalid (no partition for a partitioned pipeline)
   */
  public RunHandle start() {
    if (force && onlyMissing) {
      throw new PipelineException(
          "--force redoes every requested (step, partition) and --missing only those that never"
              + " committed: give one of them.");
    }
    List<PartitionKey> requested = requestedKeys();
    checkFailAt(requested);
    String runId =
        RUN_ID.format(clock.instant())
            + "-"
            + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    Execution ex = new Execution(runId, requested);
    Thread t = new Thread(ex, "strata-run-" + runId);
    t.setDaemon(false);
    ex.thread = t;
    t.start();
    return ex;
  }

  /** A failure asked for a (step, partition) the run does not have would silently never fire. */
  private void checkFailAt(List<PartitionKey> requested) {
    for (String[] r : failAtRequests) {
      String step = r[0];
      String partition = r[1];
      boolean partitioned = pipeline.step(step).partitioned();
      if (!partitioned && !partition.isEmpty()) {
        throw new PipelineException(
            "--fail-at "
                + step
                + ":"
                + partition
                + ": step '"
                + step
                + "' is unpartitioned; name it alone (--fail-at "
                + step
                + ").");
      }
      if (partitioned && !requested.contains(PartitionKey.of(partition))) {
        throw new PipelineException(
            "--fail-at "
                + step
                + ":"
                + partition
                + ": "
                + (partition.isEmpty() ? "no partition given" : "partition " + partition)
                + " is not in this run ("
                + describe(requested)
                + "); name a (step, partition) of the run, e.g. --fail-at "
                + step
                + ":"
                + requested.get(0).value()
                + ".");
      }
    }
  }

  private static String describe(List<PartitionKey> keys) {
    if (keys.size() <= 3) {
      return String.join(", ", keys.stream().map(PartitionKey::value).toList());
    }
    return keys.get(0).value() + " .. " + keys.get(keys.size() - 1).value();
  }

  private List<PartitionKey> requestedKeys() {
    boolean anyPartitioned = pipeline.steps().stream().anyMatch(Step::partitioned);
    List<PartitionKey> distinct = keys.stream().distinct().toList();
    if (!anyPartitioned) {
      return List.of();
    }
    if (distinct.isEmpty()) {
      throw new PipelineException(
          "Pipeline '"
              + pipeline.name()
              + "' is partitioned by "
              + pipeline.partitioning().column()
              + ": give a partition key (--partition) or a range (--from/--to).");
    }
    if (pipeline.partitioning() instanceof Partitioning.StaticKeys sk) {
      for (PartitionKey k : distinct) {
        if (!sk.keys().contains(k.value())) {
          throw new PipelineException(
              "Unknown partition key '"
                  + k
                  + "' for pipeline '"
                  + pipeline.name()
                  + "'; its keys are "
                  + sk.keys());
        }
      }
    } else if (pipeline.partitioning() instanceof Partitioning.Daily) {
      distinct.forEach(PartitionKey::date);
    }
    return distinct;
  }

  private final class Execution implements Runnable, RunHandle {
    private final String runId;
    private final List<PartitionKey> requested;
    private volatile Scheduler scheduler;
    private volatile boolean cancelRequested;
    private volatile RunResult result;
    private volatile Throwable failure;
    Thread thread;

    Execution(String runId, List<PartitionKey> requested) {
      this.runId = runId;
      this.requested = requested;
    }

    @Override
    public String runId() {
      return runId;
    }

    @Override
    public void cancel() {
      cancelRequested = true;
      Scheduler s = scheduler;
      if (s != null) {
        s.cancel();
      }
    }

    @Override
    public RunResult await() {
      boolean interrupted = false;
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
          cancel();
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (failure != null) {
        if (failure instanceof RuntimeException re) {
          throw re;
        }
        throw new PipelineException(
            "Run " + runId + " of pipeline '" + pipeline.name() + "' failed: " + failure, failure);
      }
      return result;
    }

    @Override
    public void run() {
      try {
        result = runIt();
      } catch (Throwable t) {
        failure = t;
      }
    }

    /** Says so when an earlier run of this pipeline died without finishing. */
    private void reportAbandoned(RunLog log) {
      for (RunResult r : log.runs(pipeline.name(), 50)) {
        if (r.status() == Status.ABANDONED) {
          LOG.warn(
              "Found abandoned run {} of pipeline {} (started {}, last alive {}): its process is"
                  + " gone. What it committed is kept; this run redoes the rest.",
              r.runId(),
              pipeline.name(),
              r.start(),
              r.end());
        }
      }
    }

    private RunResult runIt() {
      Instant start = clock.instant();
      Map<String, String> targets = new LinkedHashMap<>();
      pipeline.steps().forEach(s -> targets.put(s.name(), pipeline.table(s.target())));
      List<PlanNode> nodes =
          Planner.expand(
              pipeline.name(), pipeline.graph(), requested, targets::get, pipeline.retry());
      Planner.assignVersions(nodes, Commits.txnSource(targets), force);
      if (onlyMissing) {
        Planner.keepOnlyMissing(nodes);
      }
      RunLog log = runLog != null ? runLog : engine.defaultRunLog(pipeline);
      RunResult started =
          new RunResult(
              runId,
              pipeline.name(),
              Status.RUNNING,
              requested,
              force,
              parallelism,
              start,
              start,
              List.of(),
              null);
      safely(() -> reportAbandoned(log), "look for abandoned runs of " + pipeline.name());
      safely(() -> log.runStarted(started), "record the start of run " + runId);
      int committed = (int) nodes.stream().filter(n -> n.committed).count();
      tell(l -> l.runStarted(runId, pipeline.name(), nodes.size(), committed));

      EngineSession.RunScope scope = engine.openRun(pipeline, runId);
      StepExecutor exec =
          new StepExecutor(pipeline, runId, config, listener, failAt, scope::execute);
      Scheduler s =
          new Scheduler(runId, pipeline.name(), nodes, exec, parallelism, listener, clock);
      scheduler = s;
      if (cancelRequested) {
        s.cancel();
      }
      try {
        s.run();
      } finally {
        scope.close();
      }
      Status status;
      if (s.isCancelled()) {
        status = Status.CANCELLED;
      } else if (nodes.stream().allMatch(n -> n.status.isDone())) {
        status = Status.SUCCEEDED;
      } else {
        status = Status.FAILED;
      }
      List<NodeOutcome> outcomes = nodes.stream().map(PlanNode::outcome).toList();
      RunResult done =
          new RunResult(
              runId,
              pipeline.name(),
              status,
              requested,
              force,
              parallelism,
              start,
              clock.instant(),
              outcomes,
              null);
      String reportPath = report ? RunReports.write(pipeline.lakehouse(), done, nodes) : null;
      RunResult finished =
          new RunResult(
              runId,
              pipeline.name(),
              status,
              requested,
              force,
              parallelism,
              start,
              done.end(),
              outcomes,
              reportPath);
      safely(() -> log.runFinished(finished), "record run " + runId);
      tell(l -> l.runFinished(finished));
      return finished;
    }
  }

  private void tell(java.util.function.Consumer<RunListener> call) {
    try {
      call.accept(listener);
    } catch (RuntimeException e) {
      LOG.debug("run listener failed", e);
    }
  }

  private static void safely(Runnable r, String what) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("Could not {}: {}", what, e.toString());
    }
  }
}
