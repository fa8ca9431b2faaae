package dev.strata.cli.pipeline;

import java.time.Duration;
import java.util.Locale;

/** Number and time formatting for the pipeline commands. */
final class Format {
  private Format() {}

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    return String.format(Locale.ROOT, "%d min %02d s", ms / 60_000, (ms / 1000) % 60);
  }

  static String bytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    if (b < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
    }
    if (b < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.2f GiB", b / (1024.0 * 1024 * 1024));
  }
}
