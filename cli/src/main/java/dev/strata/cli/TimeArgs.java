package dev.strata.cli;

import dev.strata.format.StrataException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parses the timestamps users give to {@code --timestamp} and {@code --to-timestamp}. */
public final class TimeArgs {
  private TimeArgs() {}

  /**
   * Accepts an ISO instant or offset time ({@code 2024-01-05T10:00:00Z}, {@code
   * 2024-01-05T10:00:00+01:00}), a local date-time taken as UTC ({@code 2024-01-05 10:00:00} or
   * with a {@code T}), a date (midnight UTC), or epoch milliseconds.
   */
  public static Instant parse(String text) {
    String t = text.trim();
    try {
      if (t.matches("-?\\d{10,}")) {
        return Instant.ofEpochMilli(Long.parseLong(t));
      }
      if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      String iso = t.length() > 10 && t.charAt(10) == ' ' ? t.replaceFirst(" ", "T") : t;
      if (iso.endsWith("Z") || iso.endsWith("z")) {
        return Instant.parse(iso.substring(0, iso.length() - 1) + "Z");
      }
      if (iso.matches(".*[+-]\\d{2}:?\\d{2}$") && iso.indexOf('T') > 0) {
        return OffsetDateTime.parse(iso).toInstant();
      }
      return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new StrataException(
          "Invalid timestamp '"
              + text
              + "': use 2024-01-05, 2024-01-05T10:00:00Z, '2024-01-05 10:00:00' (UTC) or epoch"
              + " milliseconds");
    }
  }
}
