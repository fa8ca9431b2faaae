package dev.strata.cli.maintenance;

import dev.strata.cli.ExitCodes;
import dev.strata.cli.Json;
import dev.strata.cli.OutputFormat;
import dev.strata.cli.StrataCli;
import dev.strata.cli.StrataCommand;
import dev.strata.cli.Tables;
import dev.strata.maintenance.Durations;
import dev.strata.maintenance.LogMaintenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata cleanup-log}: expires old log files per the table's log retention. */
@Command(
    name = "cleanup-log",
    mixinStandardHelpOptions = true,
    description = {
      "Delete commit and checkpoint files older than delta.logRetentionDuration (30 days) that"
          + " are behind a checkpoint; never past the latest checkpoint.",
      "Time travel to the deleted versions is no longer possible afterwards."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  ${ROOT-COMMAND-NAME} cleanup-log ./lakehouse/orders"})
public final class CleanupLogCommand extends StrataCommand {

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table path or URI.")
  String table;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Override
  protected int run() {
    LogMaintenance.CleanupResult result =
        LogMaintenance.cleanupLog(Tables.open(table, properties()));
    if (format == OutputFormat.JSON) {
      Json.printPretty(out(), Reports.toJson(result));
    } else {
      out()
          .println(
              "Log cleanup of "
                  + result.tablePath()
                  + ": deleted "
                  + result.filesDeleted()
                  + " log files older than "
                  + Durations.format(result.logRetention())
                  + "; oldest readable version "
                  + result.oldestVersionBefore()
                  + " -> "
                  + result.oldestVersionAfter()
                  + (result.latestCheckpointVersion() == null
                      ? " (no checkpoint yet: nothing can be cleaned up; run '"
                          + StrataCli.invokedAs()
                          + " checkpoint')"
                      : " (latest checkpoint " + result.latestCheckpointVersion() + ")")
                  + ".");
    }
    return ExitCodes.OK;
  }
}
