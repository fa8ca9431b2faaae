package dev.strata.format.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.format.StorageException;
import dev.strata.format.testing.S3ProxyFixture;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bucket whose store ignores {@code If-None-Match}: put-if-absent cannot be had there, so a
 * commit must be refused clearly rather than silently overwrite another writer's version.
 */
class S3ConditionalWriteTest {
  @RegisterExtension static final S3ProxyFixture S3 = S3ProxyFixture.shared();

  private static final byte[] THEIRS =
      "{\"commitInfo\":{\"txnId\":\"theirs\"}}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OURS =
      "{\"commitInfo\":{\"txnId\":\"ours\"}}".getBytes(StandardCharsets.UTF_8);

  @Test
  void aBucketThatIgnoresConditionalWritesIsRefusedNotOverwritten() {
    String bucket = S3.createBucket();
    S3.ignoreConditionalWrites(bucket);
    String commit = "s3://" + bucket + "/t/_delta_log/00000000000000000000.json";
    try (S3Storage other = S3.newStorage()) {
      // Another writer's version 0 is already there (written without the probe in its way).
      other.write(commit, THEIRS);
    }
    try (S3Storage storage = S3.newStorage()) {
      assertThatThrownBy(() -> storage.createIfAbsent(commit, OURS))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(bucket)
          .hasMessageContaining("If-None-Match")
          .hasMessageContaining("conditional");
      assertThat(storage.read(commit)).isEqualTo(THEIRS);
      assertThat(storage.list("s3://" + bucket + "/t/_delta_log/", null))
          .as("the probe leaves nothing")
          .hasSize(1);
    }
  }

  @Test
  void aBucketThatEnforcesConditionalWritesCommitsAsBefore() {
    String bucket = S3.createBucket();
    String commit = "s3://" + bucket + "/t/_delta_log/00000000000000000000.json";
    try (S3Storage storage = S3.newStorage()) {
      assertThat(storage.createIfAbsent(commit, OURS)).isTrue();
      assertThat(storage.createIfAbsent(commit, THEIRS)).isFalse();
      assertThat(storage.read(commit)).isEqualTo(OURS);
      assertThat(storage.list("s3://" + bucket + "/t/_delta_log/", null)).hasSize(1);
    }
  }
}
