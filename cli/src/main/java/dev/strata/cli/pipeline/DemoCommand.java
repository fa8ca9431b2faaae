package dev.strata.cli.pipeline;

import static dev.strata.engine.functions.col;
import static dev.strata.engine.functions.sum;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.cli.ExitCodes;
import dev.strata.cli.Json;
import dev.strata.cli.OutputFormat;
import dev.strata.cli.StrataCli;
import dev.strata.engine.Strata;
import dev.strata.format.Row;
import dev.strata.log.DeltaLog;
import dev.strata.log.Snapshot;
import dev.strata.pipeline.Pipeline;
import dev.strata.pipeline.PipelineContext;
import dev.strata.pipeline.PipelineException;
import dev.strata.pipeline.PipelineProvider;
import dev.strata.pipeline.RunResult;
import dev.strata.pipeline.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code strata demo}: the orders example end to end. Generates the data set under the lakehouse,
 * runs the 30-day backfill with progress, shows the tables and a few days of gold revenue, and says
 * what to try next. Running it again does nothing (everything committed is skipped); with {@code
 * --fail-at silver:2024-01-17} that (step, day) fails, and the next {@code strata demo} redoes only
 * it and what depends on it.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs the orders example: generates orders under the lakehouse, then bronze -> silver ->"
          + " gold for 30 days.",
      "Run it again: nothing to do. Try --fail-at silver:2024-01-17, then run it again."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ${ROOT-COMMAND-NAME} demo",
      "  ${ROOT-COMMAND-NAME} demo --fail-at silver:2024-01-17 && ${ROOT-COMMAND-NAME} demo",
      "  ${ROOT-COMMAND-NAME} demo --rows 2000000 --lakehouse /tmp/lh --parallelism 4",
      "  ${ROOT-COMMAND-NAME} demo --days 3 --format json | jq '.tables'"
    })
public final class DemoCommand extends PipelineCommand {
  static final String PIPELINE = "orders";
  static final String FIRST_DAY = "2024-01-01";

  @Option(
      names = "--rows",
      paramLabel = "N",
      description = "Orders to generate (default: ${DEFAULT-VALUE}).")
  int rows = 200_000;

  @Option(
      names = "--days",
      paramLabel = "N",
      description = "Days to process from " + FIRST_DAY + " (1-30, default: ${DEFAULT-VALUE}).")
  int days = 30;

  @Override
  String rerunHint() {
    List<String> args = new ArrayList<>(List.of(StrataCli.invokedAs(), "demo"));
    if (!PipelineOptions.DEFAULT_LAKEHOUSE.equals(pipelineOptions.lakehouse)) {
      args.add("--lakehouse");
      args.add(pipelineOptions.lakehouse);
    }
    if (rows != 200_000) {
      args.add("--rows");
      args.add(Integer.toString(rows));
    }
    if (days != 30) {
      args.add("--days");
      args.add(Integer.toString(days));
    }
    return String.join(" ", args);
  }

  @Override
  boolean printsRunJson() {
    return false;
  }

  @Override
  protected int run() {
    if (days < 1 || days > 30) {
      throw new PipelineException("--days must be between 1 and 30, got " + days);
    }
    String lastDay = LocalDate.parse(FIRST_DAY).plusDays(days - 1).toString();
    String lakehouse = pipelineOptions.lakehouse;
    Path dataDir = Path.of(lakehouse).resolve("_data");
    boolean fresh = !Files.exists(dataDir.resolve("orders.csv"));
    Map<String, String> options = new LinkedHashMap<>(pipelineOptions.options);
    options.putIfAbsent("data", dataDir.toString());
    options.put("generate", "true");
    options.put("rows", Integer.toString(rows));
    PipelineProvider provider =
        PipelineCatalog.providers(PipelineCatalog.loader(pipelineOptions)).stream()
            .filter(p -> p.name().equals(PIPELINE))
            .findFirst()
            .orElseThrow(
                () ->
                    new PipelineException(
                        "The orders example is not on the classpath (module strata-examples);"
                            + " build the repository with 'mvn -q install -DskipTests' and use ./strata."));
    long t0 = System.nanoTime();
    Pipeline pipeline = provider.create(new PipelineContext(lakehouse, options));
    if (format == OutputFormat.JSON) {
      ObjectNode json = Json.object();
      json.put("lakehouse", lakehouse);
      json.put("data", dataDir.toString());
      json.put("generated", fresh);
      json.put("rows", rows);
      RunResult result;
      try (Strata strata = openEngine()) {
        result = runPipeline(pipeline, strata, r -> r.range(FIRST_DAY, lastDay), List.of());
        json.set("run", RunJson.of(result));
        json.set("tables", tablesJson(strata, pipeline));
      }
      Json.printPretty(out(), json);
      return exitCode(result);
    }
    if (fresh) {
      out()
          .printf(
              "Generated %s orders in %s (%.1f s).%n",
              Format.count(rows), dataDir, (System.nanoTime() - t0) / 1e9);
    } else {
      out().printf("Using the orders in %s.%n", dataDir);
    }
    out()
        .printf(
            "Running pipeline '%s' for %s .. %s into %s%n",
            PIPELINE, FIRST_DAY, lastDay, lakehouse);
    out().flush();
    int code;
    try (Strata strata = openEngine()) {
      List<String> rerun = List.of();
      code = exitCode(runPipeline(pipeline, strata, r -> r.range(FIRST_DAY, lastDay), rerun));
      out().println();
      printTables(strata, pipeline);
      printGold(strata, pipeline);
    }
    out().println();
    String cmd = StrataCli.invokedAs();
    out().println("What next:");
    if (code == ExitCodes.OK) {
      next(cmd + " demo", "again: nothing to do, all skipped");
      next(cmd + " demo --fail-at silver:2024-01-17", "a failure, then " + cmd + " demo redoes it");
    } else {
      next(rerunHint(), "reruns only what failed and what reads it; the rest is skipped");
      next(cmd + " runs orders --limit 1", "what failed, with every attempt's error");
    }
    next(cmd + " runs orders", "the run log");
    next(cmd + " history " + lakehouse + "/gold/daily_revenue", null);
    next(
        cmd + " scan " + lakehouse + "/gold/daily_revenue --where \"order_date = '2024-01-17'\"",
        null);
    next(cmd + " optimize " + lakehouse + "/silver/orders", null);
    out().flush();
    return code == ExitCodes.OK ? ExitCodes.OK : code;
  }

  private void next(String command, String comment) {
    out()
        .println(
            comment == null ? "  " + command : String.format("  %-52s # %s", command, comment));
  }

  private static ArrayNode tablesJson(Strata strata, Pipeline pipeline) {
    ArrayNode tables = Json.array();
    for (Step s : pipeline.steps()) {
      String t = pipeline.table(s.target());
      DeltaLog log = DeltaLog.forTable(t);
      ObjectNode n = tables.addObject();
      n.put("table", s.target());
      n.put("location", t);
      if (log.tableExists()) {
        Snapshot snap = log.latestSnapshot();
        n.put("version", snap.version());
        n.put("files", snap.numFiles());
        n.put("sizeInBytes", snap.sizeInBytes());
        n.put("rows", strata.read().table(t).count());
      } else {
        n.putNull("version");
      }
    }
    return tables;
  }

  private void printTables(Strata strata, Pipeline pipeline) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"table", "version", "files", "size", "rows"});
    for (Step s : pipeline.steps()) {
      String t = pipeline.table(s.target());
      DeltaLog log = DeltaLog.forTable(t);
      if (!log.tableExists()) {
        rows.add(new String[] {s.target(), "-", "-", "-", "(not created)"});
        continue;
      }
      Snapshot snap = log.latestSnapshot();
      long count = strata.read().table(t).count();
      rows.add(
          new String[] {
            s.target(),
            Long.toString(snap.version()),
            Long.toString(snap.numFiles()),
            Format.bytes(snap.sizeInBytes()),
            Format.count(count)
          });
    }
    out().println("Tables:");
    RunSummary.table(out(), rows);
  }

  private void printGold(Strata strata, Pipeline pipeline) {
    String gold = pipeline.table(pipeline.step("gold").target());
    if (!DeltaLog.forTable(gold).tableExists()) {
      return;
    }
    List<Row> days =
        strata
            .read()
            .table(gold)
            .where(
                col("order_date")
                    .isin(
                        LocalDate.parse("2024-01-01"),
                        LocalDate.parse("2024-01-15"),
                        LocalDate.parse("2024-01-17"),
                        LocalDate.parse("2024-01-30")))
            .groupBy("order_date")
            .agg(sum(col("order_count")).as("orders"), sum(col("revenue")).as("revenue"))
            .orderBy("order_date")
            .collect();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"day", "orders", "revenue"});
    for (Row r : days) {
      rows.add(
          new String[] {
            String.valueOf(r.get("order_date")),
            Format.count(((Number) r.get("orders")).longValue()),
            String.format(
                java.util.Locale.ROOT,
                "%,.2f",
                new java.math.BigDecimal(r.get("revenue").toString()))
          });
    }
    out().println("Gold revenue (" + RunSummary.displayPath(gold) + "), a few days:");
    RunSummary.table(out(), rows);
  }
}
