package dev.strata.log.internal;

import dev.strata.format.StoragePaths;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * URI encoding of {@code add.path}: the log holds the URI form of a file's path; storage takes the
 * decoded form. Characters a URI path allows stay as they are ({@code +}, {@code @}, {@code =},
 * {@code :}, non-ASCII), the rest become {@code %XX}, as Hadoop's {@code Path.toUri} does.
 */
public final class PathCodec {
  private PathCodec() {}

  private static final boolean[] KEEP = new boolean[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      KEEP[c] = true;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      KEEP[c] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      KEEP[c] = true;
    }
    for (char c : "-._~!$&'()*+,;=:@/".toCharArray()) {
      KEEP[c] = true;
    }
  }

  /** Decodes {@code %XX} sequences (UTF-8) once; {@code +} stays {@code +}. */
  public static String decode(String path) {
    if (path.indexOf('%') < 0) {
      return path;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(path.length());
    int i = 0;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '%' && i + 2 < path.length()) {
        int hi = Character.digit(path.charAt(i + 1), 16);
        int lo = Character.digit(path.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.write(hi * 16 + lo);
          i += 3;
          continue;
        }
      }
      if (c < 0x80) {
        out.write(c);
        i++;
      } else {
        int end = i + (Character.isHighSurrogate(c) && i + 1 < path.length() ? 2 : 1);
        byte[] bytes = path.substring(i, end).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        i = end;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** URI-encodes a relative (decoded) path for {@code add.path}. */
  public static String encode(String path) {
    StringBuilder s = null;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      boolean keep = c >= 128 || KEEP[c];
      if (keep) {
        if (s != null) {
          s.append(c);
        }
        continue;
      }
      if (s == null) {
        s = new StringBuilder(path.length() + 16).append(path, 0, i);
      }
      s.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
      s.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
    }
    return s == null ? path : s.toString();
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
