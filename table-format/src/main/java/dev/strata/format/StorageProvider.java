package dev.strata.format;

import java.util.Map;
import java.util.Set;

/**
 * A store for URI schemes that {@link Storages} does not build itself. Implementations register in
 * {@code META-INF/services/dev.strata.format.StorageProvider}; {@code Storages} finds them with
 * {@link java.util.ServiceLoader}, so that the storage factory does not depend on the stores built
 * on top of it (the S3 store registers this way).
 */
public interface StorageProvider {
  /** The lower-case URI schemes it serves, such as {@code s3}. */
  Set<String> schemes();

  /**
   * A store for paths of {@code scheme}. {@code Storages} does not cache what this returns: a
   * provider shares what it can itself (the S3 store, one client per distinct configuration) so
   * that a later change to its configuration is not hidden behind a cached store.
   *
   * @param properties configuration keys for the store (for S3 {@code strata.s3.*})
   */
  Storage open(String scheme, Map<String, String> properties);
}
