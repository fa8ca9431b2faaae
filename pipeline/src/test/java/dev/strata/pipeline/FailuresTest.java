package dev.strata.pipeline;

import static dev.strata.engine.functions.col;
import static dev.strata.engine.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.strata.engine.ResultTooLargeException;
import dev.strata.engine.Strata;
import dev.strata.format.SchemaMismatchException;
import dev.strata.format.StorageException;
import dev.strata.format.StrataException;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.writer.ConstraintViolationException;
import dev.strata.writer.MultipleSourceRowsMatchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classification of failures by their cause chains. */
class FailuresTest {
  private static Strata strata;
  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    strata = Strata.builder().parallelism(1).build();
  }

  @AfterAll
  static void stop() {
    strata.close();
  }

  private static FailureClass classOf(Throwable t) {
    return Failures.classify(t).failureClass();
  }

  @Test
  void failuresThatRecurAreDeterministicEvenWhenWrapped() {
    assertThat(classOf(new OutOfMemoryError("Java heap space")))
        .isEqualTo(FailureClass.DETERMINISTIC);
    assertThat(classOf(new ResultTooLargeException(10, 5))).isEqualTo(FailureClass.DETERMINISTIC);
    assertThat(classOf(new ConstraintViolationException("CHECK (amount > 0) violated")))
        .isEqualTo(FailureClass.DETERMINISTIC);
    assertThat(
            Failures.classify(
                new PipelineException(
                    "step failed",
                    new MultipleSourceRowsMatchException("two source rows for id 7"))))
        .isEqualTo(
            new Failures.Verdict(
                FailureClass.DETERMINISTIC, "several source rows match one target row"));
    // A schema mismatch that surfaced as an I/O failure is still a schema mismatch.
    assertThat(
            classOf(
                new StorageException(
                    "writing failed", new SchemaMismatchException("column a: INT vs STRING"))))
        .isEqualTo(FailureClass.DETERMINISTIC);
    assertThat(classOf(new IllegalArgumentException("bad"))).isEqualTo(FailureClass.DETERMINISTIC);
  }

  @Test
  void failuresOfTheMomentAreTransient() {
    assertThat(classOf(new UncheckedIOException(new IOException("reset"))))
        .isEqualTo(FailureClass.TRANSIENT);
    assertThat(classOf(new RuntimeException(new TimeoutException("took too long"))))
        .isEqualTo(FailureClass.TRANSIENT);
    assertThat(classOf(new StorageException("read", new SocketTimeoutException("Read timed out"))))
        .isEqualTo(FailureClass.TRANSIENT);
    assertThat(
            Failures.classify(
                    new StorageException(
                        "S3 GET of s3://b/t/x.parquet failed at http://s3: HTTP 503 SlowDown",
                        null))
                .reason())
        .isEqualTo("storage throttling (HTTP 503)");
    assertThat(classOf(new StorageException("S3 PUT of s3://b/x failed at e: HTTP 500", null)))
        .isEqualTo(FailureClass.TRANSIENT);
    // Unknown failures keep being retried: a retry of an idempotent step costs only time.
    assertThat(classOf(new IllegalStateException("flaky"))).isEqualTo(FailureClass.TRANSIENT);
  }

  @Test
  void storageAnswersThatNoRetryChangesAreDeterministic() {
    assertThat(
            Failures.classify(
                    new StorageException(
                        "Access denied to S3 bucket 'b' at e (GET s3://b/x): check keys", null))
                .failureClass())
        .isEqualTo(FailureClass.DETERMINISTIC);
    assertThat(classOf(new StorageException("S3 GET of s3://b/x failed at e: HTTP 400", null)))
        .isEqualTo(FailureClass.DETERMINISTIC);
    assertThat(classOf(new StorageException("S3 GET of s3://b/x failed at e: HTTP 429", null)))
        .isEqualTo(FailureClass.TRANSIENT);
  }

  @Test
  void realEngineFailuresAreClassified() {
    StructType schema =
        new StructType(
            List.of(
                new StructField("id", PrimitiveType.LONG, true, Map.of()),
                new StructField("kind", PrimitiveType.STRING, true, Map.of())));
    Throwable mismatch =
        catchThrowable(
            () ->
                strata
                    .createDataset(List.of(dev.strata.format.Row.of(1L, "a")), schema)
                    .where(col("kind").gt(lit(5)))
                    .collect());
    assertThat(mismatch).isNotNull();
    assertThat(Failures.classify(mismatch))
        .isEqualTo(new Failures.Verdict(FailureClass.DETERMINISTIC, "a type mismatch"));

    Throwable unknownColumn =
        catchThrowable(
            () ->
                strata
                    .createDataset(List.of(dev.strata.format.Row.of(1L, "a")), schema)
                    .select(col("nope"))
                    .collect());
    assertThat(unknownColumn).isExactlyInstanceOf(StrataException.class);
    assertThat(Failures.classify(unknownColumn).reason()).isEqualTo("an analysis error");

    Throwable missing =
        catchThrowable(() -> strata.read().table(tmp.resolve("nope").toString()).count());
    assertThat(missing).isNotNull();
    assertThat(Failures.classify(missing))
        .as("%s", missing)
        .isEqualTo(new Failures.Verdict(FailureClass.DETERMINISTIC, "a missing input table"));
  }

  @Test
  void sparkSubmitFailuresAreReadFromTheApplicationsError() {
    assertThat(
            classOf(
                new PipelineException(
                    "spark-submit of step 'silver' for partition 2024-01-01 exited with code 1."
                        + " Last lines of its standard error:\n"
                        + "org.apache.spark.sql.AnalysisException: [UNRESOLVED_COLUMN] x")))
        .isEqualTo(FailureClass.DETERMINISTIC);
    assertThat(
            classOf(
                new PipelineException(
                    "spark-submit of step 'silver' for partition 2024-01-01 exited with code 1."
                        + " Last lines of its standard error:\nConnection refused")))
        .isEqualTo(FailureClass.TRANSIENT);
  }
}
