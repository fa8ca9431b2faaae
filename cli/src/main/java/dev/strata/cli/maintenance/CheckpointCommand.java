package dev.strata.cli.maintenance;

import dev.strata.cli.ExitCodes;
import dev.strata.cli.Json;
import dev.strata.cli.OutputFormat;
import dev.strata.cli.StrataCommand;
import dev.strata.cli.Tables;
import dev.strata.maintenance.LogMaintenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata checkpoint}: writes a checkpoint of the latest version now. */
@Command(
    name = "checkpoint",
    mixinStandardHelpOptions = true,
    description =
        "Write a checkpoint of the latest version now, so readers load the table from one"
            + " Parquet file instead of replaying JSON commits.",
    footerHeading = "%nExamples:%n",
    footer = {"  ${ROOT-COMMAND-NAME} checkpoint ./lakehouse/orders"})
public final class CheckpointCommand extends StrataCommand {

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
    LogMaintenance.CheckpointResult result =
        LogMaintenance.checkpoint(Tables.open(table, properties()));
    if (format == OutputFormat.JSON) {
      Json.printPretty(out(), Reports.toJson(result));
    } else {
      out()
          .println(
              "Checkpoint written for "
                  + result.tablePath()
                  + " at version "
                  + result.version()
                  + " ("
                  + result.numFiles()
                  + " live files; previous checkpoint: "
                  + (result.previousCheckpointVersion() == null
                      ? "none"
                      : "version " + result.previousCheckpointVersion())
                  + ").");
    }
    return ExitCodes.OK;
  }
}
