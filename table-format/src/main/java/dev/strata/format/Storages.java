package dev.strata.format;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses the {@link Storage} for a path by its URI scheme: local files itself, schemes a {@link
 * StorageProvider} registers (S3) through it, any other scheme through Hadoop. Properties ({@code
 * strata.s3.*}, Hadoop keys) configure the non-local stores.
 */
public final class Storages {
  private static final Map<String, Storage> SHARED = new ConcurrentHashMap<>();

  // Found once: providers are part of the classpath, which does not change while we run.
  private static final Map<String, StorageProvider> PROVIDERS = providers();

  private Storages() {}

  /** The storage for {@code path} with default configuration, shared per scheme. */
  public static Storage forPath(String path) {
    return forPath(path, Map.of());
  }

  /** The storage for {@code path} configured by {@code properties}. */
  public static Storage forPath(String path, Map<String, String> properties) {
    String scheme = StoragePaths.scheme(StoragePaths.normalize(path));
    StorageProvider provider = PROVIDERS.get(scheme);
    if (provider != null) {
      // Not cached here: the provider shares what it can (see StorageProvider#open).
      return provider.open(scheme, properties);
    }
    if (properties.isEmpty()) {
      return SHARED.computeIfAbsent(scheme, s -> open(s, properties));
    }
    return open(scheme, properties);
  }

  private static Storage open(String scheme, Map<String, String> properties) {
    return scheme.equals("file") ? new LocalStorage() : new HadoopStorage(scheme, properties);
  }

  private static Map<String, StorageProvider> providers() {
    Map<String, StorageProvider> byScheme = new HashMap<>();
    for (StorageProvider p :
        ServiceLoader.load(StorageProvider.class, Storages.class.getClassLoader())) {
      for (String scheme : p.schemes()) {
        byScheme.putIfAbsent(scheme, p);
      }
    }
    return Map.copyOf(byScheme);
  }
}
