package dev.strata.format.s3;

import dev.strata.format.StorageException;
import dev.strata.format.StorageFileNotFoundException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns SDK failures into {@link StorageException}s whose messages say where and what to do. */
final class S3Errors {
  private final S3StorageConfig config;

  S3Errors(S3StorageConfig config) {
    this.config = config;
  }

  /** HTTP status of a service error, or -1 for client-side failures. */
  static int status(Throwable e) {
    return e instanceof S3Exception s3 ? s3.statusCode() : -1;
  }

  static String errorCode(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  /**
   * Whether the request never reached the server (connection refused, unknown host, connect
   * timeout), so it cannot have taken effect.
   */
  static boolean neverSent(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || (t instanceof InterruptedIOException
              && t.getClass().getSimpleName().contains("ConnectTimeout"))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static boolean missingCredentials(SdkClientException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("Unable to load credentials")
        || message.contains("credentials") && message.contains("provider");
  }

  /**
   * The exception for a failed operation.
   *
   * @param mayHaveTakenEffect whether the operation writes, so that a failure after sending leaves
   *     its outcome unknown
   */
  StorageException translate(
      String operation,
      String path,
      S3Location location,
      SdkException e,
      boolean mayHaveTakenEffect) {
    String bucket = location.bucket();
    String endpoint = config.endpointDescription();
    if (e instanceof NoSuchKeyException) {
      return new StorageFileNotFoundException(path);
    }
    if (e instanceof NoSuchBucketException
        || (e instanceof S3Exception s3 && "NoSuchBucket".equals(errorCode(s3)))) {
      return new StorageException(
          "S3 bucket '"
              + bucket
              + "' does not exist at "
              + endpoint
              + " ("
              + operation
              + " "
              + path
              + "): create the bucket or fix the location",
          e);
    }
    if (e instanceof S3Exception s3) {
      int status = s3.statusCode();
      String code = errorCode(s3);
      if (status == 403 || status == 401) {
        return new StorageException(
            "Access denied to S3 bucket '"
                + bucket
                + "' at "
                + endpoint
                + " ("
                + operation
                + " "
                + path
                + (code == null ? "" : ", " + code)
                + "): check "
                + S3StorageConfig.ACCESS_KEY
                + "/"
                + S3StorageConfig.SECRET_KEY
                + " or the AWS credentials chain, and the bucket policy",
            e);
      }
      boolean serverError = status >= 500 && status != 503;
      return new StorageException(
          "S3 "
              + operation
              + " of "
              + path
              + " failed at "
              + endpoint
              + ": HTTP "
              + status
              + (code == null ? "" : " " + code)
              + (s3.awsErrorDetails() == null || s3.awsErrorDetails().errorMessage() == null
                  ? ""
                  : " (" + s3.awsErrorDetails().errorMessage() + ")")
              + (status >= 500 ? " after " + config.maxAttempts() + " attempts" : ""),
          e,
          mayHaveTakenEffect && serverError);
    }
    if (e instanceof SdkClientException client && missingCredentials(client)) {
      return new StorageException(
          "No AWS credentials for S3 bucket '"
              + bucket
              + "' at "
              + endpoint
              + ": set "
              + S3StorageConfig.ACCESS_KEY
              + " and "
              + S3StorageConfig.SECRET_KEY
              + " (or STRATA_S3_ACCESS_KEY/STRATA_S3_SECRET_KEY), or configure the default AWS"
              + " credentials chain",
          e);
    }
    if (neverSent(e)) {
      return new StorageException(
          "Cannot reach S3 endpoint "
              + endpoint
              + " for bucket '"
              + bucket
              + "' ("
              + operation
              + " "
              + path
              + ") after "
              + config.maxAttempts()
              + " attempts: "
              + rootMessage(e)
              + "; check "
              + S3StorageConfig.ENDPOINT
              + " and the network",
          e);
    }
    return new StorageException(
        "S3 "
            + operation
            + " of "
            + path
            + " at "
            + endpoint
            + " (bucket '"
            + bucket
            + "') failed: "
            + rootMessage(e),
        e,
        mayHaveTakenEffect);
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
