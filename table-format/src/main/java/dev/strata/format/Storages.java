package dev.strata.format;

import dev.strata.format.s3.S3Storage;
import dev.strata.format.s3.S3StorageConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses the {@link Storage} for a path by its URI scheme. Properties ({@code strata.s3.*}, Hadoop
 * keys) configure the non-local stores.
 */
public final class Storages {
  private static final Map<String, Storage> SHARED = new ConcurrentHashMap<>();

  private Storages() {}

  /** The storage for {@code path} with default configuration, shared per scheme. */
  public static Storage forPath(String path) {
    return forPath(path, Map.of());
  }

  /** The storage for {@code path} configured by {@code properties}. */
  public static Storage forPath(String path, Map<String, String> properties) {
    String scheme = StoragePaths.scheme(StoragePaths.normalize(path));
    // S3 re-reads strata.s3.* system properties and variables on each call (S3Storage shares one
    // client per distinct configuration), so a later setting is not hidden behind a cached store.
    if (properties.isEmpty() && !scheme.equals("s3") && !scheme.equals("s3a")) {
      return SHARED.computeIfAbsent(scheme, s -> open(s, properties));
    }
    return open(scheme, properties);
  }

  private static Storage open(String scheme, Map<String, String> properties) {
    return switch (scheme) {
      case "file" -> new LocalStorage();
      case "s3", "s3a" -> S3Storage.shared(S3StorageConfig.fromProperties(properties));
      default -> new HadoopStorage(scheme, properties);
    };
  }
}
