package dev.strata.cli.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.cli.ExitCodes;
import dev.strata.cli.Json;
import dev.strata.cli.StrataCommand;
import dev.strata.cli.Tables;
import dev.strata.cli.TextTable;
import dev.strata.cli.Values;
import dev.strata.format.Row;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.log.Snapshot;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata scan}: prints a table's rows. */
@Command(
    name = "scan",
    // No standard -V/--version here: --version selects a table version.
    sortOptions = false,
    description =
        "Print the rows of a table (or of an earlier version), optionally filtered by a SQL"
            + " predicate and projected to some columns.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  ${ROOT-COMMAND-NAME} scan ./lakehouse/orders --limit 10",
      "  ${ROOT-COMMAND-NAME} scan ./lakehouse/orders --where \"order_date = '2024-01-05' AND quantity > 0\"",
      "  ${ROOT-COMMAND-NAME} scan ./lakehouse/orders --columns order_id,amount --format csv > orders.csv",
      "  ${ROOT-COMMAND-NAME} scan ./lakehouse/orders --version 3 --format jsonl | jq .order_id",
      "  ${ROOT-COMMAND-NAME} scan ./lakehouse/orders --limit 100 --format json | jq length",
      "",
      "jsonl (one object per line) and json (one array of them): integers and finite floats as numbers, NaN/Infinity as strings, decimals as",
      "strings, binary as base64, dates YYYY-MM-DD, timestamps 2021-09-08T11:11:11Z (UTC),",
      "timestamp_ntz 2021-09-08T11:11:11, structs as objects, maps as [{key, value}]."
    })
public final class ScanCommand extends StrataCommand {

  /** Output formats of {@code scan}. */
  public enum Format {
    TABLE,
    CSV,
    JSONL,
    /** The JSONL objects as one JSON array. */
    JSON
  }

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table path or URI.")
  String table;

  @Mixin TimeTravelOptions timeTravel;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = "--columns",
      paramLabel = "COLUMNS",
      split = ",",
      description = "Only these columns, in this order (comma-separated).")
  List<String> columns;

  @Option(
      names = "--where",
      paramLabel = "PREDICATE",
      description = "A SQL predicate, e.g. \"order_date = '2024-01-05' AND quantity > 0\".")
  String where;

  @Option(names = "--limit", paramLabel = "N", description = "At most N rows.")
  Long limit;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table, csv, jsonl or json (default: ${DEFAULT-VALUE}).")
  Format format;

  @Override
  protected int run() {
    if (limit != null && limit < 0) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--limit must not be negative, got " + limit);
    }
    Snapshot snapshot = timeTravel.snapshot(Tables.open(table, properties()));
    TableScanner scanner = new TableScanner(snapshot, columns, where);
    StructType schema = scanner.outputSchema();
    PrintWriter out = out();
    long max = limit == null ? -1 : limit;
    switch (format) {
      case JSONL ->
          scanner.forEachBatch(
              max,
              batch -> {
                for (Row row : batch.toRows()) {
                  ObjectNode json = Values.rowToJson(row, schema);
                  out.println(Json.compact(json));
                }
                return !out.checkError();
              });
      case JSON -> {
        // Streamed, so that a large scan does not build the whole array in memory.
        out.print("[");
        boolean[] first = {true};
        scanner.forEachBatch(
            max,
            batch -> {
              for (Row row : batch.toRows()) {
                out.print(first[0] ? "\n  " : ",\n  ");
                first[0] = false;
                out.print(Json.compact(Values.rowToJson(row, schema)));
              }
              return !out.checkError();
            });
        out.println(first[0] ? "]" : "\n]");
      }
      case CSV -> {
        List<String> header = new ArrayList<>();
        for (StructField f : schema.fields()) {
          header.add(Values.csvField(f.name()));
        }
        out.println(String.join(",", header));
        scanner.forEachBatch(
            max,
            batch -> {
              printCsv(out, batch, schema);
              return !out.checkError();
            });
      }
      case TABLE -> {
        TextTable text = TextTable.of(schema.fieldNames()).maxCellWidth(40);
        long[] rows = {0};
        scanner.forEachBatch(
            max,
            batch -> {
              for (Row row : batch.toRows()) {
                Object[] cells = new Object[schema.size()];
                for (int i = 0; i < cells.length; i++) {
                  cells[i] = Values.toText(row.get(i), schema.field(i).type(), "null");
                }
                text.row(cells);
                rows[0]++;
              }
              return true;
            });
        text.print(out);
        out.println("(" + rows[0] + (rows[0] == 1 ? " row)" : " rows)"));
      }
      default -> throw new IllegalStateException("format " + format);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static void printCsv(PrintWriter out, ColumnBatch batch, StructType schema) {
    StringBuilder line = new StringBuilder();
    for (Row row : batch.toRows()) {
      line.setLength(0);
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
