package dev.strata.cli.pipeline;

import dev.strata.pipeline.RunText;
import java.time.Duration;
import java.util.Locale;

/** Number and time formatting for the pipeline commands. */
final class Format {
  private Format() {}

  // The same words a run from Java prints (RunText), so the CLI and the library never drift.
  static String count(long n) {
    return RunText.count(n);
  }

  static String duration(Duration d) {
    return RunText.duration(d);
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
