package dev.strata.engine.internal.scheduler;

import dev.strata.engine.JobMetrics;
import dev.strata.engine.StageMetrics;
import dev.strata.engine.TaskContext;
import dev.strata.engine.events.EngineEvent;
import dev.strata.engine.events.EngineEvent.Counters;
import dev.strata.engine.events.Status;
import dev.strata.engine.internal.exec.BroadcastExchangeExec;
import dev.strata.engine.internal.exec.ExecServices;
import dev.strata.engine.internal.exec.PhysicalNode;
import dev.strata.engine.internal.exec.ShuffleExchangeExec;
import dev.strata.engine.internal.exec.TaskContextImpl;
import dev.strata.engine.internal.exec.TaskMetrics;
import dev.strata.format.StrataException;
import dev.strata.format.vector.ColumnBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs jobs: cuts the physical plan into stages at exchanges (walking the graph with an explicit
 * stack), submits the tasks of every stage whose parents are done (so independent stages run in
 * parallel), retries failed tasks up to {@code strata.task.max-failures} attempts, and records
 * metrics and events.
 */
public final class DagScheduler {
  /** What a result stage does with each partition. */
  public interface ResultHandler<R> {
    R apply(TaskContext ctx, Iterator<ColumnBatch> input) throws Exception;
  }

  private final ExecServices services;
  private final ExecutorService pool;
  private final int maxFailures;
  private final EventLog eventLog;
  private final Consumer<JobMetrics> onJobEnd;
  private final AtomicInteger jobIds = new AtomicInteger();
  private final AtomicInteger stageIds = new AtomicInteger();
  private final AtomicInteger shuffleIds = new AtomicInteger();
  private final AtomicLong taskAttemptIds = new AtomicLong();

  /** Decides whether a task attempt fails on purpose before it runs (tests). */
  @FunctionalInterface
  public interface FailureInjector {
    boolean shouldFail(int stageId, int partition, int attempt);
  }

  private volatile FailureInjector injector;
  private final Map<Integer, BlockingQueue<TaskDone>> activeJobs =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<Integer, AtomicInteger> runningTasks =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Test hook: task attempts for which {@code f} answers true throw before computing. */
  public void injectFailures(FailureInjector f) {
    this.injector = f;
  }

  /** Fails attempt {@code attempt} (0-based) of task {@code partition} of stage {@code stageId}. */
  public void injectFailure(int stageId, int partition, int attempt) {
    injectFailures((s, p, a) -> s == stageId && p == partition && a == attempt);
  }

  /** Cancels every running job: each fails with a cancellation error after its tasks stop. */
  public void cancelAll() {
    for (BlockingQueue<TaskDone> q : activeJobs.values()) {
      q.add(new TaskDone(null, -1, 0, null, null, null, 0, 0, null));
    }
  }

  public DagScheduler(
      ExecServices services,
      ExecutorService pool,
      int maxFailures,
      EventLog eventLog,
      Consumer<JobMetrics> onJobEnd) {
    this.services = services;
    this.pool = pool;
    this.maxFailures = Math.max(1, maxFailures);
    this.eventLog = eventLog;
    this.onJobEnd = onJobEnd;
  }

  private record TaskDone(
      Stage stage,
      int partition,
      int attempt,
      Object result,
      Throwable error,
      TaskMetrics metrics,
      long start,
      long end,
      String thread) {}

  /** Stages of a plan, parents before children; the last one is the result stage. */
  public static List<String> explainStages(PhysicalNode root) {
    return List.of();
  }

  /** Assigns stage numbers to every exchange for explain(): node -> stage id of its map side. */
  public Map<PhysicalNode, Integer> planStages(
      PhysicalNode root, Map<PhysicalNode, Integer> exchangeStage) {
    List<Stage> stages = new ArrayList<>();
    Stage result = buildStages(root, new IdentityHashMap<>(), stages, new AtomicInteger());
    Map<PhysicalNode, Integer> nodeStage = new IdentityHashMap<>();
    for (Stage s : stages) {
      markNodes(s, nodeStage);
      if (s.exchange != null) {
        exchangeStage.put(s.exchange, s.id);
      }
    }
    markNodes(result, nodeStage);
    return nodeStage;
  }

  private void markNodes(Stage s, Map<PhysicalNode, Integer> out) {
    Deque<PhysicalNode> stack = new ArrayDeque<>();
    stack.push(s.root);
    while (!stack.isEmpty()) {
      PhysicalNode n = stack.pop();
      out.put(n, s.id);
      if (isExchange(n)) {
        continue; // the stage's root reads this exchange; its child runs in the map stage
      }
      for (PhysicalNode c : n.children()) {
        if (!isExchange(c)) {
          stack.push(c);
        }
      }
    }
  }

  private Stage buildStages(
      PhysicalNode root, Map<PhysicalNode, Stage> byExchange, List<Stage> all, AtomicInteger ids) {
    // explicit stack: find exchanges reachable without crossing another exchange
    Stage stage = new Stage(-1, root, null);
    return fill(stage, byExchange, all, ids);
  }

  private Stage fill(
      Stage stage, Map<PhysicalNode, Stage> byExchange, List<Stage> all, AtomicInteger ids) {
    Deque<PhysicalNode> stack = new ArrayDeque<>();
    stack.push(stage.root);
    List<PhysicalNode> visited = new ArrayList<>();
    while (!stack.isEmpty()) {
      PhysicalNode n = stack.pop();
      visited.add(n);
      if (isExchange(n)) {
        // only a stage's root gets here (collect() of a repartition, or an exchange straight
        // over another): this stage reads the exchange, whose map side must run before it
        dependOn(stage, n, byExchange, all, ids);
        continue;
      }
      for (PhysicalNode c : n.children()) {
        if (isExchange(c)) {
          dependOn(stage, c, byExchange, all, ids);
        } else {
          stack.push(c);
        }
      }
    }
    java.util.Collections.reverse(visited);
    for (PhysicalNode n : visited) {
      stage.operators.add(n.describe());
    }
    Stage numbered = new Stage(ids.getAndIncrement(), stage.root, stage.exchange);
    numbered.parents.addAll(stage.parents);
    numbered.operators.addAll(stage.operators);
    if (stage.exchange != null) {
      all.add(numbered);
    }
    return numbered;
  }

  private static boolean isExchange(PhysicalNode n) {
    return n instanceof ShuffleExchangeExec || n instanceof BroadcastExchangeExec;
  }

  /** Makes the stage that runs {@code exchange}'s map side a parent of {@code stage}. */
  private void dependOn(
      Stage stage,
      PhysicalNode exchange,
      Map<PhysicalNode, Stage> byExchange,
      List<Stage> all,
      AtomicInteger ids) {
    Stage parent = byExchange.get(exchange);
    if (parent == null) {
      PhysicalNode child = exchange.children().get(0);
      parent = fill(new Stage(-1, child, exchange), byExchange, all, ids);
      byExchange.put(exchange, parent);
    }
    if (!stage.parents.contains(parent)) {
      stage.parents.add(parent);
    }
  }

  /**
   * The exchanges a job must run: those reachable from the root without passing through a cached
   * node whose every partition has a block. Such nodes are pinned (added to {@code pinned}) so
   * their blocks stay readable until the job ends.
   */
  private java.util.Set<PhysicalNode> neededExchanges(PhysicalNode root, List<Object> pinned) {
    java.util.Set<PhysicalNode> needed =
        java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    java.util.Set<PhysicalNode> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<PhysicalNode> stack = new ArrayDeque<>();
    stack.push(root);
    while (!stack.isEmpty()) {
      PhysicalNode n = stack.pop();
      if (!seen.add(n)) {
        continue;
      }
      if (n.cacheKey != null && services.pinCached(n.cacheKey, n.numPartitions())) {
        pinned.add(n.cacheKey);
        continue;
      }
      if (n instanceof ShuffleExchangeExec || n instanceof BroadcastExchangeExec) {
        needed.add(n);
      }
      for (PhysicalNode c : n.children()) {
        stack.push(c);
      }
    }
    return needed;
  }

  /** Exchanges whose stage a job would skip because their output is cached (for explain()). */
  public java.util.Set<PhysicalNode> skippedExchanges(PhysicalNode root) {
    java.util.Set<PhysicalNode> all = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    java.util.Set<PhysicalNode> reach =
        java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<PhysicalNode> stack = new ArrayDeque<>();
    stack.push(root);
    while (!stack.isEmpty()) {
      PhysicalNode n = stack.pop();
      if (n instanceof ShuffleExchangeExec || n instanceof BroadcastExchangeExec) {
        all.add(n);
      }
      for (PhysicalNode c : n.children()) {
        stack.push(c);
      }
    }
    stack.push(root);
    java.util.Set<PhysicalNode> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    while (!stack.isEmpty()) {
      PhysicalNode n = stack.pop();
      if (!seen.add(n)) {
        continue;
      }
      if (n.cacheKey != null && services.isCached(n.cacheKey, n.numPartitions())) {
        continue;
      }
      reach.add(n);
      for (PhysicalNode c : n.children()) {
        stack.push(c);
      }
    }
    all.removeAll(reach);
    return all;
  }

  /** Runs a job and returns one result per partition of {@code root}, in partition order. */
  @SuppressWarnings("unchecked")
  public <R> List<R> runJob(
      PhysicalNode root, ResultHandler<R> handler, String description, String tag) {
    int jobId = jobIds.incrementAndGet();
    long jobStart = System.currentTimeMillis();
    List<Stage> stages = new ArrayList<>();
    AtomicInteger localIds = new AtomicInteger();
    Stage resultStage = buildStages(root, new IdentityHashMap<>(), stages, localIds);
    // renumber with session-wide ids, parents first
    Map<Stage, Stage> renum = new IdentityHashMap<>();
    List<Stage> ordered = new ArrayList<>(stages);
    ordered.add(resultStage);
    List<Stage> finalStages = new ArrayList<>();
    for (Stage s : ordered) {
      Stage r = new Stage(stageIds.incrementAndGet(), s.root, s.exchange);
      r.operators.addAll(s.operators);
      renum.put(s, r);
      finalStages.add(r);
    }
    for (Stage s : ordered) {
      for (Stage p : s.parents) {
        renum.get(s).parents.add(renum.get(p));
      }
    }
    Stage result = renum.get(resultStage);
    for (Stage s : finalStages) {
      if (s.exchange instanceof ShuffleExchangeExec sx) {
        sx.shuffleId = shuffleIds.incrementAndGet();
      }
    }
    List<Object> pinned = new ArrayList<>();
    java.util.Set<PhysicalNode> needed = neededExchanges(root, pinned);
    for (Stage s : finalStages) {
      if (s.exchange != null && !needed.contains(s.exchange)) {
        s.skipped = true;
      }
    }
    services.memoryManager().resetPeaks();
    writeJobStart(jobId, jobStart, description, tag, finalStages);
    BlockingQueue<TaskDone> done = new LinkedBlockingQueue<>();
    activeJobs.put(jobId, done);
    AtomicInteger running = new AtomicInteger();
    runningTasks.put(jobId, running);
    List<Future<?>> futures = new ArrayList<>();
    java.util.Set<List<Integer>> inFlight = new java.util.LinkedHashSet<>();
    Status status = Status.SUCCEEDED;
    Throwable failure = null;
    try {
      int remaining = finalStages.size();
      for (Stage s : finalStages) {
        if (s.skipped) {
          s.submitted = true;
          s.done = true;
          s.start = s.end = System.currentTimeMillis();
          remaining--;
          event(
              new EngineEvent.StageEnd(
                  jobId, s.id, s.end, Status.SKIPPED, 0, java.util.Optional.empty(), 0));
        }
      }
      while (remaining > 0) {
        for (Stage s : finalStages) {
          if (!s.submitted && s.parents.stream().allMatch(p -> p.done)) {
            s.submitted = true;
            s.start = System.currentTimeMillis();
            event(new EngineEvent.StageStart(jobId, s.id, s.start));
            if (s.numTasks == 0) {
              finishStage(jobId, s);
              remaining--;
              continue;
            }
            for (int p = 0; p < s.numTasks; p++) {
              futures.add(submit(jobId, s, p, 0, handler, done));
              inFlight.add(List.of(s.id, p, 0));
            }
          }
        }
        if (remaining == 0) {
          break;
        }
        TaskDone t;
        try {
          t = done.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StrataException("Job " + jobId + " was interrupted", e);
        }
        if (t.stage == null) {
          throw new StrataException(
              "Job " + jobId + " was cancelled",
              new java.util.concurrent.CancellationException("cancelAll"));
        }
        writeTaskEnd(jobId, t);
        inFlight.remove(List.of(t.stage.id, t.partition, t.attempt));
        Stage s = t.stage;
        if (t.error != null) {
          s.failedAttempts++;
          if (t.attempt + 1 < maxFailures && retryable(t.error)) {
            futures.add(submit(jobId, s, t.partition, t.attempt + 1, handler, done));
            inFlight.add(List.of(s.id, t.partition, t.attempt + 1));
            continue;
          }
          throw new StrataException(
              "Job "
                  + jobId
                  + " failed: task "
                  + t.partition
                  + " of stage "
                  + s.id
                  + " failed "
                  + (t.attempt + 1)
                  + " time(s); last error: "
                  + t.error,
              t.error);
        }
        s.results[t.partition] = t.result;
        TaskMetrics m = t.metrics;
        s.inputRows += m.inputRows;
        s.inputBytes += m.inputBytes;
        s.outputRows += m.outputRows;
        s.shuffleRead += m.shuffleReadBytes;
        s.shuffleWrite += m.shuffleWriteBytes;
        s.spill += m.spillBytes;
        m.custom.forEach((k, v) -> s.custom.merge(k, v, Long::sum));
        if (++s.finished == s.numTasks) {
          finishStage(jobId, s);
          remaining--;
        }
      }
      List<R> out = new ArrayList<>();
      for (Object o : result.results) {
        out.add((R) o);
      }
      return out;
    } catch (RuntimeException | Error e) {
      status = Status.FAILED;
      failure = e;
      for (Future<?> f : futures) {
        f.cancel(true);
      }
      long now = System.currentTimeMillis();
      for (List<Integer> k : inFlight) {
        event(
            new EngineEvent.TaskEnd(
                jobId,
                k.get(0),
                k.get(1),
                k.get(2),
                null,
                now,
                now,
                Status.CANCELLED,
                "cancelled: the job failed",
                Counters.ZERO,
                false));
      }
      for (Stage s : finalStages) {
        if (s.submitted && !s.done) {
          long t = System.currentTimeMillis();
          event(stageEnd(jobId, s, t, Status.FAILED, t - s.start));
        }
      }
      throw e;
    } finally {
      activeJobs.remove(jobId);
      awaitTasks(running);
      runningTasks.remove(jobId);
      for (Stage s : finalStages) {
        if (s.exchange instanceof ShuffleExchangeExec sx) {
          services.shuffleStore().remove(sx.shuffleId);
        }
        if (s.broadcastBytes > 0) {
          services.memoryManager().releaseExecution(s.broadcastBytes, -1);
        }
      }
      services.spillManager().cleanupJob(jobId);
      for (Object key : pinned) {
        services.unpinCached(key);
      }
      long end = System.currentTimeMillis();
      List<StageMetrics> sm = new ArrayList<>();
      for (Stage s : finalStages) {
        sm.add(
            new StageMetrics(
                s.id,
                s.name(),
                s.parents.stream().map(p -> p.id).toList(),
                s.exchangeName(),
                List.copyOf(s.operators),
                s.skipped ? 0 : s.numTasks,
                s.skipped,
                s.skipped ? Status.SKIPPED : s.done ? Status.SUCCEEDED : Status.FAILED,
                s.inputRows,
                s.inputBytes,
                s.outputRows,
                s.shuffleRead,
                s.shuffleWrite,
                s.spill,
                s.done ? s.end - s.start : 0,
                s.failedAttempts,
                Map.copyOf(s.custom)));
      }
      JobMetrics jm =
          new JobMetrics(
              jobId,
              description,
              tag,
              status,
              jobStart,
              end - jobStart,
              sm,
              services.memoryManager().executionPeak(),
              services.memoryManager().storagePeak(),
              services.memoryManager().executionUsed(),
              services.memoryManager().storageUsed());
      event(
          new EngineEvent.JobEnd(
              jobId,
              end,
              status,
              failure == null ? null : String.valueOf(failure.getMessage()),
              jm.executionMemoryPeakBytes(),
              jm.storageMemoryPeakBytes(),
              jm.executionMemoryBytes(),
              jm.storageMemoryBytes(),
              jm.spillBytes()));
      onJobEnd.accept(jm);
    }
  }

  private void finishStage(int jobId, Stage s) {
    s.done = true;
    s.end = System.currentTimeMillis();
    if (s.exchange instanceof ShuffleExchangeExec sx) {
      sx.mapStageDone(java.util.Arrays.asList(s.results));
    } else if (s.exchange instanceof BroadcastExchangeExec bx) {
      List<ColumnBatch> all = new ArrayList<>();
      for (Object o : s.results) {
        if (o != null) {
          for (Object b : (List<?>) o) {
            all.add((ColumnBatch) b);
          }
        }
      }
      bx.setBatches(all);
      // the broadcast table lives for the job on the driver: account it as execution memory
      long bytes = bx.table().sizeInBytes();
      services.memoryManager().acquireExecution(bytes, -1);
      s.broadcastBytes = bytes;
    }
    event(stageEnd(jobId, s, s.end, Status.SUCCEEDED, s.end - s.start));
  }

  /** Waits (up to 30 s) for tasks of a failed or cancelled job to stop and free their memory. */
  private static void awaitTasks(AtomicInteger running) {
    // an interrupted caller still waits (the flag is restored after), else its job's memory
    // and files would be freed while tasks still use them
    boolean interrupted = Thread.interrupted();
    long deadline = System.currentTimeMillis() + 30_000;
    try {
      while (running.get() > 0 && System.currentTimeMillis() < deadline) {
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private <R> Future<?> submit(
      int jobId,
      Stage s,
      int partition,
      int attempt,
      ResultHandler<R> handler,
      BlockingQueue<TaskDone> done) {
    AtomicInteger running = runningTasks.get(jobId);
    return pool.submit(
        () -> {
          if (running != null) {
            running.incrementAndGet();
          }
          try {
            runTask(jobId, s, partition, attempt, handler, done);
          } catch (Throwable t) {
            // never lose a task: the driver waits for one TaskDone per attempt
            long now = System.currentTimeMillis();
            done.add(
                new TaskDone(
                    s,
                    partition,
                    attempt,
                    null,
                    t,
                    new TaskMetrics(),
                    now,
                    now,
                    Thread.currentThread().getName()));
          } finally {
            if (running != null) {
              running.decrementAndGet();
            }
          }
        });
  }

  private <R> void runTask(
      int jobId,
      Stage s,
      int partition,
      int attempt,
      ResultHandler<R> handler,
      BlockingQueue<TaskDone> done) {
    {
      {
        long start = System.currentTimeMillis();
        TaskContextImpl ctx =
            new TaskContextImpl(
                services,
                jobId,
                s.id,
                partition,
                s.numTasks,
                attempt,
                taskAttemptIds.incrementAndGet());
        Object result = null;
        Throwable error = null;
        try {
          FailureInjector inj = injector;
          if (inj != null && inj.shouldFail(s.id, partition, attempt)) {
            throw new StrataException(
                "Injected failure of attempt "
                    + attempt
                    + " of task "
                    + partition
                    + " of stage "
                    + s.id);
          }
          Iterator<ColumnBatch> it = s.root.iterator(partition, ctx);
          if (s.exchange instanceof ShuffleExchangeExec sx) {
            result = sx.writeMapOutput(partition, it, ctx);
          } else if (s.exchange instanceof BroadcastExchangeExec) {
            List<ColumnBatch> batches = new ArrayList<>();
            while (it.hasNext()) {
              ColumnBatch b = it.next();
              ctx.metrics().outputRows += b.numRows();
              batches.add(b);
            }
            result = batches;
          } else {
            Iterator<ColumnBatch> counting =
                new Iterator<>() {
                  public boolean hasNext() {
                    return it.hasNext();
                  }

                  public ColumnBatch next() {
                    ColumnBatch b = it.next();
                    ctx.metrics().outputRows += b.numRows();
                    return b;
                  }
                };
            result = handler.apply(ctx, counting);
          }
        } catch (Throwable t) {
          error = t;
        } finally {
          ctx.metrics().spillBytes += ctx.memory().spilledBytes();
          ctx.memory().releaseAll();
        }
        done.add(
            new TaskDone(
                s,
                partition,
                attempt,
                result,
                error,
                ctx.metrics(),
                start,
                System.currentTimeMillis(),
                Thread.currentThread().getName()));
      }
    }
  }

  private void event(EngineEvent e) {
    if (eventLog != null) {
      eventLog.write(e);
    }
  }

  private static EngineEvent.StageEnd stageEnd(
      int jobId, Stage s, long time, Status status, long durationMs) {
    return new EngineEvent.StageEnd(
        jobId,
        s.id,
        time,
        status,
        s.numTasks,
        java.util.Optional.of(
            new Counters(
                s.inputRows, s.inputBytes, s.outputRows, s.shuffleRead, s.shuffleWrite, s.spill)),
        durationMs);
  }

  private void writeJobStart(
      int jobId, long time, String description, String tag, List<Stage> stages) {
    if (eventLog == null) {
      return;
    }
    List<EngineEvent.StagePlan> plans = new ArrayList<>();
    for (Stage s : stages) {
      plans.add(
          new EngineEvent.StagePlan(
              s.id,
              s.name(),
              s.parents.stream().map(p -> p.id).toList(),
              s.numTasks,
              s.exchangeName(),
              s.skipped,
              s.operators));
    }
    eventLog.write(new EngineEvent.JobStart(jobId, time, description, tag, plans));
  }

  private void writeTaskEnd(int jobId, TaskDone t) {
    if (eventLog == null) {
      return;
    }
    TaskMetrics m = t.metrics;
    eventLog.write(
        new EngineEvent.TaskEnd(
            jobId,
            t.stage.id,
            t.partition,
            t.attempt,
            t.thread,
            t.start,
            t.end,
            t.error == null ? Status.SUCCEEDED : Status.FAILED,
            t.error == null ? null : String.valueOf(t.error),
            new Counters(
                m.inputRows,
                m.inputBytes,
                m.outputRows,
                m.shuffleReadBytes,
                m.shuffleWriteBytes,
                m.spillBytes),
            m.cacheHit));
  }

  /**
   * Whether another attempt of a failed task can succeed. An interrupt is a cancellation; a result
   * over the size limit, an invalid expression or a schema mismatch fail the same way every time;
   * an OutOfMemoryError retried on the same heap only delays the failure and holds memory the other
   * tasks need.
   */
  static boolean retryable(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
      if (e instanceof InterruptedException
          || e instanceof dev.strata.engine.ResultTooLargeException
          || e instanceof dev.strata.engine.InvalidPredicateException
          || e instanceof dev.strata.format.SchemaMismatchException
          || e instanceof OutOfMemoryError) {
        return false;
      }
    }
    return true;
  }
}
