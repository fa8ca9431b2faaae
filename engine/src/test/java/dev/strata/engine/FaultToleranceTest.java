package dev.strata.engine;

import static dev.strata.engine.functions.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.engine.events.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultToleranceTest {
  static Dataset job(Strata s) {
    return s.range(100_000).selectExpr("id % 100 AS k", "id AS v").groupBy("k").agg(sum(col("v")));
  }

  /** The id of the first stage of the next job, given this job's plan runs the same stages. */
  static int nextFirstStage(Strata s) {
    JobMetrics last = s.lastJob();
    return last.stages().get(last.stages().size() - 1).stageId() + 1;
  }

  @Test
  void failedAttemptIsRetriedAndTheJobSucceeds() {
    try (Strata s = Strata.builder().parallelism(2).build()) {
      long expected = job(s).count();
      int mapStage = nextFirstStage(s);
      s.state().scheduler().injectFailure(mapStage, 1, 0);
      assertThat(job(s).count()).isEqualTo(expected);
      StageMetrics st = s.lastJob().stage(mapStage);
      assertThat(st.failedAttempts()).isEqualTo(1);
      assertThat(st.status()).isEqualTo(Status.SUCCEEDED);
    }
  }

  @Test
  void taskFailingEveryAttemptFailsTheJobNamingStageAndPartition() {
    try (Strata s =
        Strata.builder().parallelism(2).config("strata.task.max-failures", "3").build()) {
      job(s).count();
      int mapStage = nextFirstStage(s);
      s.state().scheduler().injectFailures((st, p, a) -> st == mapStage && p == 0);
      assertThatThrownBy(() -> job(s).count())
          .hasMessageContaining("task 0 of stage " + mapStage)
          .hasMessageContaining("3 time(s)")
          .hasMessageContaining("Injected failure");
      assertThat(s.lastJob().stage(mapStage).failedAttempts()).isEqualTo(3);
      s.state().scheduler().injectFailures(null);
      assertThat(s.state().memoryManager().executionUsed()).isZero();
    }
  }

  @Test
  void cancelAllStopsTasksAndFreesMemoryAndSpillFiles(@TempDir Path spill) throws Exception {
    cancelRunningJob(spill, (s, t) -> s.cancelAll(), "cancelled");
  }

  @Test
  void interruptingTheCallerCancelsItsJob(@TempDir Path spill) throws Exception {
    cancelRunningJob(spill, (s, t) -> t.interrupt(), "interrupted");
  }

  private void cancelRunningJob(
      Path spill, java.util.function.BiConsumer<Strata, Thread> cancel, String message)
      throws Exception {
    try (Strata s =
        Strata.builder()
            .parallelism(2)
            .memoryBudget(2L << 20)
            .spillDirectory(spill.toString())
            .build()) {
      AtomicReference<Throwable> error = new AtomicReference<>();
      Thread t =
          new Thread(
              () -> {
                try {
                  s.range(50_000_000)
                      .selectExpr("id", "(id * 7919) % 1000003 AS v")
                      .sort("v")
                      .runTasks(
                          (ctx, it) -> {
                            long n = 0;
                            while (it.hasNext()) {
                              n += it.next().numRows();
                            }
                            return n;
                          });
                } catch (Throwable e) {
                  error.set(e);
                }
              });
      t.start();
      // wait until spill files exist (the sort's map stage is running and spilling)
      long deadline = System.currentTimeMillis() + 60_000;
      while (countSpills(spill) == 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertThat(countSpills(spill)).isPositive();
      cancel.accept(s, t);
      t.join(60_000);
      assertThat(t.isAlive()).isFalse();
      assertThat(error.get()).isNotNull().hasMessageContaining(message);
      assertThat(s.lastJob().status()).isEqualTo(Status.FAILED);
      // the job returns after its tasks stopped: nothing held, nothing left on disk
      assertThat(s.state().memoryManager().executionUsed()).isZero();
      assertThat(countSpills(spill)).isZero();
    }
  }

  static long countSpills(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".spill")).count();
    }
  }
}
