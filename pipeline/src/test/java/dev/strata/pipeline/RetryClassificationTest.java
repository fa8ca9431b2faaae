package dev.strata.pipeline;

import static dev.strata.engine.functions.col;
import static dev.strata.engine.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.SaveMode;
import dev.strata.engine.Strata;
import dev.strata.engine.events.Status;
import dev.strata.log.AddFile;
import dev.strata.log.ConcurrentModificationException;
import dev.strata.log.DeltaLog;
import dev.strata.log.Operation;
import dev.strata.log.OptimisticTransaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failed attempts are retried only when another attempt can succeed, and the run log says why. */
class RetryClassificationTest {
  private static Strata strata;
  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    strata = Strata.builder().parallelism(2).build();
  }

  @AfterAll
  static void stop() {
    strata.close();
  }

  private static final dev.strata.format.types.StructType SIDE =
      new dev.strata.format.types.StructType(
          List.of(
              new dev.strata.format.types.StructField(
                  "x", dev.strata.format.types.PrimitiveType.LONG, true, java.util.Map.of())));

  private static final RetryPolicy THREE = RetryPolicy.of(3, Duration.ofMillis(20));

  @Test
  void aTypeMismatchFailsAfterOneAttemptAndSaysItWasNotRetried() throws Exception {
    PipelineFixture f = new PipelineFixture(tmp, 1);
    AtomicInteger calls = new AtomicInteger();
    Pipeline p =
        f.builder(
                PipelineFixture::rawBody,
                (in, day) -> {
                  calls.incrementAndGet();
                  // kind is a STRING: comparing it with a number is a type mismatch every time.
                  dev.strata.engine.Dataset bad = in.partition("raw").where(col("kind").gt(lit(5)));
                  return bad.where(col("amount").gt(0));
                })
            .retry(THREE)
            .build();
    RunResult r = p.run(strata).partition("2024-01-01").execute();

    assertThat(r.status()).isEqualTo(Status.FAILED);
    NodeOutcome clean = r.outcome("clean", PartitionKey.of("2024-01-01"));
    assertThat(clean.status()).isEqualTo(Status.FAILED);
    assertThat(clean.attempts()).hasSize(1);
    assertThat(calls.get()).isEqualTo(1);
    assertThat(clean.error()).startsWith("not retried: a type mismatch").contains("kind");
    assertThat(clean.attempts().get(0).failureClass()).isEqualTo(FailureClass.DETERMINISTIC);
    assertThat(DeltaLog.forTable(f.table("clean/events")).tableExists()).isFalse();

    // The run log keeps the class and the cause of the attempt.
    RunResult logged = TableRunLog.forLakehouse(strata, f.lakehouse).runs("events", 1).get(0);
    Attempt a = logged.outcome("clean", PartitionKey.of("2024-01-01")).attempts().get(0);
    assertThat(a.failureClass()).isEqualTo(FailureClass.DETERMINISTIC);
    assertThat(a.error()).startsWith("not retried: a type mismatch");
    // So does the run model the report is drawn from.
    assertThat(
            RunReports.model(r, List.of()).steps().stream()
                .filter(s -> s.tag().equals("clean/2024-01-01"))
                .findFirst()
                .orElseThrow()
                .attempts()
                .get(0)
                .error())
        .startsWith("DETERMINISTIC: not retried: a type mismatch");
  }

  @Test
  void anIoErrorIsRetriedAndTheStepSucceeds() throws Exception {
    PipelineFixture f = new PipelineFixture(tmp, 1);
    AtomicInteger calls = new AtomicInteger();
    Pipeline p =
        f.builder(
                PipelineFixture::rawBody,
                (in, day) -> {
                  if (calls.incrementAndGet() == 1) {
                    throw new UncheckedIOException(new IOException("Connection reset by peer"));
                  }
                  return PipelineFixture.cleanBody(in, day);
                })
            .retry(THREE)
            .build();
    RunResult r = p.run(strata).partition("2024-01-01").execute();

    assertThat(r.status()).as("%s", r.outcomes(Status.FAILED)).isEqualTo(Status.SUCCEEDED);
    NodeOutcome clean = r.outcome("clean", PartitionKey.of("2024-01-01"));
    assertThat(clean.attempts())
        .extracting(Attempt::status, Attempt::failureClass)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Status.FAILED, FailureClass.TRANSIENT),
            org.assertj.core.groups.Tuple.tuple(Status.SUCCEEDED, null));
    assertThat(clean.attempts().get(0).error())
        .doesNotContain("not retried")
        .contains("Connection reset by peer");
    assertThat(strata.read().table(f.table("clean/events")).count()).isEqualTo(35);

    Attempt logged =
        TableRunLog.forLakehouse(strata, f.lakehouse)
            .runs("events", 1)
            .get(0)
            .outcome("clean", PartitionKey.of("2024-01-01"))
            .attempts()
            .get(0);
    assertThat(logged.failureClass()).isEqualTo(FailureClass.TRANSIENT);
  }

  @Test
  void aConflictWithAConcurrentCommitIsRetriedAndTheStepSucceeds() throws Exception {
    PipelineFixture f = new PipelineFixture(tmp, 1);
    String side = tmp.resolve("side").toString();
    strata
        .createDataset(List.of(dev.strata.format.Row.of(1L)), SIDE)
        .write()
        .mode(SaveMode.APPEND)
        .save(side);
    AtomicInteger calls = new AtomicInteger();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Pipeline p =
        f.builder(
                PipelineFixture::rawBody,
                (in, day) -> {
                  if (calls.incrementAndGet() == 1) {
                    // The step deletes a file of a side table that another writer deleted
                    // meanwhile: the log refuses the second delete with a real conflict.
                    DeltaLog log = DeltaLog.forTable(side);
                    OptimisticTransaction txn = log.startTransaction().recordReadWholeTable();
                    AddFile existing = txn.readSnapshot().allFiles().get(0);
                    OptimisticTransaction other = log.startTransaction().recordReadWholeTable();
                    other.commit(
                        List.of(existing.toRemove(System.currentTimeMillis(), true)),
                        Operation.of("DELETE"));
                    try {
                      txn.commit(
                          List.of(existing.toRemove(System.currentTimeMillis(), true)),
                          Operation.of("DELETE"));
                    } catch (ConcurrentModificationException e) {
                      thrown.set(e);
                      throw e;
                    }
                  }
                  return PipelineFixture.cleanBody(in, day);
                })
            .retry(THREE)
            .build();
    RunResult r = p.run(strata).partition("2024-01-01").execute();

    assertThat(thrown.get()).isInstanceOf(ConcurrentModificationException.class);
    assertThat(r.status()).as("%s", r.outcomes(Status.FAILED)).isEqualTo(Status.SUCCEEDED);
    NodeOutcome clean = r.outcome("clean", PartitionKey.of("2024-01-01"));
    assertThat(clean.attempts()).hasSize(2);
    assertThat(clean.attempts().get(0).failureClass()).isEqualTo(FailureClass.TRANSIENT);
    assertThat(clean.attempts().get(0).error()).contains(thrown.get().getClass().getSimpleName());
  }
}
