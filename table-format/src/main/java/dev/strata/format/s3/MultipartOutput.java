package dev.strata.format.s3;

import dev.strata.format.AtomicOutput;
import dev.strata.format.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * A streaming S3 upload that becomes visible only on {@link #close()}. Up to one part size is
 * buffered; a file that fits goes up as one {@code PutObject} on close. A larger one becomes a
 * multipart upload whose parts are sent in parallel (at most {@code uploadParallelism} in flight,
 * so memory stays bounded) and completed on close. Any failure, and {@link #abort()}, aborts the
 * upload on the server: no object appears and no incomplete upload is left to bill for.
 */
final class MultipartOutput extends AtomicOutput {
  private final S3Storage storage;
  private final String path;
  private final S3Location location;
  private final int partSize;
  private final Semaphore inFlight;
  private final List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();
  private final AtomicReference<Throwable> partFailure = new AtomicReference<>();

  private byte[] buffer;
  private int count;
  private long position;
  private String uploadId;
  private boolean done;

  MultipartOutput(S3Storage storage, String path, S3Location location) {
    this.storage = storage;
    this.path = path;
    this.location = location;
    this.partSize = (int) storage.config().partSize();
    this.inFlight = new Semaphore(storage.config().uploadParallelism());
    // Start small: most files written through here (small tables, tests) are far below a part.
    this.buffer = new byte[Math.min(partSize, 64 << 10)];
  }

  @Override
  public void write(int b) throws IOException {
    ensureSpace();
    buffer[count++] = (byte) b;
    position++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      ensureSpace();
      int n = Math.min(len, buffer.length - count);
      System.arraycopy(b, off, buffer, count, n);
      count += n;
      off += n;
      len -= n;
      position += n;
    }
  }

  /** Makes room for at least one byte: grows the buffer up to a part, then ships full parts. */
  private void ensureSpace() {
    checkOpen();
    if (count < buffer.length) {
      return;
    }
    if (buffer.length < partSize) {
      byte[] bigger = new byte[(int) Math.min(partSize, (long) buffer.length * 4)];
      System.arraycopy(buffer, 0, bigger, 0, count);
      buffer = bigger;
      return;
    }
    shipPart();
    buffer = new byte[partSize];
    count = 0;
  }

  private void checkOpen() {
    if (done) {
      throw new StorageException("Output for " + path + " is already closed or aborted", null);
    }
    Throwable failure = partFailure.get();
    if (failure != null) {
      abort();
      throw failed(failure);
    }
  }

  private void shipPart() {
    try {
      if (uploadId == null) {
        uploadId =
            storage
                .client()
                .createMultipartUpload(b -> b.bucket(location.bucket()).key(location.key()))
                .uploadId();
      }
      inFlight.acquire();
    } catch (SdkException e) {
      done = true;
      throw storage.errors().translate("create", path, location, e, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort();
      throw new StorageException("Interrupted while uploading " + path, e);
    }
    int partNumber = parts.size() + 1;
    byte[] data = buffer;
    int length = count;
    String id = uploadId;
    CompletableFuture<CompletedPart> part =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                String etag =
                    storage
                        .client()
                        .uploadPart(
                            b ->
                                b.bucket(location.bucket())
                                    .key(location.key())
                                    .uploadId(id)
                                    .partNumber(partNumber)
                                    .contentLength((long) length),
                            RequestBody.fromContentProvider(
                                () -> new ByteArrayInputStream(data, 0, length),
                                length,
                                "application/octet-stream"))
                        .eTag();
                return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
              } catch (RuntimeException | Error e) {
                partFailure.compareAndSet(null, e);
                throw e;
              } finally {
                inFlight.release();
              }
            },
            storage.uploads());
    parts.add(part);
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public void close() {
    if (done) {
      return;
    }
    Throwable failure = partFailure.get();
    if (failure != null) {
      abort();
      throw failed(failure);
    }
    if (uploadId == null) {
      done = true;
      byte[] data = buffer;
      int length = count;
      buffer = null;
      try {
        storage
            .client()
            .putObject(
                b -> b.bucket(location.bucket()).key(location.key()),
                RequestBody.fromContentProvider(
                    () -> new ByteArrayInputStream(data, 0, length),
                    length,
                    "application/octet-stream"));
      } catch (SdkException e) {
        throw storage.errors().translate("create", path, location, e, true);
      }
      return;
    }
    if (count > 0) {
      shipPart();
    }
    buffer = null;
    List<CompletedPart> completed = new ArrayList<>(parts.size());
    try {
      for (CompletableFuture<CompletedPart> part : parts) {
        completed.add(part.get());
      }
    } catch (ExecutionException e) {
      abort();
      throw failed(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort();
      throw new StorageException("Interrupted while uploading " + path, e);
    }
    done = true;
    try {
      storage
          .client()
          .completeMultipartUpload(
              b ->
                  b.bucket(location.bucket())
                      .key(location.key())
                      .uploadId(uploadId)
                      .multipartUpload(m -> m.parts(completed)));
    } catch (SdkException e) {
      if (S3Errors.status(e) == 404 && landed(completed)) {
        // A retried complete finds the upload gone because the first attempt, whose answer was
        // lost, already completed it.
        return;
      }
      StorageException error = storage.errors().translate("create", path, location, e, true);
      if (!error.outcomeUnknown()) {
        abortUpload();
      }
      throw error;
    }
  }

  /** Whether the object under our name is the one these parts make (by its multipart ETag). */
  private boolean landed(List<CompletedPart> completed) {
    try {
      String etag =
          storage.client().headObject(b -> b.bucket(location.bucket()).key(location.key())).eTag();
      return multipartEtag(completed).equals(unquote(etag));
    } catch (SdkException | IllegalArgumentException e) {
      return false;
    }
  }

  /** S3's ETag of a completed multipart upload: MD5 of the parts' binary MD5s, dash, count. */
  static String multipartEtag(List<CompletedPart> parts) {
    MessageDigest md5;
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (CompletedPart part : parts) {
      md5.update(HexFormat.of().parseHex(unquote(part.eTag())));
    }
    return HexFormat.of().formatHex(md5.digest()) + "-" + parts.size();
  }

  private static String unquote(String etag) {
    return etag == null ? "" : etag.replace("\"", "");
  }

  private StorageException failed(Throwable cause) {
    if (cause instanceof SdkException sdk) {
      return storage.errors().translate("create (multipart upload)", path, location, sdk, false);
    }
    if (cause instanceof StorageException storageException) {
      return storageException;
    }
    return new StorageException("Upload of " + path + " failed: " + cause, cause);
  }

  @Override
  public void abort() {
    if (done) {
      return;
    }
    done = true;
    buffer = null;
    // Wait for parts still in flight: a part that lands after the abort would re-create state the
    // abort just removed.
    for (CompletableFuture<CompletedPart> part : parts) {
      try {
        part.join();
      } catch (RuntimeException ignored) {
        // its failure is why we abort, or irrelevant now
      }
    }
    abortUpload();
  }

  private void abortUpload() {
    if (uploadId == null) {
      return;
    }
    try {
      storage
          .client()
          .abortMultipartUpload(
              b -> b.bucket(location.bucket()).key(location.key()).uploadId(uploadId));
    } catch (SdkException e) {
      S3Storage.log()
          .warn(
              "Could not abort multipart upload {} of {}; an S3 lifecycle rule for incomplete"
                  + " uploads will remove it: {}",
              uploadId,
              path,
              S3Errors.rootMessage(e));
    }
  }
}
