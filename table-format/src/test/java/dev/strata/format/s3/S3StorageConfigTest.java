package dev.strata.format.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.format.StrataException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3StorageConfigTest {
  @Test
  void defaultsUseTheSdkChains() {
    S3StorageConfig config = S3StorageConfig.fromProperties(Map.of(), k -> null, k -> null);
    assertThat(config.endpoint()).isNull();
    assertThat(config.region()).isNull();
    assertThat(config.accessKey()).isNull();
    assertThat(config.pathStyleAccess()).isFalse();
    assertThat(config.partSize()).isEqualTo(16L << 20);
    assertThat(config.maxAttempts()).isEqualTo(S3StorageConfig.DEFAULT_MAX_ATTEMPTS);
  }

  @Test
  void propertiesWinOverSystemPropertiesWhichWinOverEnvironment() {
    Map<String, String> system =
        Map.of("strata.s3.region", "eu-west-1", "strata.s3.endpoint", "http://sys:1");
    Map<String, String> env =
        Map.of(
            "STRATA_S3_REGION", "ap-south-1",
            "STRATA_S3_PATH_STYLE_ACCESS", "true",
            "STRATA_S3_ACCESS_KEY", "env-access",
            "STRATA_S3_SECRET_KEY", "env-secret",
            "STRATA_S3_PART_SIZE", "32m",
            "STRATA_S3_CONNECT_TIMEOUT_MS", "1500");
    S3StorageConfig config =
        S3StorageConfig.fromProperties(
            Map.of("strata.s3.endpoint", "http://127.0.0.1:9000"), system::get, env::get);
    assertThat(config.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(config.region()).isEqualTo("eu-west-1");
    assertThat(config.pathStyleAccess()).isTrue();
    assertThat(config.accessKey()).isEqualTo("env-access");
    assertThat(config.secretKey()).isEqualTo("env-secret");
    assertThat(config.partSize()).isEqualTo(32L << 20);
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.toString()).doesNotContain("env-secret").doesNotContain("env-access");
  }

  @Test
  void badValuesNameTheKey() {
    assertThatThrownBy(
            () ->
                S3StorageConfig.fromProperties(
                    Map.of("strata.s3.path-style-access", "yes"), k -> null, k -> null))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("strata.s3.path-style-access");
    assertThatThrownBy(
            () ->
                S3StorageConfig.fromProperties(
                    Map.of("strata.s3.part-size", "1m"), k -> null, k -> null))
        .hasMessageContaining("strata.s3.part-size");
    assertThatThrownBy(
            () ->
                S3StorageConfig.fromProperties(
                    Map.of("strata.s3.access-key", "only-one"), k -> null, k -> null))
        .hasMessageContaining("strata.s3.secret-key");
    assertThatThrownBy(
            () ->
                S3StorageConfig.fromProperties(
                    Map.of("strata.s3.endpoint", "not a uri"), k -> null, k -> null))
        .hasMessageContaining("strata.s3.endpoint");
  }

  @Test
  void locationsParseBucketAndDecodedKey() {
    S3Location l = S3Location.parse("s3a://bucket/t/x=a%3Ab/part 0.parquet");
    assertThat(l.scheme()).isEqualTo("s3a");
    assertThat(l.bucket()).isEqualTo("bucket");
    assertThat(l.key()).isEqualTo("t/x=a%3Ab/part 0.parquet");
    assertThat(S3Location.parse("s3://bucket").directoryPrefix()).isEmpty();
    assertThat(S3Location.parse("s3://bucket/t").directoryPrefix()).isEqualTo("t/");
    assertThatThrownBy(() -> S3Location.parse("s3:///key")).hasMessageContaining("No bucket");
  }
}
