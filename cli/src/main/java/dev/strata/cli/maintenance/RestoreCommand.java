package dev.strata.cli.maintenance;

import dev.strata.cli.ExitCodes;
import dev.strata.cli.Json;
import dev.strata.cli.OutputFormat;
import dev.strata.cli.Sizes;
import dev.strata.cli.StrataCommand;
import dev.strata.cli.Tables;
import dev.strata.cli.TimeArgs;
import dev.strata.maintenance.MissingFilesException;
import dev.strata.maintenance.Restore;
import dev.strata.maintenance.RestoreResult;
import java.io.PrintWriter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata restore}: brings a table back to an earlier version with a new commit. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Restore a table to an earlier version: one new commit re-adds the files that version had"
          + " and removes the others (history is kept; the restore itself can be undone).",
      "Fails, listing them, when files of that version were deleted by VACUUM."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ${ROOT-COMMAND-NAME} restore ./lakehouse/orders --to-version 12",
      "  ${ROOT-COMMAND-NAME} restore ./lakehouse/orders --to-timestamp 2024-01-05T10:00:00Z --dry-run"
    })
public final class RestoreCommand extends StrataCommand {

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table path or URI.")
  String table;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  @Option(names = "--dry-run", description = "Show the restore metrics; commit nothing.")
  boolean dryRun;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  /** {@code --to-version N} or {@code --to-timestamp T}. */
  static final class Target {
    @Option(names = "--to-version", paramLabel = "N", required = true, description = "Version.")
    Long version;

    @Option(
        names = "--to-timestamp",
        paramLabel = "T",
        required = true,
        description = "The version current at this time (ISO-8601, UTC if no zone).")
    String timestamp;
  }

  @Override
  protected int run() {
    Restore restore = Restore.forTable(Tables.open(table, properties()));
    if (target.version != null) {
      restore.toVersion(target.version);
    } else {
      restore.toTimestamp(TimeArgs.parse(target.timestamp));
    }
    if (dryRun) {
      restore.dryRun();
    }
    RestoreResult result;
    try {
      result = restore.execute();
    } catch (MissingFilesException e) {
      PrintWriter err = err();
      err.println("Missing files (" + e.missingFiles().size() + "):");
      for (String file : e.missingFiles()) {
        err.println("  " + file);
      }
      throw e;
    }
    if (format == OutputFormat.JSON) {
      Json.printPretty(out(), Reports.toJson(result));
      return ExitCodes.OK;
    }
    PrintWriter out = out();
    String header =
        "RESTORE "
            + result.tablePath()
            + " from version "
            + result.readVersion()
            + " to version "
            + result.restoredVersion()
            + " (committed "
            + result.restoredVersionTimestamp()
            + ")";
    out.println(header + (result.dryRun() ? " (DRY RUN)" : ""));
    out.println(
        "  numRestoredFiles:       "
            + result.numRestoredFiles()
            + " ("
            + Sizes.format(result.restoredFilesSize())
            + ")");
    out.println(
        "  numRemovedFiles:        "
            + result.numRemovedFiles()
            + " ("
            + Sizes.format(result.removedFilesSize())
            + ")");
    out.println("  numOfFilesAfterRestore: " + result.numOfFilesAfterRestore());
    out.println(
        "  tableSizeAfterRestore:  "
            + Sizes.format(result.tableSizeAfterRestore())
            + " ("
            + result.tableSizeAfterRestore()
            + " bytes)");
    if (result.metadataRestored()) {
      out.println("  schema/partitioning/properties restored to those of that version");
    }
    if (result.dryRun()) {
      out.println("DRY RUN: nothing was committed.");
    } else if (result.committedVersion() == null) {
      out.println("Nothing to restore: the table already has that version's files. No commit.");
    } else {
      out.println("Committed version " + result.committedVersion() + ".");
    }
    return ExitCodes.OK;
  }
}
