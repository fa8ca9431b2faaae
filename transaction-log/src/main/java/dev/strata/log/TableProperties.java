package dev.strata.log;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** Table property keys ({@code delta.*}) the log honours, with their defaults. */
public final class TableProperties {
  private TableProperties() {}

  /** Commits between checkpoints; default {@value #DEFAULT_CHECKPOINT_INTERVAL}. */
  public static final String CHECKPOINT_INTERVAL = "delta.checkpointInterval";

  public static final int DEFAULT_CHECKPOINT_INTERVAL = 10;

  /** How long commit files are kept behind a checkpoint; default 30 days. */
  public static final String LOG_RETENTION = "delta.logRetentionDuration";

  public static final String DEFAULT_LOG_RETENTION = "interval 30 days";

  /** Whether log cleanup runs after checkpoints; default true. */
  public static final String ENABLE_EXPIRED_LOG_CLEANUP = "delta.enableExpiredLogCleanup";

  /** How long removed files stay as tombstones (VACUUM retention); default 1 week. */
  public static final String DELETED_FILE_RETENTION = "delta.deletedFileRetentionDuration";

  public static final String DEFAULT_DELETED_FILE_RETENTION = "interval 1 week";

  /** When true only appends are allowed (no data-changing removes). */
  public static final String APPEND_ONLY = "delta.appendOnly";

  /** {@code Serializable} or {@code WriteSerializable} (default). */
  public static final String ISOLATION_LEVEL = "delta.isolationLevel";

  /**
   * When true, DELETE, UPDATE and MERGE mark deleted rows in deletion vectors instead of rewriting
   * files (needs the {@code deletionVectors} table feature); default false.
   */
  public static final String ENABLE_DELETION_VECTORS = "delta.enableDeletionVectors";

  /** The reader-writer table feature of deletion vectors. */
  public static final String DELETION_VECTORS_FEATURE = "deletionVectors";

  /**
   * When true, UPDATE, DELETE and MERGE also write the changed rows to {@code _change_data/} files
   * (needs the {@code changeDataFeed} writer feature); default false.
   */
  public static final String ENABLE_CHANGE_DATA_FEED = "delta.enableChangeDataFeed";

  /** The writer table feature of the change data feed. */
  public static final String CHANGE_DATA_FEED_FEATURE = "changeDataFeed";

  /** Whether a boolean table property is {@code true}. */
  public static boolean isTrue(Map<String, String> configuration, String key) {
    String value = configuration.get(key);
    return value != null && value.trim().equalsIgnoreCase("true");
  }

  /** {@code none}, {@code name} or {@code id}. */
  public static final String COLUMN_MAPPING_MODE = "delta.columnMapping.mode";

  /** The checkpoint interval of a table. */
  public static int checkpointInterval(Map<String, String> configuration) {
    String value = configuration.get(CHECKPOINT_INTERVAL);
    if (value == null) {
      return DEFAULT_CHECKPOINT_INTERVAL;
    }
    try {
      int interval = Integer.parseInt(value.trim());
      return interval > 0 ? interval : DEFAULT_CHECKPOINT_INTERVAL;
    } catch (NumberFormatException e) {
      return DEFAULT_CHECKPOINT_INTERVAL;
    }
  }

  /** Whether the table is append-only. */
  public static boolean appendOnly(Map<String, String> configuration) {
    return "true".equalsIgnoreCase(configuration.getOrDefault(APPEND_ONLY, "false").trim());
  }

  /** The log retention of a table. */
  public static Duration logRetention(Map<String, String> configuration) {
    return parseInterval(configuration.getOrDefault(LOG_RETENTION, DEFAULT_LOG_RETENTION));
  }

  /** The deleted-file (tombstone) retention of a table. */
  public static Duration deletedFileRetention(Map<String, String> configuration) {
    return parseInterval(
        configuration.getOrDefault(DELETED_FILE_RETENTION, DEFAULT_DELETED_FILE_RETENTION));
  }

  /**
   * Parses Delta's interval strings: {@code interval 30 days}, {@code 1 week}, {@code 2 hours},
   * {@code interval 1 day 12 hours}.
   */
  public static Duration parseInterval(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.startsWith("interval")) {
      s = s.substring("interval".length()).trim();
    }
    String[] parts = s.split("\\s+");
    if (parts.length % 2 != 0) {
      throw new IllegalArgumentException(
          "Not an interval: '" + text + "' (e.g. 'interval 30 days')");
    }
    Duration total = Duration.ZERO;
    for (int i = 0; i < parts.length; i += 2) {
      long n;
      try {
        n = Long.parseLong(parts[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Not an interval: '" + text + "'", e);
      }
      String unit = parts[i + 1];
      if (unit.endsWith("s")) {
        unit = unit.substring(0, unit.length() - 1);
      }
      total =
          total.plus(
              switch (unit) {
                case "week" -> Duration.ofDays(7 * n);
                case "day" -> Duration.ofDays(n);
                case "hour" -> Duration.ofHours(n);
                case "minute" -> Duration.ofMinutes(n);
                case "second" -> Duration.ofSeconds(n);
                case "millisecond" -> Duration.ofMillis(n);
                case "microsecond" -> Duration.ofNanos(n * 1000);
                default -> throw new IllegalArgumentException("Not an interval: '" + text + "'");
              });
    }
    return total;
  }
}
