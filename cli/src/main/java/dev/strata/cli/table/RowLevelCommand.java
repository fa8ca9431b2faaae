package dev.strata.cli.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.cli.ExitCodes;
import dev.strata.cli.Json;
import dev.strata.cli.OutputFormat;
import dev.strata.cli.StrataCommand;
import dev.strata.cli.Tables;
import dev.strata.engine.Strata;
import dev.strata.writer.DmlMetrics;
import dev.strata.writer.StrataTable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code strata delete} and {@code strata update} share: the table argument, the output
 * format, an engine configured from the global options, and the report of the commit. Both are thin
 * commands over {@link StrataTable}, so a shell script does what Spark SQL's DELETE and UPDATE do.
 */
abstract class RowLevelCommand extends StrataCommand {

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table path or URI.")
  String table;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  /** The operation's name in the output ({@code DELETE}, {@code UPDATE}). */
  abstract String operation();

  /** Runs the operation on the table. */
  abstract DmlMetrics apply(StrataTable target);

  @Override
  protected final int run() {
    // Opening the log first gives the CLI's usual errors for a missing table or a file path.
    String location = Tables.open(table, properties()).tablePath();
    Strata.Builder builder = Strata.builder();
    properties().forEach(builder::config);
    DmlMetrics m;
    try (Strata strata = builder.build()) {
      m = apply(StrataTable.forPath(strata, location));
    }
    if (format == OutputFormat.JSON) {
      ObjectNode json = Json.object();
      json.put("table", location);
      json.put("operation", operation());
      if (m.version() < 0) {
        json.putNull("version");
      } else {
        json.put("version", m.version());
      }
      json.put("rowsAffected", m.rowsAffected());
      json.put("rowsCopied", m.rowsCopied());
      json.put("filesAdded", m.filesAdded());
      json.put("filesRemoved", m.filesRemoved());
      json.put("durationMs", m.durationMs());
      Json.printPretty(out(), json);
      return ExitCodes.OK;
    }
    if (m.version() < 0) {
      out().println(operation() + " on " + location + ": no row matched; nothing was committed.");
      return ExitCodes.OK;
    }
    out()
        .printf(
            "%s on %s: %,d row(s) at version %d (%d file(s) added, %d removed, %,d row(s)"
                + " copied)%n",
            operation(),
            location,
            m.rowsAffected(),
            m.version(),
            m.filesAdded(),
            m.filesRemoved(),
            m.rowsCopied());
    return ExitCodes.OK;
  }
}
