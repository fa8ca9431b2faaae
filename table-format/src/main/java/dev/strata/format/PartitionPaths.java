package dev.strata.format;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Partition directories and {@code add.path} strings. A partition directory is {@code col=<escaped
 * value>} with Hive escaping ({@code __HIVE_DEFAULT_PARTITION__} for null); the {@code add.path} in
 * the log is the URI encoding of the relative path, so a {@code %} of the escaping becomes {@code
 * %25}. Readers decode {@code add.path} exactly once.
 */
public final class PartitionPaths {
  /** The directory value of a null partition. */
  public static final String DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__";

  private static final boolean[] HIVE_ESCAPED = new boolean[128];

  static {
    for (int c = 0x01; c <= 0x1F; c++) {
      HIVE_ESCAPED[c] = true;
    }
    for (char c : "\"#%'*/:=?\\\u007F{[]^".toCharArray()) {
      HIVE_ESCAPED[c] = true;
    }
  }

  private PartitionPaths() {}

  /** Hive-escapes a partition value (or column name) for a directory name. */
  public static String escape(String value) {
    StringBuilder sb = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 128 && HIVE_ESCAPED[c]) {
        if (sb == null) {
          sb = new StringBuilder(value.length() + 8).append(value, 0, i);
        }
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        sb.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? value : sb.toString();
  }

  /** Reverses {@link #escape}. */
  public static String unescape(String escaped) {
    StringBuilder sb = new StringBuilder(escaped.length());
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c == '%' && i + 2 < escaped.length()) {
        int hi = Character.digit(escaped.charAt(i + 1), 16);
        int lo = Character.digit(escaped.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          sb.append((char) (hi << 4 | lo));
          i += 2;
          continue;
        }
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** One directory level: {@code col=<escaped value>}, null as the default partition. */
  public static String segment(String column, String value) {
    return escape(column) + "=" + (value == null ? DEFAULT_PARTITION : escape(value));
  }

  /**
   * The relative directory (decoded, no trailing slash) of a partition tuple: {@code
   * a=1/b=__HIVE_DEFAULT_PARTITION__}. Empty for an unpartitioned table.
   *
   * @param values partition value strings ({@link PartitionValues#serialize}) by column
   */
  public static String directory(List<String> partitionColumns, Map<String, String> values) {
    StringBuilder sb = new StringBuilder();
    for (String column : partitionColumns) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(segment(column, values.get(column)));
    }
    return sb.toString();
  }

  /**
   * The {@code add.path} of a relative, decoded path: URI-encodes what a URI path cannot hold
   * ({@code %} as {@code %25}, space as {@code %20}, control characters, {@code " < > # ? [ ] ^ ` {
   * | } \}); {@code +}, {@code =}, {@code /} and non-ASCII letters stay as they are.
   */
  public static String encodeAddPath(String decodedPath) {
    StringBuilder sb = null;
    for (int i = 0; i < decodedPath.length(); i++) {
      char c = decodedPath.charAt(i);
      if (needsEncoding(c)) {
        if (sb == null) {
          sb = new StringBuilder(decodedPath.length() + 16).append(decodedPath, 0, i);
        }
        for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
          sb.append('%');
          sb.append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)));
          sb.append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
        }
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? decodedPath : sb.toString();
  }

  private static boolean needsEncoding(char c) {
    if (c <= 0x20 || c == 0x7F) {
      return true;
    }
    if (c >= 0x80) {
      return Character.isISOControl(c) || Character.isSpaceChar(c);
    }
    return "%\"<>#?[]^`{|}\\".indexOf(c) >= 0;
  }

  /** Decodes an {@code add.path} once ({@code %XX} sequences as UTF-8; {@code +} stays). */
  public static String decodeAddPath(String encodedPath) {
    if (encodedPath.indexOf('%') < 0) {
      return encodedPath;
    }
    StringBuilder sb = new StringBuilder(encodedPath.length());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 0;
    while (i < encodedPath.length()) {
      char c = encodedPath.charAt(i);
      if (c == '%' && i + 2 < encodedPath.length()) {
        int hi = Character.digit(encodedPath.charAt(i + 1), 16);
        int lo = Character.digit(encodedPath.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          bytes.write(hi << 4 | lo);
          i += 3;
          continue;
        }
      }
      if (bytes.size() > 0) {
        sb.append(bytes.toString(StandardCharsets.UTF_8));
        bytes.reset();
      }
      sb.append(c);
      i++;
    }
    if (bytes.size() > 0) {
      sb.append(bytes.toString(StandardCharsets.UTF_8));
    }
    return sb.toString();
  }
}
