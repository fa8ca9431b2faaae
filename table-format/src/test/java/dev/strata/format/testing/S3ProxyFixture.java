package dev.strata.format.testing;

import dev.strata.format.s3.S3Storage;
import dev.strata.format.s3.S3StorageConfig;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A real S3 server for tests: S3Proxy in this JVM on 127.0.0.1 and a free port, with the filesystem
 * blob store in a temp directory. It enforces {@code If-None-Match: *} atomically, so commit races
 * run for real.
 *
 * <p>Use the JVM-wide server (starting one costs seconds the first time, so share it):
 *
 * <pre>{@code
 * @RegisterExtension static final S3ProxyFixture S3 = S3ProxyFixture.shared();
 * ... String table = "s3://" + S3.createBucket() + "/t";
 *     Storage storage = Storages.forPath(table, S3.properties());
 * }</pre>
 *
 * Modules that use it depend on {@code org.gaul:s3proxy} with test scope (the test-jar carries no
 * dependencies). {@link #startPrivate()} gives a server of one's own for fault injection ({@link
 * #failPartUploads}, {@link #failPutsAfterWriting}) or to stop.
 */
public final class S3ProxyFixture implements BeforeAllCallback, AutoCloseable {
  public static final String ACCESS_KEY = "strata-test-access";
  public static final String SECRET_KEY = "strata-test-secret";

  private static S3ProxyFixture shared;

  private final Path directory;
  private final FaultInjectingBlobStore blobStore;
  private final S3Proxy proxy;
  private final URI endpoint;
  private final AtomicInteger buckets = new AtomicInteger();

  private S3ProxyFixture(Path directory) throws Exception {
    this.directory = directory;
    this.blobStore = new FaultInjectingBlobStore(new FilesystemNio2BlobStore(directory.toString()));
    this.proxy =
        S3Proxy.builder()
            .blobStore(blobStore)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .ignoreUnknownHeaders(true)
            .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      if ("FAILED".equals(proxy.getState())) {
        throw new IllegalStateException("S3Proxy failed to start");
      }
      Thread.sleep(10);
    }
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** The server shared by every test in this JVM, started on first use, stopped at exit. */
  public static synchronized S3ProxyFixture shared() {
    if (shared == null) {
      shared = startPrivate();
      S3ProxyFixture server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "s3proxy-stop"));
    }
    return shared;
  }

  /** A server of one's own; close it when done. */
  public static S3ProxyFixture startPrivate() {
    try {
      String tmp = System.getProperty("java.io.tmpdir");
      Files.createDirectories(Path.of(tmp));
      return new S3ProxyFixture(Files.createTempDirectory(Path.of(tmp), "s3proxy-"));
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start S3Proxy: " + e, e);
    }
  }

  /**
   * A new server (new port) on the blob directory of a stopped one: what it stored is still there.
   */
  public static S3ProxyFixture restart(S3ProxyFixture stopped) {
    try {
      return new S3ProxyFixture(stopped.directory);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot restart S3Proxy: " + e, e);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    // Started in the factory; registering as an extension documents the dependency.
  }

  /** The server's URI, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return endpoint;
  }

  /** The port the server listens on. */
  public int port() {
    return proxy.getPort();
  }

  /** Creates a new empty bucket with a unique name and returns the name. */
  public String createBucket() {
    String name =
        "strata-"
            + buckets.incrementAndGet()
            + "-"
            + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    blobStore.createContainer(CreateBucketRequest.builder().bucket(name).build());
    return name;
  }

  /** {@code strata.s3.*} properties that point a storage at this server. */
  public Map<String, String> properties() {
    return Map.of(
        S3StorageConfig.ENDPOINT,
        endpoint.toString(),
        S3StorageConfig.REGION,
        "us-east-1",
        S3StorageConfig.PATH_STYLE_ACCESS,
        "true",
        S3StorageConfig.ACCESS_KEY,
        ACCESS_KEY,
        S3StorageConfig.SECRET_KEY,
        SECRET_KEY);
  }

  /**
   * Points code that opens storage without properties ({@code Storages.forPath(uri)}, as the
   * engine, the writer and pipelines do) at this server by setting the {@code strata.s3.*} system
   * properties; {@link #clearSystemProperties()} undoes it.
   */
  public S3ProxyFixture setSystemProperties() {
    properties().forEach(System::setProperty);
    return this;
  }

  /** Removes the system properties {@link #setSystemProperties()} set. */
  public void clearSystemProperties() {
    properties().keySet().forEach(System::clearProperty);
  }

  /** A configuration builder for this server, to adjust part size or retries. */
  public S3StorageConfig.Builder configBuilder() {
    return S3StorageConfig.builder()
        .endpoint(endpoint)
        .region("us-east-1")
        .pathStyleAccess()
        .credentials(ACCESS_KEY, SECRET_KEY);
  }

  /** Multipart uploads started and neither completed nor aborted in {@code bucket}. */
  public List<String> incompleteUploads(String bucket) {
    return blobStore.listMultipartUploads(bucket).stream()
        .map(u -> u.key() + " " + u.uploadId())
        .toList();
  }

  /**
   * Makes the server answer 500 to part uploads whose part number matches, until {@link
   * #healFaults()}.
   */
  public void failPartUploads(IntPredicate partNumbers) {
    blobStore.failParts = partNumbers;
  }

  /**
   * Makes the server store the next {@code times} matching PUTs and then answer 500, as when a
   * response is lost after the write took effect.
   */
  public void failPutsAfterWriting(Predicate<String> keys, int times) {
    blobStore.failPutKeys = keys;
    blobStore.putFailuresLeft.set(times);
  }

  /**
   * Makes the server complete the next {@code times} multipart uploads and then answer 500, as when
   * the answer to a successful complete is lost.
   */
  public void failCompletesAfterCompleting(int times) {
    blobStore.completeFailuresLeft.set(times);
  }

  /**
   * Makes the server refuse the next {@code times} matching PUTs with {@code status} (503: a
   * throttling storm) before storing anything.
   */
  public void failPutsBeforeWriting(Predicate<String> keys, int times, int status) {
    blobStore.refusePutKeys = keys;
    blobStore.refuseStatus = status;
    blobStore.putRefusalsLeft.set(times);
  }

  /**
   * Makes the server ignore {@code If-None-Match} on PUTs into {@code bucket}, as S3-compatible
   * stores without conditional writes do: a conditional PUT then overwrites silently.
   */
  public void ignoreConditionalWrites(String bucket) {
    blobStore.unconditionalBuckets.add(bucket);
  }

  /** Removes injected faults. */
  public void healFaults() {
    blobStore.failParts = n -> false;
    blobStore.putFailuresLeft.set(0);
    blobStore.completeFailuresLeft.set(0);
    blobStore.putRefusalsLeft.set(0);
    blobStore.unconditionalBuckets.clear();
  }

  /** Stops the server (a later request gets "connection refused"). */
  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stop S3Proxy", e);
    }
  }

  /** Where the blob store keeps its files. */
  public Path directory() {
    return directory;
  }

  /** Creates a storage on this server with its own client; close it after use. */
  public S3Storage newStorage() {
    return S3Storage.create(configBuilder().build());
  }

  private static final class FaultInjectingBlobStore extends ForwardingBlobStore {
    volatile IntPredicate failParts = n -> false;
    volatile Predicate<String> failPutKeys = k -> false;
    final AtomicInteger putFailuresLeft = new AtomicInteger();
    final AtomicInteger completeFailuresLeft = new AtomicInteger();
    volatile Predicate<String> refusePutKeys = k -> false;
    volatile int refuseStatus = 503;
    final AtomicInteger putRefusalsLeft = new AtomicInteger();
    final java.util.Set<String> unconditionalBuckets =
        java.util.concurrent.ConcurrentHashMap.newKeySet();

    FaultInjectingBlobStore(BlobStore delegate) {
      super(delegate);
    }

    @Override
    public UploadPartResponse uploadMultipartPart(
        MultipartUpload upload, UploadPartRequest request, InputStream input) {
      if (failParts.test(request.partNumber())) {
        drain(input);
        throw S3Exceptions.fromStatusCode(500);
      }
      return super.uploadMultipartPart(upload, request, input);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
      if (refusePutKeys.test(request.key()) && putRefusalsLeft.getAndDecrement() > 0) {
        drain(input);
        throw S3Exceptions.fromStatusCode(refuseStatus);
      }
      if (request.ifNoneMatch() != null && unconditionalBuckets.contains(request.bucket())) {
        request = request.toBuilder().ifNoneMatch(null).build();
      }
      PutObjectResponse response = super.putBlob(request, input);
      if (failPutKeys.test(request.key()) && putFailuresLeft.getAndDecrement() > 0) {
        throw S3Exceptions.fromStatusCode(500);
      }
      return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(
        MultipartUpload upload, CompleteMultipartUploadRequest request) {
      CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
      if (completeFailuresLeft.getAndDecrement() > 0) {
        throw S3Exceptions.fromStatusCode(500);
      }
      return response;
    }

    private static void drain(InputStream input) {
      try {
        input.transferTo(java.io.OutputStream.nullOutputStream());
      } catch (java.io.IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
