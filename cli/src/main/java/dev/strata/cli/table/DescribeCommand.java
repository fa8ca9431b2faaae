package dev.strata.cli.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.cli.ExitCodes;
import dev.strata.cli.Json;
import dev.strata.cli.OutputFormat;
import dev.strata.cli.Sizes;
import dev.strata.cli.StrataCommand;
import dev.strata.cli.Tables;
import dev.strata.cli.TextTable;
import dev.strata.cli.maintenance.HealthOutput;
import dev.strata.format.types.StructField;
import dev.strata.log.DeltaLog;
import dev.strata.log.Protocol;
import dev.strata.log.Snapshot;
import dev.strata.maintenance.HealthReport;
import dev.strata.maintenance.TableHealth;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata describe}: a table's version, protocol, schema, files and properties. */
@Command(
    name = "describe",
    // No standard -V/--version here: --version selects a table version.
    sortOptions = false,
    description = {
      "Describe a table: version, protocol and features, schema, partition columns, number and"
          + " size of files, properties, last checkpoint.",
      "With --health: checkpoint lag, file size histogram, small files, removed files awaiting"
          + " VACUUM, time-travel reach, and what to run."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ${ROOT-COMMAND-NAME} describe ./lakehouse/orders",
      "  ${ROOT-COMMAND-NAME} describe ./lakehouse/orders --version 3 --format json",
      "  ${ROOT-COMMAND-NAME} describe s3://bucket/orders --timestamp 2024-01-05T10:00:00Z",
      "  ${ROOT-COMMAND-NAME} describe ./lakehouse/orders --health"
    })
public final class DescribeCommand extends StrataCommand {

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table path or URI.")
  String table;

  @Mixin TimeTravelOptions timeTravel;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = "--health",
      description = "Report layout and log health with recommendations (latest version).")
  boolean health;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Override
  protected int run() {
    DeltaLog log = Tables.open(table, properties());
    if (health) {
      if (timeTravel.isSet()) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            "--health describes the latest version; drop --version/--timestamp");
      }
      HealthReport report = TableHealth.of(log).tableArgument(table).inspect();
      HealthOutput.print(out(), report, format);
      return ExitCodes.OK;
    }
    Snapshot snapshot = timeTravel.snapshot(log);
    ObjectNode detail = detail(snapshot);
    if (format == OutputFormat.JSON) {
      Json.printPretty(out(), detail);
    } else {
      printText(out(), snapshot);
    }
    return ExitCodes.OK;
  }

  /** DESCRIBE DETAIL fields. */
  static ObjectNode detail(Snapshot snapshot) {
    ObjectNode node = Json.object();
    node.put("format", "delta");
    node.put("id", snapshot.metadata().id());
    node.put("name", snapshot.metadata().name());
    node.put("description", snapshot.metadata().description());
    node.put("location", snapshot.tablePath());
    Long created = snapshot.metadata().createdTime();
    node.put("createdAt", created == null ? null : Instant.ofEpochMilli(created).toString());
    node.put("version", snapshot.version());
    node.put("timestamp", Instant.ofEpochMilli(snapshot.timestamp()).toString());
    Protocol protocol = snapshot.protocol();
    ObjectNode p = node.putObject("protocol");
    p.put("minReaderVersion", protocol.minReaderVersion());
    p.put("minWriterVersion", protocol.minWriterVersion());
    p.set("readerFeatures", array(protocol.readerFeatures()));
    p.set("writerFeatures", array(protocol.writerFeatures()));
    JsonNode schema;
    try {
      schema = Json.MAPPER.readTree(snapshot.metadata().schemaString());
    } catch (Exception e) {
      schema = Json.MAPPER.getNodeFactory().textNode(snapshot.metadata().schemaString());
    }
    node.set("schema", schema);
    ArrayNode partitions = node.putArray("partitionColumns");
    snapshot.partitionColumns().forEach(partitions::add);
    node.put("numFiles", snapshot.numFiles());
    node.put("sizeInBytes", snapshot.sizeInBytes());
    ObjectNode props = node.putObject("properties");
    snapshot.configuration().forEach(props::put);
    if (snapshot.lastCheckpointVersion().isPresent()) {
      node.put("lastCheckpoint", snapshot.lastCheckpointVersion().getAsLong());
    } else {
      node.putNull("lastCheckpoint");
    }
    return node;
  }

  private static ArrayNode array(Set<String> values) {
    ArrayNode array = Json.array();
    if (values != null) {
      values.forEach(array::add);
    }
    return array;
  }

  private static void printText(PrintWriter out, Snapshot snapshot) {
    Protocol protocol = snapshot.protocol();
    out.println("Table:             " + snapshot.tablePath());
    out.println("Id:                " + snapshot.metadata().id());
    out.println(
        "Version:           "
            + snapshot.version()
            + " (committed "
            + Instant.ofEpochMilli(snapshot.timestamp())
            + ")");
    StringBuilder p =
        new StringBuilder("reader ")
            .append(protocol.minReaderVersion())
            .append(", writer ")
            .append(protocol.minWriterVersion());
    if (protocol.readerFeatures() != null && !protocol.readerFeatures().isEmpty()) {
      p.append("; reader features ").append(String.join(", ", protocol.readerFeatures()));
    }
    if (protocol.writerFeatures() != null && !protocol.writerFeatures().isEmpty()) {
      p.append("; writer features ").append(String.join(", ", protocol.writerFeatures()));
    }
    out.println("Protocol:          " + p);
    out.println(
        "Partition columns: "
            + (snapshot.partitionColumns().isEmpty()
                ? "(none)"
                : String.join(", ", snapshot.partitionColumns())));
    out.println(
        "Files:             "
            + snapshot.numFiles()
            + " ("
            + Sizes.format(snapshot.sizeInBytes())
            + ", "
            + snapshot.sizeInBytes()
            + " bytes)");
    out.println(
        "Last checkpoint:   "
            + (snapshot.lastCheckpointVersion().isPresent()
                ? "version " + snapshot.lastCheckpointVersion().getAsLong()
                : "(none)"));
    out.println("Schema:");
    TextTable schema = TextTable.of("  column", "type", "nullable");
    for (StructField field : snapshot.schema().fields()) {
      String name = field.name();
      if (snapshot.partitionColumns().contains(name)) {
        name += " (partition)";
      }
      schema.row("  " + name, field.type().simpleString(), field.nullable());
    }
    schema.print(out);
    Map<String, String> configuration = snapshot.configuration();
    if (configuration.isEmpty()) {
      out.println("Properties:        (none)");
    } else {
      out.println("Properties:");
      configuration.forEach((k, v) -> out.println("  " + k + " = " + v));
    }
  }
}
