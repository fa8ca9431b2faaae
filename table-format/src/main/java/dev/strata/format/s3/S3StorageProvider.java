package dev.strata.format.s3;

import dev.strata.format.Storage;
import dev.strata.format.StorageProvider;
import java.util.Map;
import java.util.Set;

/** Serves {@code s3://} and {@code s3a://} paths to {@link dev.strata.format.Storages}. */
public final class S3StorageProvider implements StorageProvider {
  /** Called by {@link java.util.ServiceLoader}. */
  public S3StorageProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("s3", "s3a");
  }

  @Override
  public Storage open(String scheme, Map<String, String> properties) {
    return S3Storage.shared(S3StorageConfig.fromProperties(properties));
  }
}
