package dev.strata.format.s3;

import dev.strata.format.StorageException;
import dev.strata.format.StorageFileNotFoundException;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One {@code createIfAbsent}: {@code PutObject} with {@code If-None-Match: *}, retried here rather
 * than in the SDK so that every attempt's fate is known.
 *
 * <p>412 on the first attempt means another writer won. Once an attempt has failed ambiguously (the
 * request went out, no answer came back, or the server failed with a 5xx), a later 412 may be our
 * own earlier attempt: the object is read back and compared with what we wrote. If the outcome
 * cannot be settled the caller gets {@link StorageException#outcomeUnknown()}.
 */
final class ConditionalPut {
  private static final long BASE_BACKOFF_MS = 50;
  private static final long MAX_BACKOFF_MS = 2000;

  private final S3Storage storage;
  private final S3Client client;
  private final String path;
  private final S3Location location;
  private final byte[] data;

  ConditionalPut(
      S3Storage storage, S3Client client, String path, S3Location location, byte[] data) {
    this.storage = storage;
    this.client = client;
    this.path = path;
    this.location = location;
    this.data = data;
  }

  boolean run() {
    int maxAttempts = storage.config().maxAttempts();
    boolean ambiguous = false;
    SdkException last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) {
        backoff(attempt);
      }
      try {
        client.putObject(
            b -> b.bucket(location.bucket()).key(location.key()).ifNoneMatch("*"),
            RequestBody.fromBytes(data));
        return true;
      } catch (S3Exception e) {
        int status = e.statusCode();
        if (status == 412) {
          return ambiguous ? isOurs() : false;
        }
        last = e;
        if (status == 409 || status == 429 || status == 503) {
          // 409 ConditionalRequestConflict: a racing conditional write is in progress; throttling:
          // both are refusals, nothing was written by this attempt.
          continue;
        }
        if (status >= 500) {
          ambiguous = true;
          continue;
        }
        throw storage.errors().translate("create", path, location, e, false);
      } catch (SdkException e) {
        last = e;
        if (S3Errors.neverSent(e)) {
          continue;
        }
        ambiguous = true;
      }
    }
    if (ambiguous) {
      return resolveAfterFailures(last);
    }
    throw storage.errors().translate("create", path, location, last, false);
  }

  /** After a 412 that may answer our own earlier attempt: is the object what we wrote? */
  private boolean isOurs() {
    try {
      return S3Storage.sameBytes(storage.read(path), data);
    } catch (StorageFileNotFoundException e) {
      // 412 said it exists; gone now means someone deleted it, which the log never does.
      throw new StorageException(
          "S3 create of "
              + path
              + ": the store reported the object exists but it is gone; commit"
              + " state unknown, look before retrying",
          e,
          true);
    } catch (StorageException e) {
      throw new StorageException(
          "S3 create of "
              + path
              + " failed ambiguously and the object cannot be read back to see whose it is: "
              + e.getMessage(),
          e,
          true);
    }
  }

  /** Every attempt failed and at least one may have landed. */
  private boolean resolveAfterFailures(SdkException last) {
    byte[] existing;
    try {
      existing = storage.read(path);
    } catch (StorageFileNotFoundException e) {
      throw storage.errors().translate("create", path, location, last, false);
    } catch (StorageException e) {
      StorageException unknown =
          new StorageException(
              "S3 create of "
                  + path
                  + " failed after "
                  + storage.config().maxAttempts()
                  + " attempts and its outcome is unknown (the object cannot be read back): "
                  + S3Errors.rootMessage(last),
              last,
              true);
      unknown.addSuppressed(e);
      throw unknown;
    }
    return S3Storage.sameBytes(existing, data);
  }

  private static void backoff(int attempt) {
    long cap = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS << Math.min(attempt - 1, 10));
    long sleep = ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
    try {
      Thread.sleep(sleep);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("Interrupted while retrying a conditional S3 write", e, true);
    }
  }
}
