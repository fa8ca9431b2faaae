package dev.strata.engine;

import static dev.strata.engine.functions.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.engine.events.Status;
import dev.strata.format.StrataException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  @Test
  void failedTasksAreRetriedWithNewAttemptNumbers() {
    try (Strata strata = Strata.builder().parallelism(2).build()) {
      AtomicInteger failures = new AtomicInteger();
      List<Integer> attempts =
          strata
              .range(100)
              .repartition(4)
              .runTasks(
                  (ctx, it) -> {
                    if (ctx.partitionId() == 2 && ctx.attemptNumber() < 2) {
                      failures.incrementAndGet();
                      throw new IllegalStateException("injected");
                    }
                    while (it.hasNext()) {
                      it.next();
                    }
                    return ctx.attemptNumber();
                  });
      assertThat(attempts).containsExactly(0, 0, 2, 0);
      assertThat(failures.get()).isEqualTo(2);
      JobMetrics job = strata.lastJob();
      assertThat(job.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(job.stages().get(1).failedAttempts()).isEqualTo(2);
    }
  }

  @Test
  void aJobFailsAfterMaxFailuresNamingStageAndPartition() {
    try (Strata strata =
        Strata.builder().parallelism(2).config("strata.task.max-failures", "2").build()) {
      assertThatThrownBy(
              () ->
                  strata
                      .range(10)
                      .runTasks(
                          (ctx, it) -> {
                            if (ctx.partitionId() == 1) {
                              throw new IllegalArgumentException("boom");
                            }
                            return 1;
                          }))
          .isInstanceOf(StrataException.class)
          .hasMessageContaining("task 1 of stage")
          .hasMessageContaining("2 time(s)")
          .hasMessageContaining("boom");
      assertThat(strata.lastJob().status()).isEqualTo(Status.FAILED);
    }
  }

  @Test
  void independentStagesRunInParallelOnNamedWorkers() {
    try (Strata strata =
        Strata.builder()
            .parallelism(3)
            .config("strata.sql.autoBroadcastJoinThreshold", "-1")
            .build()) {
      Set<String> threads = ConcurrentHashMap.newKeySet();
      Dataset a = strata.range(20000).selectExpr("id % 100 AS k", "id");
      Dataset b = strata.range(5000).selectExpr("id % 100 AS k", "id * 2 AS v");
      Dataset j = a.join(b, "k").groupBy("k").agg(count("*").as("n"));
      assertThat(j.count()).isEqualTo(100);
      JobMetrics job = strata.lastJob();
      // two scan stages (both sides of the shuffle join) have no parents
      long roots = job.stages().stream().filter(s -> s.parents().isEmpty()).count();
      assertThat(roots).isEqualTo(2);
      strata.range(1000).foreachBatch(batch -> threads.add(Thread.currentThread().getName()));
      assertThat(threads).allMatch(t -> t.startsWith("strata-worker-"));
      assertThat(j.explainString()).contains("ShuffledHashJoin");
    }
  }

  @Test
  void setJobTagIsPerThread() throws Exception {
    try (Strata strata = Strata.builder().parallelism(1).build()) {
      strata.setJobTag("a");
      Thread other = new Thread(() -> strata.range(5).count());
      other.start();
      other.join();
      assertThat(strata.lastJob().tag()).isNull();
      strata.range(5).count();
      assertThat(strata.lastJob().tag()).isEqualTo("a");
    }
  }
}
