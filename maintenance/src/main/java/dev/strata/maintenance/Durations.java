package dev.strata.maintenance;

import dev.strata.format.StrataException;
import dev.strata.log.TableProperties;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints retention durations ({@code 168h}, {@code 7d}, {@code interval 7 days}). */
public final class Durations {
  private static final Pattern COMPACT =
      Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)", Pattern.CASE_INSENSITIVE);

  private Durations() {}

  /**
   * Parses {@code 168h}, {@code 30m}, {@code 7d}, {@code 2w}, {@code 500ms}, {@code 0h}, or a Delta
   * interval ({@code interval 7 days}, {@code 1 week}).
   */
  public static Duration parse(String text) {
    String t = text.trim();
    Matcher m = COMPACT.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2).toLowerCase(Locale.ROOT)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      };
    }
    try {
      return TableProperties.parseInterval(t);
    } catch (IllegalArgumentException e) {
      throw new StrataException(
          "Invalid duration '" + text + "': use e.g. 168h, 7d, 30m or 'interval 7 days'");
    }
  }

  /** A compact form: {@code 168h}, {@code 30m}, {@code 1h30m}, {@code 0s}. */
  public static String format(Duration duration) {
    long seconds = duration.getSeconds();
    if (duration.isZero()) {
      return "0h";
    }
    if (seconds == 0 || duration.getNano() % 1_000_000_000 != 0 && seconds < 60) {
      return duration.toMillis() + "ms";
    }
    StringBuilder s = new StringBuilder();
    long hours = seconds / 3600;
    long minutes = (seconds % 3600) / 60;
    long secs = seconds % 60;
    if (hours > 0) {
      s.append(hours).append('h');
    }
    if (minutes > 0) {
      s.append(minutes).append('m');
    }
    if (secs > 0) {
      s.append(secs).append('s');
    }
    return s.toString();
  }
}
