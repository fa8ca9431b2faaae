package dev.strata.log.internal;

import dev.strata.format.PartitionPaths;
import dev.strata.format.StoragePaths;

/**
 * {@code add.path} handling: the log holds the URI form of a file's path, storage takes the decoded
 * form (encoding itself is {@link PartitionPaths}').
 */
public final class PathCodec {
  private PathCodec() {}

  /** Decodes {@code %XX} sequences (UTF-8) once; {@code +} stays {@code +}. */
  public static String decode(String path) {
    return PartitionPaths.decodeAddPath(path);
  }

  /** URI-encodes a relative (decoded) path for {@code add.path}. */
  public static String encode(String path) {
    return PartitionPaths.encodeAddPath(path);
  }

  /** Whether a log path is an absolute URI ({@code s3://...}, {@code file:/...}). */
  public static boolean isAbsolute(String logPath) {
    int colon = logPath.indexOf(':');
    int slash = logPath.indexOf('/');
    return colon > 0 && (slash < 0 || colon < slash);
  }

  /** The storage path of a file named in the log: decoded, resolved against the table root. */
  public static String resolve(String tablePath, String logPath) {
    String decoded = decode(logPath);
    if (isAbsolute(logPath)) {
      return StoragePaths.normalize(decoded);
    }
    return StoragePaths.join(tablePath, decoded);
  }
}
