package dev.strata.pipeline;

import dev.strata.engine.events.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the (step, partition) DAG: dispatches ready nodes to at most {@code parallelism} worker
 * threads, retries failed attempts after their backoff, marks what depends on a failure as blocked
 * while the rest goes on, and on {@link #cancel()} interrupts what runs and starts nothing new.
 *
 * <p>All node state is changed by the one coordinator thread that called {@link #run()}; workers
 * only execute attempts and hand back a completion, so no node state is shared between threads.
 */
final class Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

  /** What one attempt did. */
  record NodeResult(
      long rowsWritten,
      OptionalLong tableVersion,
      Map<String, Object> commitInfo,
      boolean skipped,
      String trackingUrl) {
    static NodeResult skippedResult() {
      return new NodeResult(0, OptionalLong.empty(), Map.of(), true, null);
    }
  }

  /** Executes one attempt of a node; must give up promptly when its thread is interrupted. */
  interface Work {
    NodeResult execute(PlanNode node, long version, int attempt) throws Exception;
  }

  private record Completion(
      PlanNode node, int attempt, Instant start, Instant end, NodeResult result, Throwable error) {}

  private record Delayed(long dueNanos, PlanNode node) {}

  private final String runId;
  private final String pipeline;
  private final List<PlanNode> nodes;
  private final Work work;
  private final int parallelism;
  private final RunListener listener;
  private final Clock clock;

  private final LinkedBlockingQueue<Completion> completions = new LinkedBlockingQueue<>();

  /** Dispatched and not yet reported back; coordinator thread only. */
  private final java.util.Set<PlanNode> inFlight = new java.util.HashSet<>();

  private final Map<PlanNode, Thread> runningThreads = new HashMap<>();
  private volatile boolean cancelled;
  private volatile Thread coordinator;

  Scheduler(
      String runId,
      String pipeline,
      List<PlanNode> nodes,
      Work work,
      int parallelism,
      RunListener listener,
      Clock clock) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
    }
    this.runId = runId;
    this.pipeline = pipeline;
    this.nodes = nodes;
    this.work = work;
    this.parallelism = parallelism;
    this.listener = listener;
    this.clock = clock;
  }

  /** Stops the run: nothing new starts, running attempts are interrupted. Safe from any thread. */
  void cancel() {
    cancelled = true;
    synchronized (runningThreads) {
      runningThreads.values().forEach(Thread::interrupt);
    }
    Thread c = coordinator;
    if (c != null) {
      // Wake the coordinator without a completion: a poison-free nudge through the queue's wait.
      completions.offer(new Completion(null, 0, null, null, null, null));
    }
  }

  boolean isCancelled() {
    return cancelled;
  }

  /** Runs every node to a final status; returns when all have one. */
  void run() {
    coordinator = Thread.currentThread();
    Comparator<PlanNode> preference =
        Comparator.<PlanNode>comparingInt(n -> n.keyOrder)
            .thenComparingInt(n -> n.stepOrder)
            .thenComparingInt(n -> n.index);
    PriorityQueue<PlanNode> ready = new PriorityQueue<>(preference);
    PriorityQueue<Delayed> delayed =
        new PriorityQueue<>(Comparator.comparingLong(Delayed::dueNanos));
    AtomicInteger threadIds = new AtomicInteger();
    ThreadFactory tf =
        r -> {
          Thread t = new Thread(r, "strata-pipeline-" + threadIds.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, tf);
    int unfinished = nodes.size();
    int running = 0;
    boolean callerInterrupted = false;
    try {
      for (PlanNode n : nodes) {
        n.pendingDeps = n.deps.size();
      }
      Deque<PlanNode> becameReady = new ArrayDeque<>();
      for (PlanNode n : nodes) {
        if (n.pendingDeps == 0) {
          becameReady.add(n);
        }
      }
      while (true) {
        // Resolve newly ready nodes: skip what is committed, queue the rest.
        while (!becameReady.isEmpty()) {
          PlanNode n = becameReady.poll();
          if (n.status != null) {
            continue;
          }
          if (shouldSkip(n)) {
            n.start = clock.instant();
            finish(n, Status.SKIPPED, null, becameReady);
            unfinished--;
          } else {
            if (n.committed) {
              n.version = n.committedVersion.orElse(0) + 1;
            }
            ready.add(n);
          }
        }
        long now = System.nanoTime();
        while (!delayed.isEmpty() && delayed.peek().dueNanos() <= now) {
          ready.add(delayed.poll().node());
        }
        if (cancelled) {
          unfinished -= cancelWaiting(ready, delayed, becameReady);
        }
        while (!cancelled && running < parallelism && !ready.isEmpty()) {
          PlanNode n = ready.poll();
          int attempt = n.attempts.size() + 1;
          if (n.start == null) {
            n.start = clock.instant();
          }
          long version = n.version;
          running++;
          inFlight.add(n);
          pool.execute(() -> attempt(n, version, attempt));
        }
        if (unfinished == 0) {
          break;
        }
        Completion c;
        try {
          if (delayed.isEmpty() || cancelled) {
            c = completions.take();
          } else {
            long wait = Math.max(0, delayed.peek().dueNanos() - System.nanoTime());
            c = completions.poll(wait, TimeUnit.NANOSECONDS);
          }
        } catch (InterruptedException e) {
          // The caller's thread was interrupted: cancel, then keep collecting the workers' reports.
          callerInterrupted = true;
          cancel();
          continue;
        }
        if (c == null || c.node() == null) {
          continue;
        }
        running--;
        PlanNode n = c.node();
        inFlight.remove(n);
        if (c.error() == null) {
          n.attempts.add(new Attempt(c.attempt(), c.start(), c.end(), Status.SUCCEEDED, null));
          NodeResult r = c.result();
          n.rowsWritten = r.rowsWritten();
          n.tableVersion = r.tableVersion();
          n.commitInfo = r.commitInfo() == null ? Map.of() : r.commitInfo();
          n.trackingUrl = r.trackingUrl();
          finish(n, r.skipped() ? Status.SKIPPED : Status.SUCCEEDED, null, becameReady);
          unfinished--;
          continue;
        }
        boolean interrupted = cancelled;
        Failures.Verdict verdict = Failures.classify(c.error());
        String msg =
            interrupted || verdict.retryable()
                ? describe(c.error())
                : "not retried: " + verdict.reason() + ": " + describe(c.error());
        n.attempts.add(
            new Attempt(
                c.attempt(),
                c.start(),
                c.end(),
                interrupted ? Status.CANCELLED : Status.FAILED,
                msg,
                interrupted ? null : verdict.failureClass()));
        if (!interrupted && verdict.retryable() && c.attempt() < n.retry.maxAttempts()) {
          Duration backoff = n.retry.backoffAfter(c.attempt());
          LOG.warn(
              "{} attempt {} failed ({}), retrying in {}: {}",
              n,
              c.attempt(),
              verdict.reason(),
              backoff,
              msg);
          tell(l -> l.attemptFailed(n.step, n.key, c.attempt(), msg, backoff));
          delayed.add(new Delayed(System.nanoTime() + backoff.toNanos(), n));
        } else {
          if (!interrupted) {
            LOG.error("{} failed after {} attempt(s): {}", n, c.attempt(), msg);
            tell(l -> l.attemptFailed(n.step, n.key, c.attempt(), msg, null));
          }
          finish(n, interrupted ? Status.CANCELLED : Status.FAILED, msg, becameReady);
          unfinished--;
          unfinished -= blockDependents(n);
        }
      }
    } finally {
      pool.shutdownNow();
      coordinator = null;
      if (callerInterrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private boolean shouldSkip(PlanNode n) {
    if (!n.committed) {
      return false;
    }
    if (n.redoWhenUpstreamChanged) {
      for (PlanNode d : n.deps) {
        if (d.status == Status.SUCCEEDED) {
          return false;
        }
      }
    }
    return true;
  }

  private void attempt(PlanNode n, long version, int attempt) {
    Instant start = clock.instant();
    synchronized (runningThreads) {
      runningThreads.put(n, Thread.currentThread());
    }
    NodeResult result = null;
    Throwable error = null;
    try {
      if (cancelled) {
        throw new InterruptedException("run " + runId + " was cancelled");
      }
      tell(l -> l.attemptStarted(n.step, n.key, attempt));
      result = work.execute(n, version, attempt);
      if (result == null) {
        throw new IllegalStateException("step returned no result");
      }
    } catch (Throwable t) {
      error = t;
    } finally {
      synchronized (runningThreads) {
        runningThreads.remove(n);
      }
      Thread.interrupted();
      completions.add(new Completion(n, attempt, start, clock.instant(), result, error));
    }
  }

  private void finish(PlanNode n, Status status, String error, Deque<PlanNode> becameReady) {
    n.status = status;
    n.error = error;
    n.end = clock.instant();
    if (n.start == null) {
      n.start = n.end;
    }
    NodeOutcome o = n.outcome();
    tell(l -> l.nodeFinished(o));
    if (status.isDone()) {
      for (PlanNode d : n.dependents) {
        if (--d.pendingDeps == 0 && d.status == null) {
          becameReady.add(d);
        }
      }
    }
  }

  /** Marks every transitive dependent of a failed node as blocked; returns how many. */
  private int blockDependents(PlanNode failed) {
    int count = 0;
    Deque<PlanNode> todo = new ArrayDeque<>(failed.dependents);
    while (!todo.isEmpty()) {
      PlanNode d = todo.poll();
      if (d.status != null) {
        continue;
      }
      boolean cancel = failed.status == Status.CANCELLED;
      d.status = cancel ? Status.CANCELLED : Status.UPSTREAM_FAILED;
      d.error = "not run: " + failed.jobTag() + (cancel ? " was cancelled" : " failed");
      d.start = d.end = clock.instant();
      NodeOutcome o = d.outcome();
      tell(l -> l.nodeFinished(o));
      count++;
      todo.addAll(d.dependents);
    }
    return count;
  }

  /** Cancels every node that is neither finished nor running; returns how many. */
  private int cancelWaiting(
      PriorityQueue<PlanNode> ready, PriorityQueue<Delayed> delayed, Deque<PlanNode> becameReady) {
    int count = 0;
    for (PlanNode n : nodes) {
      if (n.status == null && !inFlight.contains(n)) {
        n.status = Status.CANCELLED;
        n.error = "run " + runId + " was cancelled before this finished";
        n.end = clock.instant();
        if (n.start == null) {
          n.start = n.end;
        }
        NodeOutcome o = n.outcome();
        tell(l -> l.nodeFinished(o));
        count++;
      }
    }
    ready.clear();
    delayed.clear();
    becameReady.clear();
    return count;
  }

  private void tell(java.util.function.Consumer<RunListener> call) {
    try {
      call.accept(listener);
    } catch (RuntimeException e) {
      LOG.debug("run listener failed", e);
    }
  }

  /** The error's message and its causes on one line, plus the stack for the run log. */
  static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder();
    Throwable c = t;
    int depth = 0;
    while (c != null && depth < 8) {
      if (depth > 0) {
        sb.append(" <- caused by ");
      }
      String m = c.getMessage();
      sb.append(c.getClass().getSimpleName());
      if (m != null && !m.isBlank()) {
        sb.append(": ").append(m.strip());
      }
      c = c.getCause() == c ? null : c.getCause();
      depth++;
    }
    return sb.toString();
  }

  static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}
