package dev.strata.log.internal;

import dev.strata.format.StoragePaths;

/** Names of the files in {@code _delta_log} and what they are. */
public final class FileNames {
  private FileNames() {}

  public static final String LAST_CHECKPOINT = "_last_checkpoint";

  /** Kinds of log files Strata reads; anything else in the log directory is ignored. */
  public enum Kind {
    DELTA,
    CLASSIC_CHECKPOINT,
    MULTIPART_CHECKPOINT,
    V2_CHECKPOINT,
    CRC,
    OTHER
  }

  /**
   * A parsed log file name.
   *
   * @param part multi-part: 1-based part, else 0
   * @param parts multi-part: number of parts, else 0
   */
  public record Parsed(Kind kind, long version, int part, int parts) {}

  private static final Parsed OTHER = new Parsed(Kind.OTHER, -1, 0, 0);

  public static String deltaName(long version) {
    return String.format("%020d.json", version);
  }

  public static String deltaFile(String logPath, long version) {
    return StoragePaths.join(logPath, deltaName(version));
  }

  public static String classicCheckpointFile(String logPath, long version) {
    return StoragePaths.join(logPath, String.format("%020d.checkpoint.parquet", version));
  }

  /** The name prefix shared by every file of a version ({@code 00000000000000000010.}). */
  public static String versionPrefix(long version) {
    return String.format("%020d.", version);
  }

  /** Classifies a file name of {@code _delta_log}. */
  public static Parsed parse(String name) {
    if (name.length() < 21 || name.charAt(20) != '.') {
      return OTHER;
    }
    long version = 0;
    for (int i = 0; i < 20; i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return OTHER;
      }
      version = version * 10 + (c - '0');
    }
    String rest = name.substring(21);
    if (rest.equals("json")) {
      return new Parsed(Kind.DELTA, version, 0, 0);
    }
    if (rest.equals("crc")) {
      return new Parsed(Kind.CRC, version, 0, 0);
    }
    if (!rest.startsWith("checkpoint.")) {
      return OTHER;
    }
    rest = rest.substring("checkpoint.".length());
    if (rest.equals("parquet")) {
      return new Parsed(Kind.CLASSIC_CHECKPOINT, version, 0, 0);
    }
    // multi-part: %010d.%010d.parquet
    if (rest.length() == 10 + 1 + 10 + 8 && rest.endsWith(".parquet") && rest.charAt(10) == '.') {
      try {
        int part = Integer.parseInt(rest.substring(0, 10));
        int parts = Integer.parseInt(rest.substring(11, 21));
        if (part >= 1 && part <= parts) {
          return new Parsed(Kind.MULTIPART_CHECKPOINT, version, part, parts);
        }
      } catch (NumberFormatException e) {
        return OTHER;
      }
      return OTHER;
    }
    int dot = rest.indexOf('.');
    if (dot > 0) {
      String ext = rest.substring(dot + 1);
      if ((ext.equals("json") || ext.equals("parquet")) && rest.indexOf('.', dot + 1) < 0) {
        return new Parsed(Kind.V2_CHECKPOINT, version, 0, 0);
      }
    }
    return OTHER;
  }
}
