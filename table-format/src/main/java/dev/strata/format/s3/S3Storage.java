package dev.strata.format.s3;

import dev.strata.format.AtomicOutput;
import dev.strata.format.FileStatus;
import dev.strata.format.RandomAccessInput;
import dev.strata.format.Storage;
import dev.strata.format.StorageException;
import dev.strata.format.StorageFileNotFoundException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link Storage} on Amazon S3 and S3-compatible servers through the AWS SDK v2 sync client.
 *
 * <p>{@link #createIfAbsent} is a {@code PutObject} with {@code If-None-Match: *}: the store
 * answers 412 to every writer but the first, so log commits need no lock table and no rename. Large
 * files stream through {@link #create} as multipart uploads with parts sent in parallel; an aborted
 * or failed upload is aborted on the server, so it leaves no object and no incomplete upload.
 * Listings use {@code ListObjectsV2} with {@code start-after}; deletes go in batches of 1,000 keys.
 *
 * <p>Obtain one through {@link dev.strata.format.Storages#forPath} with {@code strata.s3.*}
 * properties, or {@link #create(S3StorageConfig)}.
 */
public final class S3Storage implements Storage {
  private static final Logger LOG = LoggerFactory.getLogger(S3Storage.class);
  private static final Map<S3StorageConfig, S3Storage> SHARED = new ConcurrentHashMap<>();

  /** Keys per {@code DeleteObjects} request, the S3 maximum. */
  static final int DELETE_BATCH = 1000;

  private final S3StorageConfig config;
  private final SdkHttpClient http;
  private final S3Client client;
  private final S3Client commitClient;
  private final ExecutorService uploads;
  private final S3Errors errors;
  private final boolean owned;
  private final Set<String> knownBuckets = ConcurrentHashMap.newKeySet();

  /**
   * Buckets (by endpoint) whose store was seen to refuse a second conditional create. Shared by the
   * JVM's storages: a pipeline opens a storage per table and operation, and the probe (two PUTs and
   * a DELETE) need not run again for a bucket already proven.
   */
  private static final Set<String> CONDITIONAL_BUCKETS = ConcurrentHashMap.newKeySet();

  private S3Storage(S3StorageConfig config, boolean owned) {
    this.config = config;
    this.owned = owned;
    this.errors = new S3Errors(config);
    this.http =
        Apache5HttpClient.builder()
            .connectionTimeout(config.connectTimeout())
            .socketTimeout(config.socketTimeout())
            .maxConnections(Math.max(50, config.uploadParallelism() * 8))
            .build();
    // Ordinary requests retry throttling, 5xx and I/O errors with backoff, a bounded number of
    // times. The commit client does not retry inside the SDK: createIfAbsent must see every attempt
    // to tell "another writer won" (412) from "our earlier attempt landed" (412 after a retry).
    this.client =
        buildClient(
            AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(config.maxAttempts())
                .build());
    this.commitClient = buildClient(AwsRetryStrategy.doNotRetry());
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, "strata-s3-upload-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.uploads = Executors.newCachedThreadPool(factory);
  }

  private S3Client buildClient(RetryStrategy retry) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClient(http)
            .region(region(config))
            .credentialsProvider(credentials(config))
            .forcePathStyle(config.pathStyleAccess())
            // S3-compatible servers reject or mis-handle the newer default checksums.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .overrideConfiguration(o -> o.retryStrategy(retry));
    if (config.endpoint() != null) {
      builder.endpointOverride(config.endpoint());
    } else if (config.region() == null) {
      builder.crossRegionAccessEnabled(true);
    }
    return builder.build();
  }

  private static Region region(S3StorageConfig config) {
    if (config.region() != null) {
      return Region.of(config.region());
    }
    if (config.endpoint() != null) {
      return Region.US_EAST_1;
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkException e) {
      return Region.US_EAST_1;
    }
  }

  private static AwsCredentialsProvider credentials(S3StorageConfig config) {
    if (config.accessKey() != null) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /** A storage with its own client; {@link #close()} releases it. */
  public static S3Storage create(S3StorageConfig config) {
    return new S3Storage(config, true);
  }

  /**
   * The storage for {@code config} shared by every caller in this JVM (one connection pool per
   * configuration); its {@link #close()} does nothing.
   */
  public static S3Storage shared(S3StorageConfig config) {
    return SHARED.computeIfAbsent(config, c -> new S3Storage(c, false));
  }

  /** The configuration this storage was built with. */
  public S3StorageConfig config() {
    return config;
  }

  @Override
  public String scheme() {
    return "s3";
  }

  S3Client client() {
    return client;
  }

  ExecutorService uploads() {
    return uploads;
  }

  S3Errors errors() {
    return errors;
  }

  private <T> T call(
      String operation, String path, S3Location location, boolean writes, Supplier<T> request) {
    try {
      return request.get();
    } catch (SdkException e) {
      throw errors.translate(operation, path, location, e, writes);
    }
  }

  @Override
  public byte[] read(String path) {
    S3Location l = S3Location.parse(path);
    return call(
        "read",
        path,
        l,
        false,
        () -> client.getObjectAsBytes(b -> b.bucket(l.bucket()).key(l.key())).asByteArrayUnsafe());
  }

  @Override
  public InputStream open(String path) {
    S3Location l = S3Location.parse(path);
    ResponseInputStream<GetObjectResponse> in =
        call(
            "open", path, l, false, () -> client.getObject(b -> b.bucket(l.bucket()).key(l.key())));
    return in;
  }

  @Override
  public RandomAccessInput openRandomAccess(String path) {
    S3Location l = S3Location.parse(path);
    long length = status(path).orElseThrow(() -> new StorageFileNotFoundException(path)).size();
    return new RangedInput(this, path, l, length);
  }

  @Override
  public void write(String path, byte[] data) {
    S3Location l = S3Location.parse(path);
    call(
        "write",
        path,
        l,
        true,
        () ->
            client.putObject(b -> b.bucket(l.bucket()).key(l.key()), RequestBody.fromBytes(data)));
  }

  @Override
  public AtomicOutput create(String path) {
    return new MultipartOutput(this, path, S3Location.parse(path));
  }

  @Override
  public boolean createIfAbsent(String path, byte[] data) {
    S3Location location = S3Location.parse(path);
    requireConditionalWrites(path, location);
    return new ConditionalPut(this, commitClient, path, location, data).run();
  }

  /**
   * Put-if-absent holds only where the store honours {@code If-None-Match: *}. Some S3-compatible
   * stores accept the header and ignore it; a commit there would silently replace another writer's
   * version. So before the first create in a bucket, a unique probe object is created conditionally
   * twice: the second attempt must be refused.
   */
  private void requireConditionalWrites(String path, S3Location location) {
    String bucketKey = config.endpointDescription() + "|" + location.bucket();
    if (CONDITIONAL_BUCKETS.contains(bucketKey)) {
      return;
    }
    String probe =
        dev.strata.format.StoragePaths.join(
            dev.strata.format.StoragePaths.parent(path),
            ".strata-conditional-write-probe-" + java.util.UUID.randomUUID());
    S3Location probeLocation = S3Location.parse(probe);
    try {
      boolean replaced;
      try {
        new ConditionalPut(this, commitClient, probe, probeLocation, new byte[] {1}).run();
        replaced =
            new ConditionalPut(this, commitClient, probe, probeLocation, new byte[] {2}).run();
      } catch (StorageException e) {
        // The commit itself was not sent: whatever the probe's fate, the outcome is known.
        throw new StorageException(
            "Cannot create " + path + ": checking conditional writes failed: " + e.getMessage(),
            e,
            false);
      }
      if (replaced) {
        throw new StorageException(
            "Cannot commit to bucket "
                + location.bucket()
                + (config.endpoint() == null ? "" : " at " + config.endpoint())
                + ": the store does not enforce conditional writes (a PUT with If-None-Match: *"
                + " replaced an existing object). Strata commits with put-if-absent and refuses to"
                + " commit rather than risk overwriting another writer's commit; use a store with"
                + " conditional-write support.",
            null,
            false);
      }
      CONDITIONAL_BUCKETS.add(bucketKey);
    } finally {
      try {
        delete(probe);
      } catch (RuntimeException e) {
        LOG.debug("Could not delete probe object {}: {}", probe, e.toString());
      }
    }
  }

  @Override
  public List<FileStatus> list(String directory, String startAfter) {
    S3Location l = S3Location.parse(directory);
    String prefix = l.directoryPrefix();
    ListObjectsV2Request.Builder request =
        ListObjectsV2Request.builder().bucket(l.bucket()).prefix(prefix).delimiter("/");
    if (startAfter != null) {
      request.startAfter(prefix + startAfter);
    }
    List<FileStatus> result = listAll(directory, l, request, prefix);
    if (startAfter != null) {
      result.removeIf(f -> f.name().compareTo(startAfter) <= 0);
    }
    // S3 orders keys by UTF-8 bytes; the contract is String order (they differ only past U+FFFF).
    result.sort(Comparator.comparing(FileStatus::name));
    return result;
  }

  @Override
  public List<FileStatus> listRecursively(String directory) {
    S3Location l = S3Location.parse(directory);
    String prefix = l.directoryPrefix();
    return listAll(
        directory, l, ListObjectsV2Request.builder().bucket(l.bucket()).prefix(prefix), prefix);
  }

  private List<FileStatus> listAll(
      String directory, S3Location l, ListObjectsV2Request.Builder request, String prefix) {
    return call(
        "list",
        directory,
        l,
        false,
        () -> {
          List<FileStatus> files = new ArrayList<>();
          while (true) {
            ListObjectsV2Response page = client.listObjectsV2(request.build());
            for (S3Object object : page.contents()) {
              String key = object.key();
              // Zero-byte "folder" markers made by consoles and other tools are not files.
              if (key.endsWith("/") || key.length() <= prefix.length()) {
                continue;
              }
              files.add(
                  new FileStatus(
                      l.uri(key),
                      object.size(),
                      object.lastModified() == null ? 0 : object.lastModified().toEpochMilli()));
            }
            if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextContinuationToken() == null) {
              return files;
            }
            request.continuationToken(page.nextContinuationToken());
          }
        });
  }

  @Override
  public Optional<FileStatus> status(String path) {
    S3Location l = S3Location.parse(path);
    try {
      HeadObjectResponse head = client.headObject(b -> b.bucket(l.bucket()).key(l.key()));
      knownBuckets.add(l.bucket());
      return Optional.of(
          new FileStatus(
              path,
              head.contentLength(),
              head.lastModified() == null ? 0 : head.lastModified().toEpochMilli()));
    } catch (NoSuchKeyException e) {
      checkBucket(path, l);
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        checkBucket(path, l);
        return Optional.empty();
      }
      throw errors.translate("status", path, l, e, false);
    } catch (SdkException e) {
      throw errors.translate("status", path, l, e, false);
    }
  }

  /**
   * A HEAD answers a bare 404 for a missing key and a missing bucket alike; look once per bucket so
   * a wrong bucket name fails clearly instead of reading as "no table here".
   */
  private void checkBucket(String path, S3Location l) {
    if (knownBuckets.contains(l.bucket())) {
      return;
    }
    try {
      client.headBucket(b -> b.bucket(l.bucket()));
      knownBuckets.add(l.bucket());
    } catch (NoSuchBucketException e) {
      throw errors.translate("status", path, l, e, false);
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw errors.translate(
            "status",
            path,
            l,
            NoSuchBucketException.builder()
                .message("NoSuchBucket")
                .statusCode(404)
                .cause(e)
                .build(),
            false);
      }
      throw errors.translate("status", path, l, e, false);
    } catch (SdkException e) {
      throw errors.translate("status", path, l, e, false);
    }
  }

  @Override
  public void delete(String path) {
    S3Location l = S3Location.parse(path);
    call(
        "delete", path, l, true, () -> client.deleteObject(b -> b.bucket(l.bucket()).key(l.key())));
  }

  @Override
  public void deleteAll(Collection<String> paths) {
    Map<String, List<S3Location>> byBucket = new LinkedHashMap<>();
    for (String path : paths) {
      S3Location l = S3Location.parse(path);
      byBucket.computeIfAbsent(l.bucket(), b -> new ArrayList<>()).add(l);
    }
    for (Map.Entry<String, List<S3Location>> entry : byBucket.entrySet()) {
      List<S3Location> locations = entry.getValue();
      for (int from = 0; from < locations.size(); from += DELETE_BATCH) {
        List<S3Location> batch =
            locations.subList(from, Math.min(locations.size(), from + DELETE_BATCH));
        deleteBatch(entry.getKey(), batch);
      }
    }
  }

  private void deleteBatch(String bucket, List<S3Location> batch) {
    S3Location first = batch.get(0);
    List<ObjectIdentifier> keys =
        batch.stream().map(l -> ObjectIdentifier.builder().key(l.key()).build()).toList();
    List<S3Error> failed =
        call(
            "delete",
            first.toString() + (batch.size() > 1 ? " and " + (batch.size() - 1) + " more" : ""),
            first,
            true,
            () ->
                client
                    .deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(keys).quiet(true)))
                    .errors());
    List<S3Error> real = failed.stream().filter(e -> !"NoSuchKey".equals(e.code())).toList();
    if (!real.isEmpty()) {
      S3Error e = real.get(0);
      throw new StorageException(
          "S3 could not delete "
              + real.size()
              + " of "
              + batch.size()
              + " objects in bucket '"
              + bucket
              + "' at "
              + config.endpointDescription()
              + ", first "
              + first.uri(e.key())
              + ": "
              + e.code()
              + " "
              + e.message(),
          null);
    }
  }

  /**
   * Copies through this JVM into a {@code PutObject} with {@code If-None-Match: *} and then deletes
   * the source. A server-side {@code CopyObject} would be cheaper, but S3-compatible servers ignore
   * {@code If-None-Match} on copy, and this must never replace. Objects stream; nothing is buffered
   * whole. Only the commit path needs atomicity here: data files on S3 are written at their final
   * name, so this is rare.
   */
  @Override
  public boolean moveIfAbsent(String from, String to) {
    S3Location source = S3Location.parse(from);
    S3Location target = S3Location.parse(to);
    try (ResponseInputStream<GetObjectResponse> in =
        call(
            "move",
            from,
            source,
            false,
            () -> client.getObject(b -> b.bucket(source.bucket()).key(source.key())))) {
      long length = in.response().contentLength();
      try {
        commitClient.putObject(
            b -> b.bucket(target.bucket()).key(target.key()).ifNoneMatch("*"),
            RequestBody.fromInputStream(in, length));
      } catch (S3Exception e) {
        if (e.statusCode() == 412) {
          return false;
        }
        throw errors.translate("move from " + from + " to", to, target, e, true);
      } catch (SdkException e) {
        throw errors.translate("move from " + from + " to", to, target, e, true);
      }
    } catch (java.io.IOException e) {
      throw new StorageException("Cannot close the read of " + from + ": " + e.getMessage(), e);
    }
    delete(from);
    return true;
  }

  @Override
  public void close() {
    if (!owned) {
      return;
    }
    uploads.shutdownNow();
    client.close();
    commitClient.close();
    http.close();
  }

  /** Whether two byte arrays hold the same bytes; used to recognise our own earlier write. */
  static boolean sameBytes(byte[] a, byte[] b) {
    return Arrays.equals(a, b);
  }

  static Logger log() {
    return LOG;
  }
}
