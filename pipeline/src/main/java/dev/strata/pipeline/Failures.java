package dev.strata.pipeline;

import dev.strata.engine.InvalidPredicateException;
import dev.strata.engine.ResultTooLargeException;
import dev.strata.format.CorruptFileException;
import dev.strata.format.SchemaMismatchException;
import dev.strata.format.StorageException;
import dev.strata.format.StorageFileNotFoundException;
import dev.strata.format.StrataException;
import dev.strata.log.CommitStateUnknownException;
import dev.strata.log.ConcurrentModificationException;
import dev.strata.log.ProtocolNotSupportedException;
import dev.strata.log.TableNotFoundException;
import dev.strata.writer.ConstraintViolationException;
import dev.strata.writer.MultipleSourceRowsMatchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that decides whether a failed attempt is worth another: every failure of a step
 * goes through {@link #classify(Throwable)} before the scheduler retries it.
 *
 * <p>The whole cause chain is looked at, in three passes: a cause that can never succeed again (an
 * OutOfMemoryError, a schema mismatch...) wins over one that may (an I/O error it led to); then any
 * transient cause; then causes that are usually a mistake in the step (an analysis error, an
 * illegal argument). What none of them recognises is retried, as before this classification
 * existed, because an unknown failure of an idempotent step costs only time when retried.
 */
public final class Failures {
  /** The HTTP status in the messages of failed S3 requests ({@code ... failed at X: HTTP 503}). */
  private static final Pattern HTTP_STATUS = Pattern.compile("\\bHTTP (\\d{3})\\b");

  private static final int MAX_DEPTH = 16;

  private Failures() {}

  /**
   * A classification.
   *
   * @param failureClass transient or deterministic
   * @param reason why, in a few words ({@code "a type mismatch"}), for {@code "not retried: ..."}
   */
  public record Verdict(FailureClass failureClass, String reason) {
    /** Validates. */
    public Verdict {
      Objects.requireNonNull(failureClass, "failureClass");
      Objects.requireNonNull(reason, "reason");
    }

    /** Whether another attempt may succeed. */
    public boolean retryable() {
      return failureClass == FailureClass.TRANSIENT;
    }
  }

  /** Classifies a failure by its cause chain. */
  public static Verdict classify(Throwable error) {
    List<Throwable> chain = chain(error);
    for (Throwable e : chain) {
      String why = permanent(e);
      if (why != null) {
        return deterministic(why);
      }
    }
    for (Throwable e : chain) {
      String why = transientCause(e);
      if (why != null) {
        return new Verdict(FailureClass.TRANSIENT, why);
      }
    }
    for (Throwable e : chain) {
      String why = mistake(e);
      if (why != null) {
        return deterministic(why);
      }
    }
    return new Verdict(FailureClass.TRANSIENT, "an unclassified failure");
  }

  private static Verdict deterministic(String why) {
    return new Verdict(FailureClass.DETERMINISTIC, why);
  }

  /** Failures that recur with the same input whatever happens around them. */
  private static String permanent(Throwable e) {
    if (e instanceof OutOfMemoryError) {
      return "an OutOfMemoryError (another attempt on the same heap fails the same way;"
          + " give the JVM more memory or lower the step's parallelism)";
    }
    if (e instanceof ResultTooLargeException) {
      return "a result over the size limit";
    }
    if (e instanceof InvalidPredicateException) {
      return "an invalid predicate";
    }
    if (e instanceof SchemaMismatchException) {
      return "a schema mismatch";
    }
    if (e instanceof ConstraintViolationException) {
      return "a constraint violation";
    }
    if (e instanceof MultipleSourceRowsMatchException) {
      return "several source rows match one target row";
    }
    if (e instanceof TableNotFoundException) {
      return "a missing input table";
    }
    if (e instanceof StorageFileNotFoundException) {
      return "a missing input file";
    }
    if (e instanceof CorruptFileException) {
      return "a corrupt file";
    }
    if (e instanceof ProtocolNotSupportedException) {
      return "an unsupported table protocol";
    }
    if (e instanceof StorageException && !(e instanceof StorageFileNotFoundException)) {
      return permanentStorage(e.getMessage());
    }
    if (e instanceof PipelineException) {
      return externalApplication(String.valueOf(e.getMessage()));
    }
    return null;
  }

  /**
   * What a spark-submit step's standard error says: Spark's and Delta's deterministic failures by
   * their class names and error classes.
   */
  private static String externalApplication(String message) {
    if (!message.startsWith("spark-submit of step")) {
      return null;
    }
    if (message.contains("java.lang.OutOfMemoryError")) {
      return "an OutOfMemoryError in the application";
    }
    if (message.contains("DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE")) {
      return "several source rows match one target row";
    }
    if (message.contains("org.apache.spark.sql.AnalysisException")
        || message.contains("DATATYPE_MISMATCH")
        || message.contains("UNRESOLVED_COLUMN")) {
      return "an analysis error in the application";
    }
    if (message.contains("DELTA_SCHEMA_CHANGED")
        || message.contains("DELTA_FAILED_TO_MERGE_FIELDS")) {
      return "a schema mismatch in the application";
    }
    return null;
  }

  /** S3 answers that no retry changes: access denied, a missing bucket, no credentials, 4xx. */
  private static String permanentStorage(String message) {
    if (message == null) {
      return null;
    }
    if (message.startsWith("Access denied")) {
      return "access denied by the storage";
    }
    if (message.startsWith("No AWS credentials")) {
      return "no storage credentials";
    }
    if (message.startsWith("S3 bucket '") && message.contains("' does not exist")) {
      return "a missing S3 bucket";
    }
    Matcher m = HTTP_STATUS.matcher(message);
    if (m.find()) {
      int status = Integer.parseInt(m.group(1));
      if (status >= 400 && status < 500 && status != 408 && status != 429) {
        return "the storage refused the request (HTTP " + status + ")";
      }
    }
    return null;
  }

  private static String transientCause(Throwable e) {
    if (e instanceof ConcurrentModificationException) {
      return "a conflict with a concurrent commit";
    }
    if (e instanceof CommitStateUnknownException) {
      return "a commit whose outcome is unknown";
    }
    if (e instanceof StorageException) {
      Matcher m = HTTP_STATUS.matcher(String.valueOf(e.getMessage()));
      if (m.find()) {
        int status = Integer.parseInt(m.group(1));
        return status == 503 || status == 429
            ? "storage throttling (HTTP " + status + ")"
            : "a storage server error (HTTP " + status + ")";
      }
      return "a storage I/O error";
    }
    if (e instanceof TimeoutException || e instanceof java.net.SocketTimeoutException) {
      return "a timeout";
    }
    if (e instanceof IOException || e instanceof UncheckedIOException) {
      return "an I/O error";
    }
    return null;
  }

  /**
   * Failures of the step's own logic. The engine reports analysis errors (an unknown column, a type
   * mismatch, an ambiguous reference) as a plain {@link StrataException}; its subclasses that mean
   * something else are matched above or are the pipeline's own.
   */
  private static String mistake(Throwable e) {
    if (e.getClass() == StrataException.class) {
      String m = String.valueOf(e.getMessage());
      if (m.startsWith("Type mismatch")) {
        return "a type mismatch";
      }
      return "an analysis error";
    }
    if (e instanceof ArithmeticException
        || e instanceof ClassCastException
        || e instanceof IllegalArgumentException
        || e instanceof NullPointerException
        || e instanceof UnsupportedOperationException) {
      return "an error in the step's code (" + e.getClass().getSimpleName() + ")";
    }
    return null;
  }

  /** The error and its causes, without cycles. */
  private static List<Throwable> chain(Throwable error) {
    List<Throwable> out = new ArrayList<>();
    for (Throwable e = error; e != null && out.size() < MAX_DEPTH && !out.contains(e); ) {
      out.add(e);
      e = e.getCause();
    }
    return out;
  }
}
