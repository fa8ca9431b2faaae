package dev.strata.cli;

import dev.strata.format.StrataException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes: parsing {@code 128MB}, {@code 1g}, {@code 512k} and printing {@code 1.5 MiB}. */
public final class Sizes {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?b?)", Pattern.CASE_INSENSITIVE);
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  private Sizes() {}

  /**
   * Parses a size; units k, m, g, t (with optional "b" or "ib") are powers of 1024, as Delta's
   * file-size settings use them. A bare number is bytes.
   */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new StrataException(
          "Invalid size '" + text + "': use a number of bytes or a unit, e.g. 128MB, 1GB, 512k");
    }
    double number = Double.parseDouble(m.group(1));
    int shift =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "k" -> 10;
          case "m" -> 20;
          case "g" -> 30;
          case "t" -> 40;
          default -> 0;
        };
    long bytes = (long) (number * (1L << shift));
    if (bytes <= 0) {
      throw new StrataException("Invalid size '" + text + "': must be positive");
    }
    return bytes;
  }

  /** A human-readable size, e.g. {@code 1.5 MiB}. */
  public static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, value >= 100 ? "%.0f %s" : "%.1f %s", value, UNITS[unit]);
  }
}
