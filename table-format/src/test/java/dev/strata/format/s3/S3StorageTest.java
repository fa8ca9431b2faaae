package dev.strata.format.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.format.AtomicOutput;
import dev.strata.format.Storage;
import dev.strata.format.StorageException;
import dev.strata.format.Storages;
import dev.strata.format.testing.S3ProxyFixture;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * S3-specific behaviour: configuration through Storages, multipart uploads, faults and bad input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3StorageTest {
  @RegisterExtension static final S3ProxyFixture S3 = S3ProxyFixture.shared();

  private String bucket;
  private S3Storage storage;

  @BeforeAll
  void open() {
    bucket = S3.createBucket();
    storage = S3Storage.create(S3.configBuilder().partSize(S3StorageConfig.MIN_PART_SIZE).build());
  }

  @AfterAll
  void close() {
    storage.close();
  }

  @AfterEach
  void heal() {
    S3.healFaults();
  }

  private String path(String name) {
    return "s3://" + bucket + "/" + UUID.randomUUID() + "/" + name;
  }

  private static byte[] random(int size) {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    return data;
  }

  @Test
  void storagesPicksS3ForS3AndS3aUrisFromProperties() {
    Storage s3 = Storages.forPath("s3://" + bucket + "/t", S3.properties());
    Storage s3a = Storages.forPath("s3a://" + bucket + "/t", S3.properties());
    assertThat(s3).isInstanceOf(S3Storage.class).isSameAs(s3a);
    String file = "s3a://" + bucket + "/t/_delta_log/00000000000000000000.json";
    assertThat(s3.createIfAbsent(file, "{}".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(s3.list("s3a://" + bucket + "/t/_delta_log", null))
        .singleElement()
        .satisfies(f -> assertThat(f.path()).isEqualTo(file));
    s3.close(); // shared: closing is a no-op
    assertThat(s3.exists(file)).isTrue();
  }

  @Test
  void largeStreamIsAMultipartUploadUntilClose() throws Exception {
    String file = path("part-0.parquet");
    byte[] data = random((int) (2.5 * S3StorageConfig.MIN_PART_SIZE));
    AtomicOutput out = storage.create(file);
    out.write(data);
    assertThat(S3.incompleteUploads(bucket)).singleElement().asString().contains("part-0.parquet");
    assertThat(storage.exists(file)).isFalse();
    out.close();
    assertThat(S3.incompleteUploads(bucket)).isEmpty();
    assertThat(storage.read(file)).isEqualTo(data);
  }

  @Test
  void completeWhoseAnswerWasLostStillSucceeds() throws Exception {
    String file = path("part-lost-answer.parquet");
    byte[] data = random((int) (2.2 * S3StorageConfig.MIN_PART_SIZE));
    S3.failCompletesAfterCompleting(1);
    AtomicOutput out = storage.create(file);
    out.write(data);
    out.close();
    assertThat(storage.read(file)).isEqualTo(data);
    String etag = storage.client().headObject(b -> b.bucket(bucket).key(keyOf(file))).eTag();
    assertThat(etag).endsWith("-3\"");
    assertThat(S3.incompleteUploads(bucket)).isEmpty();
  }

  private String keyOf(String path) {
    return S3Location.parse(path).key();
  }

  @Test
  void failedPartAbortsTheUploadAndLeavesNothing() throws Exception {
    String file = path("part-failing.parquet");
    S3.failPartUploads(part -> part == 2);
    byte[] chunk = random(1 << 20);
    AtomicOutput out = storage.create(file);
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 40; i++) {
                out.write(chunk);
              }
              out.close();
            })
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(file)
        .hasMessageContaining("500");
    out.abort();
    assertThat(storage.exists(file)).isFalse();
    assertThat(S3.incompleteUploads(bucket)).isEmpty();
  }

  @Test
  void commitWhoseAnswerWasLostIsRecognisedAsOurs() {
    String file = path("_delta_log/00000000000000000001.json");
    byte[] ours = "{\"commitInfo\":{\"txnId\":\"ours\"}}".getBytes(StandardCharsets.UTF_8);
    // The server stores our object and then answers 500: the retry gets 412 for our own write.
    S3.failPutsAfterWriting(key -> key.endsWith("00000000000000000001.json"), 1);
    assertThat(storage.createIfAbsent(file, ours)).isTrue();
    assertThat(storage.read(file)).isEqualTo(ours);
    assertThat(storage.createIfAbsent(file, "theirs".getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  @Test
  void lostAnswerOfAnotherWritersCommitStillLosesForUs() {
    String file = path("_delta_log/00000000000000000002.json");
    byte[] theirs = "theirs".getBytes(StandardCharsets.UTF_8);
    S3.failPutsAfterWriting(key -> key.endsWith("00000000000000000002.json"), 1);
    try (S3Storage other = S3.newStorage()) {
      assertThat(other.createIfAbsent(file, theirs)).isTrue();
    }
    assertThat(storage.createIfAbsent(file, "ours".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(storage.read(file)).isEqualTo(theirs);
  }

  @Test
  void wrongCredentialsFailOnceWithBucketAndEndpoint() {
    try (S3Storage wrong =
        S3Storage.create(S3.configBuilder().credentials("nobody", "wrong-secret").build())) {
      String file = "s3://" + bucket + "/t/x.json";
      for (Runnable op :
          new Runnable[] {
            () -> wrong.read(file),
            () -> wrong.list("s3://" + bucket + "/t", null),
            () -> wrong.createIfAbsent(file, new byte[] {1}),
            () -> wrong.status(file)
          }) {
        assertThatThrownBy(op::run)
            .isInstanceOf(StorageException.class)
            .hasMessageContaining("Access denied")
            .hasMessageContaining(bucket)
            .hasMessageContaining(S3.endpoint().toString())
            .hasMessageContaining("strata.s3.access-key");
      }
    }
  }

  @Test
  void missingBucketFailsWithBucketAndEndpoint() {
    String file = "s3://no-such-bucket-strata/t/_delta_log/00000000000000000000.json";
    for (Runnable op :
        new Runnable[] {
          () -> storage.read(file),
          () -> storage.list("s3://no-such-bucket-strata/t/_delta_log", null),
          () -> storage.status(file),
          () -> storage.createIfAbsent(file, new byte[] {1}),
          () -> storage.write(file, new byte[] {1})
        }) {
      assertThatThrownBy(op::run)
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("bucket 'no-such-bucket-strata' does not exist")
          .hasMessageContaining(S3.endpoint().toString());
    }
  }

  @Test
  void unreachableEndpointFailsAfterBoundedAttempts() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    try (S3Storage nowhere =
        S3Storage.create(
            S3.configBuilder()
                .endpoint(endpoint)
                .maxAttempts(2)
                .connectTimeout(Duration.ofSeconds(1))
                .build())) {
      String file = "s3://" + bucket + "/t/_delta_log/00000000000000000000.json";
      assertThatThrownBy(() -> nowhere.list("s3://" + bucket + "/t", null))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("Cannot reach S3 endpoint " + endpoint)
          .hasMessageContaining(bucket)
          .hasMessageContaining("strata.s3.endpoint");
      assertThatThrownBy(() -> nowhere.createIfAbsent(file, new byte[] {1}))
          .isInstanceOfSatisfying(
              StorageException.class, e -> assertThat(e.outcomeUnknown()).isFalse())
          .hasMessageContaining("Cannot reach S3 endpoint");
    }
  }

  @Test
  void serverGoneMidUploadFailsTheFileAndNothingAppears() throws Exception {
    S3ProxyFixture own = S3ProxyFixture.startPrivate();
    String ownBucket = own.createBucket();
    String file = "s3://" + ownBucket + "/t/part-0.parquet";
    try (S3Storage s =
        S3Storage.create(
            own.configBuilder()
                .partSize(S3StorageConfig.MIN_PART_SIZE)
                .maxAttempts(2)
                .connectTimeout(Duration.ofSeconds(1))
                .build())) {
      AtomicOutput out = s.create(file);
      out.write(random((int) S3StorageConfig.MIN_PART_SIZE + 10));
      own.close();
      assertThatThrownBy(
              () -> {
                out.write(random((int) S3StorageConfig.MIN_PART_SIZE));
                out.close();
              })
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(file);
    }
    // The same blob directory served again: no object under the name.
    try (S3ProxyFixture again = S3ProxyFixture.restart(own);
        S3Storage s = again.newStorage()) {
      assertThat(s.exists(file)).isFalse();
    }
  }

  @Test
  void systemPropertiesConfigureStorageOpenedWithoutProperties() {
    S3.setSystemProperties();
    try {
      Storage s = Storages.forPath("s3://" + bucket + "/sys");
      assertThat(((S3Storage) s).config().endpoint()).isEqualTo(S3.endpoint());
      s.write("s3://" + bucket + "/sys/a", new byte[] {7});
      assertThat(storage.read("s3://" + bucket + "/sys/a")).containsExactly(7);
      // A later setting is seen: stores opened without properties are not cached by scheme.
      System.setProperty(S3StorageConfig.PART_SIZE, "32m");
      assertThat(((S3Storage) Storages.forPath("s3://" + bucket + "/sys")).config().partSize())
          .isEqualTo(32L << 20);
    } finally {
      System.clearProperty(S3StorageConfig.PART_SIZE);
      S3.clearSystemProperties();
    }
  }

  @Test
  void propertiesReachTheClientThroughForPath() {
    Map<String, String> props = new java.util.HashMap<>(S3.properties());
    props.put(S3StorageConfig.PART_SIZE, "8m");
    S3Storage s = (S3Storage) Storages.forPath("s3://" + bucket + "/x", props);
    assertThat(s.config().partSize()).isEqualTo(8L << 20);
    assertThat(s.config().endpoint()).isEqualTo(S3.endpoint());
  }
}
