package dev.strata.maintenance.internal;

import dev.strata.format.StrataException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs independent maintenance tasks on a bounded pool of daemon threads. */
public final class Workers {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private Workers() {}

  /**
   * Runs all tasks with at most {@code parallelism} at a time and returns their results in order.
   * The first failure cancels the rest and is rethrown as is when unchecked.
   */
  public static <T> List<T> runAll(List<? extends Callable<T>> tasks, int parallelism) {
    if (tasks.isEmpty()) {
      return List.of();
    }
    if (tasks.size() == 1 || parallelism <= 1) {
      List<T> results = new ArrayList<>(tasks.size());
      for (Callable<T> task : tasks) {
        results.add(call(task));
      }
      return results;
    }
    int pool = POOLS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            Math.min(parallelism, tasks.size()),
            r -> {
              Thread t =
                  new Thread(r, "strata-maintenance-" + pool + "-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<T>> futures = new ArrayList<>(tasks.size());
      for (Callable<T> task : tasks) {
        futures.add(executor.submit(task));
      }
      List<T> results = new ArrayList<>(tasks.size());
      for (Future<T> future : futures) {
        try {
          results.add(future.get());
        } catch (ExecutionException e) {
          for (Future<T> f : futures) {
            f.cancel(true);
          }
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException r) {
            throw r;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new StrataException("Maintenance task failed: " + cause, cause);
        }
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StrataException("Interrupted", e);
    } finally {
      executor.shutdownNow();
    }
  }

  private static <T> T call(Callable<T> task) {
    try {
      return task.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new StrataException("Maintenance task failed: " + e, e);
    }
  }
}
