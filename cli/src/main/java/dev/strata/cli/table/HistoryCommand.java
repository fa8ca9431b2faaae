package dev.strata.cli.table;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.cli.ExitCodes;
import dev.strata.cli.Json;
import dev.strata.cli.OutputFormat;
import dev.strata.cli.StrataCommand;
import dev.strata.cli.Tables;
import dev.strata.cli.TextTable;
import dev.strata.log.CommitEntry;
import dev.strata.log.CommitInfo;
import dev.strata.log.SetTransaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata history}: the commits of a table, newest first. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Show a table's commits, newest first: version, timestamp, operation, parameters,"
            + " metrics, read version, blind append, txn (appId:version), user metadata.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  ${ROOT-COMMAND-NAME} history ./lakehouse/orders",
      "  ${ROOT-COMMAND-NAME} history ./lakehouse/orders --limit 5",
      "  ${ROOT-COMMAND-NAME} history s3://bucket/orders --format json | jq '.[0].operationMetrics'"
    })
public final class HistoryCommand extends StrataCommand {

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table path or URI.")
  String table;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Only the N newest commits (default: all).")
  Integer limit;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text or json (default: ${DEFAULT-VALUE}); JSON is an array, one object per" + " commit.")
  OutputFormat format;

  @Override
  protected int run() {
    if (limit != null && limit <= 0) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--limit must be positive, got " + limit);
    }
    List<CommitEntry> history = Tables.open(table, properties()).history(limit == null ? 0 : limit);
    if (format == OutputFormat.JSON) {
      ArrayNode array = Json.array();
      for (CommitEntry entry : history) {
        array.add(toJson(entry));
      }
      Json.printPretty(out(), array);
      return ExitCodes.OK;
    }
    TextTable text =
        TextTable.of(
                "version",
                "timestamp",
                "operation",
                "parameters",
                "metrics",
                "readVersion",
                "blindAppend",
                "txn",
                "userMetadata")
            .alignRight(0, 5)
            .maxCellWidth(60);
    for (CommitEntry entry : history) {
      CommitInfo info = entry.info();
      text.row(
          entry.version(),
          Instant.ofEpochMilli(entry.timestamp()),
          info == null ? "" : info.operation(),
          info == null ? "" : keyValues(info.operationParameters()),
          info == null ? "" : keyValues(info.operationMetrics()),
          info == null || info.readVersion() == null ? "" : info.readVersion(),
          info == null || info.isBlindAppend() == null ? "" : info.isBlindAppend(),
          String.join(" ", txns(entry)),
          info == null || info.userMetadata() == null ? "" : info.userMetadata());
    }
    text.print(out());
    return ExitCodes.OK;
  }

  static ObjectNode toJson(CommitEntry entry) {
    CommitInfo info = entry.info();
    ObjectNode node = Json.object();
    node.put("version", entry.version());
    node.put("timestamp", Instant.ofEpochMilli(entry.timestamp()).toString());
    node.put("operation", info == null ? null : info.operation());
    node.set(
        "operationParameters",
        Json.MAPPER.valueToTree(info == null ? Map.of() : info.operationParameters()));
    node.set(
        "operationMetrics",
        Json.MAPPER.valueToTree(info == null ? Map.of() : info.operationMetrics()));
    if (info != null && info.readVersion() != null) {
      node.put("readVersion", info.readVersion());
    } else {
      node.putNull("readVersion");
    }
    if (info != null && info.isBlindAppend() != null) {
      node.put("isBlindAppend", info.isBlindAppend());
    } else {
      node.putNull("isBlindAppend");
    }
    node.put("isolationLevel", info == null ? null : info.isolationLevel());
    ArrayNode txn = node.putArray("txn");
    for (SetTransaction t : entry.txns()) {
      ObjectNode o = txn.addObject();
      o.put("appId", t.appId());
      o.put("version", t.version());
    }
    node.put("userMetadata", info == null ? null : info.userMetadata());
    node.put("engineInfo", info == null ? null : info.engineInfo());
    return node;
  }

  private static List<String> txns(CommitEntry entry) {
    List<String> txns = new ArrayList<>();
    for (SetTransaction t : entry.txns()) {
      txns.add(t.appId() + ":" + t.version());
    }
    return txns;
  }

  private static String keyValues(Map<String, ?> map) {
    StringBuilder s = new StringBuilder();
    for (Map.Entry<String, ?> e : map.entrySet()) {
      if (s.length() > 0) {
        s.append(", ");
      }
      Object v = e.getValue();
      s.append(e.getKey()).append('=').append(v instanceof String ? v : Json.compact(v));
    }
    return s.toString();
  }
}
