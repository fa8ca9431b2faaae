package dev.strata.cli.maintenance;

import dev.strata.cli.Json;
import dev.strata.cli.OutputFormat;
import dev.strata.cli.Sizes;
import dev.strata.cli.StrataCli;
import dev.strata.cli.TextTable;
import dev.strata.maintenance.Durations;
import dev.strata.maintenance.HealthReport;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints {@code describe --health}. */
public final class HealthOutput {
  private HealthOutput() {}

  /** Prints the report as text or JSON. */
  public static void print(PrintWriter out, HealthReport report, OutputFormat format) {
    if (format == OutputFormat.JSON) {
      Json.printPretty(out, Reports.toJson(report));
      return;
    }
    out.println("Table:                 " + report.tablePath());
    out.println(
        "Version:               " + report.version() + " (committed " + report.timestamp() + ")");
    out.println(
        "Checkpoint:            "
            + (report.lastCheckpointVersion() == null
                ? "none"
                : "version " + report.lastCheckpointVersion())
            + "; "
            + report.commitsSinceCheckpoint()
            + " commits since (interval "
            + report.checkpointInterval()
            + ")");
    out.println(
        "Files:                 "
            + report.numFiles()
            + " in "
            + report.numPartitions()
            + " partition(s), "
            + Sizes.format(report.sizeInBytes()));
    out.println(
        "File sizes:            min "
            + Sizes.format(report.fileSizes().min())
            + ", p25 "
            + Sizes.format(report.fileSizes().p25())
            + ", median "
            + Sizes.format(report.fileSizes().p50())
            + ", p75 "
            + Sizes.format(report.fileSizes().p75())
            + ", max "
            + Sizes.format(report.fileSizes().max()));
    out.println(
        String.format(
            Locale.ROOT,
            "Small files:           %d of %d (%.0f%%) below %s (target %s)",
            report.smallFiles(),
            report.numFiles(),
            report.smallFileRatio() * 100,
            Sizes.format(report.smallFileThreshold()),
            Sizes.format(report.targetFileSize())));
    out.println(
        "Compaction:            "
            + (report.compactableFiles() == 0
                ? "nothing to compact"
                : report.compactableFiles()
                    + " files would become about "
                    + report.filesAfterCompaction()));
    out.println(
        "Removed files:         "
            + report.tombstones().files()
            + " tracked ("
            + Sizes.format(report.tombstones().bytes())
            + "); "
            + report.awaitingVacuum().files()
            + " older than the retention still on storage ("
            + Sizes.format(report.awaitingVacuum().bytes())
            + ") await VACUUM");
    out.println(
        "Time travel:           versions "
            + report.oldestAvailableVersion()
            + ".."
            + report.version()
            + " in the log; "
            + report.oldestGuaranteedVersion()
            + ".."
            + report.version()
            + " kept by a VACUUM with the table's retention ("
            + Durations.format(report.deletedFileRetention())
            + ")");
    out.println("File size histogram:");
    TextTable histogram = TextTable.of("  size", "files", "bytes").alignRight(1, 2);
    for (HealthReport.SizeBucket bucket : report.histogram()) {
      histogram.row("  " + bucket.label(), bucket.files(), Sizes.format(bucket.bytes()));
    }
    histogram.print(out);
    if (report.recommendations().isEmpty()) {
      out.println("Recommendation:        none, the table is in good shape");
    } else {
      out.println("Recommendations:");
      for (HealthReport.Recommendation r : report.recommendations()) {
        out.println("  " + r.action() + ": " + r.reason());
        out.println("    run: " + asInvoked(r.command()));
      }
    }
  }

  /** The maintenance library names the command {@code strata}; say it as the user started it. */
  static String asInvoked(String command) {
    return command.startsWith("strata ")
        ? StrataCli.invokedAs() + command.substring("strata".length())
        : command;
  }
}
