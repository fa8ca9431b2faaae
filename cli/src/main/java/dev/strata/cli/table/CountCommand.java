package dev.strata.cli.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.cli.ExitCodes;
import dev.strata.cli.Json;
import dev.strata.cli.OutputFormat;
import dev.strata.cli.StrataCommand;
import dev.strata.cli.Tables;
import dev.strata.log.Snapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata count}: prints the number of rows, alone. */
@Command(
    name = "count",
    // No standard -V/--version here: --version selects a table version.
    sortOptions = false,
    description =
        "Print the number of rows of a table (or of an earlier version, or matching a predicate),"
            + " and nothing else. Uses file statistics when they suffice.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  ${ROOT-COMMAND-NAME} count ./lakehouse/orders",
      "  ${ROOT-COMMAND-NAME} count ./lakehouse/orders --version 3",
      "  ${ROOT-COMMAND-NAME} count ./lakehouse/orders --where \"order_date = '2024-01-05'\"",
      "  ${ROOT-COMMAND-NAME} count ./lakehouse/orders --format json | jq .count"
    })
public final class CountCommand extends StrataCommand {

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table path or URI.")
  String table;

  @Mixin TimeTravelOptions timeTravel;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = "--where",
      paramLabel = "PREDICATE",
      description = "Count only rows matching this SQL predicate.")
  String where;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text (the number alone) or json ({table, version, where, count}; default:"
              + " ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Override
  protected int run() {
    Snapshot snapshot = timeTravel.snapshot(Tables.open(table, properties()));
    long count = new TableScanner(snapshot, null, where).count();
    if (format == OutputFormat.JSON) {
      ObjectNode json = Json.object();
      json.put("table", table);
      json.put("version", snapshot.version());
      json.put("where", where);
      json.put("count", count);
      Json.printPretty(out(), json);
      return ExitCodes.OK;
    }
    out().println(count);
    return ExitCodes.OK;
  }
}
