package dev.strata.format.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.format.Storage;
import dev.strata.format.testing.S3ProxyFixture;
import dev.strata.format.testing.StorageContractTest;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The storage contract on S3Proxy, a real S3 server in this JVM. */
class S3StorageContractTest extends StorageContractTest {
  @RegisterExtension static final S3ProxyFixture S3 = S3ProxyFixture.shared();

  private S3Storage storage;
  private String bucket;

  @BeforeAll
  void openStorage() {
    bucket = S3.createBucket();
    storage = S3Storage.create(S3.configBuilder().partSize(S3StorageConfig.MIN_PART_SIZE).build());
  }

  @AfterAll
  void closeStorage() {
    storage.close();
  }

  @Override
  protected Storage storage() {
    return storage;
  }

  @Override
  protected String newRoot() {
    return "s3://" + bucket + "/t-" + UUID.randomUUID();
  }

  @Override
  protected long partSize() {
    return S3StorageConfig.MIN_PART_SIZE;
  }

  @Override
  protected void assertNoIncompleteUploads(String root) {
    assertThat(S3.incompleteUploads(bucket)).isEmpty();
  }
}
