package dev.strata.format.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.format.Storage;
import dev.strata.format.testing.StorageContractTest;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The storage contract on MinIO in Docker; skipped where there is no Docker engine. */
@Testcontainers(disabledWithoutDocker = true)
class MinioStorageContractTest extends StorageContractTest {
  @Container
  static final MinIOContainer MINIO =
      new MinIOContainer("minio/minio:RELEASE.2025-04-22T22-12-26Z");

  private S3Storage storage;
  private S3Client admin;
  private final String bucket = "strata-minio";

  @BeforeAll
  void openStorage() {
    URI endpoint = URI.create(MINIO.getS3URL());
    admin =
        S3Client.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(MINIO.getUserName(), MINIO.getPassword())))
            .build();
    admin.createBucket(b -> b.bucket(bucket));
    storage =
        S3Storage.create(
            S3StorageConfig.builder()
                .endpoint(endpoint)
                .region("us-east-1")
                .pathStyleAccess()
                .credentials(MINIO.getUserName(), MINIO.getPassword())
                .partSize(S3StorageConfig.MIN_PART_SIZE)
                .build());
  }

  @AfterAll
  void closeStorage() {
    storage.close();
    admin.close();
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
    assertThat(admin.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }
}
