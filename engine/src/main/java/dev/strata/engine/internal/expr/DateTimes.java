package dev.strata.engine.internal.expr;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/** Date and timestamp parsing and arithmetic on epoch days and epoch microseconds (UTC). */
public final class DateTimes {
  private DateTimes() {}

  public static final long MICROS_PER_DAY = 86_400_000_000L;

  /** Days since the epoch of a proleptic Gregorian date (no allocation). */
  public static int daysFromCivil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }

  /** {year, month, day} of epoch days. */
  public static int[] civilFromDays(int z) {
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp + (mp < 10 ? 3 : -9);
    return new int[] {y + (m <= 2 ? 1 : 0), m, d};
  }

  public static int year(int days) {
    return civilFromDays(days)[0];
  }

  private static int digit(byte b) {
    int v = b - '0';
    return v >= 0 && v <= 9 ? v : -1000000;
  }

  private static int num(byte[] b, int from, int len) {
    int v = 0;
    for (int i = 0; i < len; i++) {
      v = v * 10 + digit(b[from + i]);
    }
    return v;
  }

  /**
   * Parses {@code yyyy-MM-dd} at {@code [from, from+len)}; returns Integer.MIN_VALUE when the bytes
   * are not exactly such a date.
   */
  public static int parseIsoDate(byte[] b, int from, int len) {
    if (len != 10 || b[from + 4] != '-' || b[from + 7] != '-') {
      return Integer.MIN_VALUE;
    }
    int y = num(b, from, 4), m = num(b, from + 5, 2), d = num(b, from + 8, 2);
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31 || (d > 28 && d > lengthOfMonth(y, m))) {
      return Integer.MIN_VALUE;
    }
    return daysFromCivil(y, m, d);
  }

  static int lengthOfMonth(int y, int m) {
    return switch (m) {
      case 2 -> (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /**
   * Parses {@code yyyy-MM-dd'T'HH:mm:ss} (or with a space) as UTC microseconds; Long.MIN_VALUE when
   * it is not exactly that.
   */
  public static long parseIsoTimestamp(byte[] b, int from, int len) {
    if (len != 19
        || (b[from + 10] != 'T' && b[from + 10] != ' ')
        || b[from + 13] != ':'
        || b[from + 16] != ':') {
      return Long.MIN_VALUE;
    }
    int days = parseIsoDate(b, from, 10);
    if (days == Integer.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    int h = num(b, from + 11, 2), mi = num(b, from + 14, 2), s = num(b, from + 17, 2);
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) {
      return Long.MIN_VALUE;
    }
    return days * MICROS_PER_DAY + (h * 3600L + mi * 60L + s) * 1_000_000L;
  }

  private static final DateTimeFormatter FLEX_TS =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .optionalStart()
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .optionalStart()
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalEnd()
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .optionalEnd()
          .optionalStart()
          .appendOffsetId()
          .optionalEnd()
          .optionalStart()
          .appendLiteral('Z')
          .optionalEnd()
          .toFormatter();

  /** Spark-like lenient string to timestamp (UTC when no offset); null when unparseable. */
  public static Long parseTimestamp(String s) {
    s = s.trim();
    try {
      TemporalAccessor t = FLEX_TS.parse(s);
      LocalDate date = LocalDate.from(t);
      long secs = date.toEpochDay() * 86400L;
      long nanos = 0;
      if (t.isSupported(ChronoField.HOUR_OF_DAY)) {
        secs +=
            t.getLong(ChronoField.HOUR_OF_DAY) * 3600 + t.getLong(ChronoField.MINUTE_OF_HOUR) * 60;
        if (t.isSupported(ChronoField.SECOND_OF_MINUTE)) {
          secs += t.getLong(ChronoField.SECOND_OF_MINUTE);
        }
        if (t.isSupported(ChronoField.NANO_OF_SECOND)) {
          nanos = t.getLong(ChronoField.NANO_OF_SECOND);
        }
      }
      if (t.isSupported(ChronoField.OFFSET_SECONDS)) {
        secs -= t.getLong(ChronoField.OFFSET_SECONDS);
      }
      return secs * 1_000_000L + nanos / 1000;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Spark-like lenient string to date: {@code yyyy-MM-dd} optionally followed by a time. */
  public static Integer parseDate(String s) {
    s = s.trim();
    try {
      if (s.length() > 10 && (s.charAt(10) == 'T' || s.charAt(10) == ' ')) {
        s = s.substring(0, 10);
      }
      return (int) LocalDate.parse(s).toEpochDay();
    } catch (RuntimeException e) {
      int dash = s.indexOf('-');
      try {
        if (dash < 0 && s.length() == 4) {
          return (int) LocalDate.of(Integer.parseInt(s), 1, 1).toEpochDay();
        }
        String[] parts = s.split("-");
        if (parts.length == 2 || parts.length == 3) {
          return (int)
              LocalDate.of(
                      Integer.parseInt(parts[0]),
                      Integer.parseInt(parts[1]),
                      parts.length == 3 ? Integer.parseInt(parts[2]) : 1)
                  .toEpochDay();
        }
      } catch (RuntimeException ignored) {
        // fall through
      }
      return null;
    }
  }

  /** A formatter for a Spark/Java datetime pattern, resolving in UTC. */
  public static DateTimeFormatter formatter(String pattern) {
    return new DateTimeFormatterBuilder()
        .parseCaseInsensitive()
        .appendPattern(pattern)
        .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
        .toFormatter()
        .withZone(ZoneOffset.UTC);
  }

  /** Parses with a pattern to UTC micros, or null. */
  public static Long parseTimestamp(String s, DateTimeFormatter f) {
    try {
      TemporalAccessor t = f.parse(s.trim());
      if (t.isSupported(ChronoField.INSTANT_SECONDS)) {
        Instant i = Instant.from(t);
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
      }
      LocalDateTime ldt = LocalDateTime.from(t);
      return ldt.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + ldt.getNano() / 1000;
    } catch (RuntimeException e) {
      try {
        return LocalDate.from(f.parse(s.trim())).toEpochDay() * MICROS_PER_DAY;
      } catch (RuntimeException e2) {
        return null;
      }
    }
  }

  /** Parses a date with a pattern, or null. */
  public static Integer parseDate(String s, DateTimeFormatter f) {
    try {
      return (int) LocalDate.from(f.parse(s.trim())).toEpochDay();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Formats UTC micros as Spark prints timestamps. */
  public static String formatTimestamp(long micros) {
    LocalDateTime t =
        LocalDateTime.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L),
            (int) Math.floorMod(micros, 1_000_000L) * 1000,
            ZoneOffset.UTC);
    String base =
        t.toLocalDate()
            + " "
            + String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
    long frac = Math.floorMod(micros, 1_000_000L);
    if (frac == 0) {
      return base;
    }
    String f = String.format("%06d", frac);
    while (f.endsWith("0")) {
      f = f.substring(0, f.length() - 1);
    }
    return base + "." + f;
  }
}
