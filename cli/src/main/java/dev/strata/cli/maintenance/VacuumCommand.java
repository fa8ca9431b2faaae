package dev.strata.cli.maintenance;

import dev.strata.cli.ExitCodes;
import dev.strata.cli.Json;
import dev.strata.cli.OutputFormat;
import dev.strata.cli.Sizes;
import dev.strata.cli.StrataCommand;
import dev.strata.cli.Tables;
import dev.strata.maintenance.Durations;
import dev.strata.maintenance.Vacuum;
import dev.strata.maintenance.VacuumResult;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata vacuum}: deletes files no version inside the retention window needs. */
@Command(
    name = "vacuum",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Delete files that no version inside the retention window references: data files removed"
          + " by commits older than the retention, and files no commit references (crashed or"
          + " abandoned writes, _temporary leftovers) older than the retention.",
      "Never touches _delta_log or other folders starting with _ or . (except _temporary and"
          + " _change_data). Records VACUUM START / VACUUM END commits (not on a dry run).",
      "The retention defaults to the table's delta.deletedFileRetentionDuration (7 days); a"
          + " shorter one is refused (exit 3) unless --unsafe-allow-short-retention is given."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ${ROOT-COMMAND-NAME} vacuum ./lakehouse/orders --dry-run",
      "  ${ROOT-COMMAND-NAME} vacuum ./lakehouse/orders",
      "  ${ROOT-COMMAND-NAME} vacuum ./lakehouse/orders --retain 720h",
      "  ${ROOT-COMMAND-NAME} vacuum ./lakehouse/orders --retain 0h --unsafe-allow-short-retention"
          + "   # no reader or writer may be active"
    })
public final class VacuumCommand extends StrataCommand {
  private static final int LISTED_FILES = 20;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table path or URI.")
  String table;

  @Option(
      names = "--retain",
      paramLabel = "DURATION",
      description =
          "Keep files needed by versions younger than this (168h, 7d, 30m; default: the table's"
              + " delta.deletedFileRetentionDuration).")
  String retain;

  @Option(
      names = "--dry-run",
      description = "List what would be deleted; delete nothing, commit nothing.")
  boolean dryRun;

  @Option(
      names = "--unsafe-allow-short-retention",
      description =
          "Allow a retention shorter than the table's. Readers of older versions and writes"
              + " still in flight may lose files.")
  boolean unsafe;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description = "Threads for listing and deleting (default: 2 per core).")
  Integer parallelism;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Override
  protected int run() {
    Vacuum vacuum = Vacuum.forTable(Tables.open(table, properties()));
    if (retain != null) {
      vacuum.retention(Durations.parse(retain));
    }
    if (dryRun) {
      vacuum.dryRun();
    }
    if (unsafe) {
      vacuum.allowShortRetention();
    }
    if (parallelism != null) {
      vacuum.parallelism(parallelism);
    }
    VacuumResult result;
    try (ProgressBridge progress = new ProgressBridge(terminal(), err())) {
      result = vacuum.progress(progress).execute();
    }
    if (format == OutputFormat.JSON) {
      Json.printPretty(out(), Reports.toJson(result));
    } else {
      printText(out(), result);
    }
    return ExitCodes.OK;
  }

  static void printText(PrintWriter out, VacuumResult r) {
    out.println(
        "VACUUM "
            + r.tablePath()
            + " at version "
            + r.tableVersion()
            + (r.dryRun() ? " (DRY RUN)" : ""));
    out.println(
        "  retention:        "
            + Durations.format(r.retention())
            + " from the "
            + r.retentionSource()
            + "; files older than "
            + r.cutoff()
            + " are eligible");
    VacuumResult.FileCount total = r.total();
    out.println(
        "  "
            + (r.dryRun() ? "would delete:     " : "deleted:          ")
            + (r.dryRun() ? total.files() : r.filesDeleted())
            + " files ("
            + Sizes.format(total.bytes())
            + ")");
    out.println(
        "    removed by the log: "
            + r.removedByLog().files()
            + " files ("
            + Sizes.format(r.removedByLog().bytes())
            + ")");
    out.println(
        "    never committed:    "
            + r.neverCommitted().files()
            + " files ("
            + Sizes.format(r.neverCommitted().bytes())
            + ")");
    if (r.youngUncommittedFiles() > 0) {
      out.println(
          "  kept:             "
              + r.youngUncommittedFiles()
              + " unreferenced files younger than the retention (writes possibly in flight)");
    }
    out.println(
        "  time travel:      versions "
            + r.oldestReachableVersion()
            + ".."
            + r.tableVersion()
            + " remain readable");
    if (!r.files().isEmpty()) {
      out.println("  files:");
      int n = Math.min(LISTED_FILES, r.files().size());
      for (int i = 0; i < n; i++) {
        out.println("    " + r.files().get(i));
      }
      if (r.files().size() > n) {
        out.println(
            "    ... and " + (r.files().size() - n) + " more (--format json lists them all)");
      }
    }
    if (r.dryRun()) {
      out.println(
          total.files() == 0
              ? "DRY RUN: nothing was deleted, and there is nothing to delete."
              : "DRY RUN: nothing was deleted. Run again without --dry-run to delete "
                  + total.files()
                  + " files.");
    } else {
      out.println(
          "Recorded as versions "
              + r.startVersion()
              + " (VACUUM START) and "
              + r.endVersion()
              + " (VACUUM END).");
    }
  }
}
