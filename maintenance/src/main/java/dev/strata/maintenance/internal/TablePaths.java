package dev.strata.maintenance.internal;

import dev.strata.format.PartitionPaths;
import dev.strata.format.StoragePaths;

/** Turns the URI-encoded paths of the log into the decoded absolute paths storage takes. */
public final class TablePaths {
  private TablePaths() {}

  /** The storage path of a file the log names {@code logPath} in the table at {@code table}. */
  public static String absolute(String table, String logPath) {
    if (hasScheme(logPath)) {
      int colon = logPath.indexOf(':');
      String scheme = logPath.substring(0, colon);
      String rest = decode(logPath.substring(colon + 1));
      if (scheme.equals("file")) {
        return StoragePaths.normalize("file:" + rest);
      }
      return scheme + ":" + rest;
    }
    if (logPath.startsWith("/")) {
      // An absolute path without scheme lives on the table's file system.
      String tableScheme = StoragePaths.scheme(table);
      return tableScheme.equals("file") ? "file:" + decode(logPath) : decode(logPath);
    }
    return StoragePaths.join(table, decode(logPath));
  }

  static boolean hasScheme(String path) {
    int colon = path.indexOf(':');
    if (colon < 2) {
      return false;
    }
    for (int i = 0; i < colon; i++) {
      char c = path.charAt(i);
      boolean ok =
          Character.isLetter(c) || (i > 0 && (Character.isDigit(c) || c == '+' || c == '.'));
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Decodes {@code %XX} sequences as UTF-8; {@code +} stays a plus. */
  public static String decode(String path) {
    return PartitionPaths.decodeAddPath(path);
  }
}
