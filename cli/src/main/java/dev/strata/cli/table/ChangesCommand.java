package dev.strata.cli.table;

import dev.strata.cli.ExitCodes;
import dev.strata.cli.Json;
import dev.strata.cli.StrataCommand;
import dev.strata.cli.Tables;
import dev.strata.cli.Values;
import dev.strata.format.Row;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.log.ChangeDataFeed;
import dev.strata.log.DeltaLog;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata changes}: the change data feed of a table between two versions. */
@Command(
    name = "changes",
    mixinStandardHelpOptions = true,
    description =
        "Print the change data feed of a table (delta.enableChangeDataFeed=true): every inserted,"
            + " deleted and updated row (pre- and post-image) of the versions asked for, with"
            + " _change_type, _commit_version and _commit_timestamp.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  strata changes ./lakehouse/silver/orders --from-version 12",
      "  strata changes ./lakehouse/silver/orders --from-version 12 --to-version 14 --format csv"
    })
public final class ChangesCommand extends StrataCommand {

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table path or URI.")
  String table;

  @Option(
      names = "--from-version",
      required = true,
      paramLabel = "N",
      description = "First version whose changes are printed.")
  long fromVersion;

  @Option(
      names = "--to-version",
      paramLabel = "M",
      description = "Last version (default: the latest).")
  Long toVersion;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "jsonl",
      description =
          "jsonl (one JSON object per row), json (one array of those objects) or csv (default:"
              + " ${DEFAULT-VALUE}).")
  Format format;

  /** Output formats of {@code changes}. */
  public enum Format {
    JSONL,
    JSON,
    CSV
  }

  @Override
  protected int run() {
    String kind = format.name().toLowerCase(Locale.ROOT);
    DeltaLog log = Tables.open(table, properties());
    ChangeDataFeed feed = ChangeDataFeed.forTable(log).startingVersion(fromVersion);
    if (toVersion != null) {
      feed.endingVersion(toVersion);
    }
    List<ColumnBatch> batches = feed.read();
    PrintWriter out = out();
    StructType schema =
        ChangeDataFeed.schema(
            log.snapshotAt(toVersion != null ? toVersion : log.latestSnapshot().version())
                .schema());
    if (kind.equals("json")) {
      com.fasterxml.jackson.databind.node.ArrayNode rows = Json.array();
      for (ColumnBatch batch : batches) {
        for (Row row : batch.toRows()) {
          rows.add(Values.rowToJson(row, schema));
        }
      }
      Json.printPretty(out, rows);
      out.flush();
      return ExitCodes.OK;
    }
    if (kind.equals("csv")) {
      out.println(String.join(",", schema.fieldNames().stream().map(Values::csvField).toList()));
    }
    for (ColumnBatch batch : batches) {
      for (Row row : batch.toRows()) {
        if (kind.equals("jsonl")) {
          out.println(Json.compact(Values.rowToJson(row, schema)));
        } else {
          StringBuilder line = new StringBuilder();
          for (int i = 0; i < schema.size(); i++) {
            if (i > 0) {
              line.append(',');
            }
            line.append(Values.csvField(Values.toText(row.get(i), schema.field(i).type(), "")));
          }
          out.println(line);
        }
      }
    }
    out.flush();
    return ExitCodes.OK;
  }
}
