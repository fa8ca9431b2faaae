package dev.strata.cli.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.cli.ExitCodes;
import dev.strata.cli.Json;
import dev.strata.cli.OutputFormat;
import dev.strata.cli.RefusedException;
import dev.strata.cli.StrataCommand;
import dev.strata.cli.Tables;
import dev.strata.log.DeltaLog;
import dev.strata.log.Protocol;
import dev.strata.log.ProtocolNotSupportedException;
import dev.strata.writer.StrataTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code strata set-property}: sets table properties, upgrading the protocol when one needs it. */
@Command(
    name = "set-property",
    mixinStandardHelpOptions = true,
    description =
        "Set table properties in one commit (ALTER TABLE SET TBLPROPERTIES). A property that"
            + " turns on a table feature upgrades the protocol in the same commit"
            + " (delta.enableDeletionVectors=true: reader 3 / writer 7 with deletionVectors;"
            + " delta.enableChangeDataFeed=true: writer 7 with changeDataFeed); one"
            + " that needs a feature Strata cannot write is refused (exit code 3) and nothing is"
            + " committed.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  strata set-property ./lakehouse/silver/orders delta.enableDeletionVectors=true",
      "  strata set-property ./lakehouse/orders delta.logRetentionDuration='interval 60 days'"
          + " delta.checkpointInterval=20 --format json"
    })
public final class SetPropertyCommand extends StrataCommand {

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table path or URI.")
  String table;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "KEY=VALUE",
      description = "Properties to set.")
  List<String> assignments;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Override
  protected int run() {
    Map<String, String> properties = new LinkedHashMap<>();
    for (String a : assignments) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw new ParameterException(spec.commandLine(), "Expected KEY=VALUE but got '" + a + "'");
      }
      properties.put(a.substring(0, eq).trim(), a.substring(eq + 1));
    }
    DeltaLog log = Tables.open(table, properties());
    Protocol before = log.latestSnapshot().protocol();
    long version;
    try {
      version = StrataTable.setProperties(log, properties, null);
    } catch (ProtocolNotSupportedException e) {
      throw new RefusedException(e.getMessage() + " Nothing was committed.");
    }
    Protocol after = version < 0 ? before : log.snapshotAt(version).protocol();
    if (format == OutputFormat.JSON) {
      ObjectNode json = Json.object();
      json.put("table", log.tablePath());
      if (version < 0) {
        json.putNull("version");
      } else {
        json.put("version", version);
      }
      ObjectNode set = json.putObject("properties");
      properties.forEach(set::put);
      json.put("protocolBefore", before.describe());
      json.put("protocolAfter", after.describe());
      json.put("protocolUpgraded", !after.equals(before));
      Json.printPretty(out(), json);
      return ExitCodes.OK;
    }
    if (version < 0) {
      out().println("Nothing to do: " + log.tablePath() + " already has " + properties + ".");
      return ExitCodes.OK;
    }
    out().println("Set " + properties + " on " + log.tablePath() + " at version " + version + ".");
    if (!after.equals(before)) {
      out().println("Protocol upgraded: " + before.describe() + " -> " + after.describe() + ".");
    }
    return ExitCodes.OK;
  }
}
