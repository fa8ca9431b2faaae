package dev.strata.cli.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.strata.cli.ExitCodes;
import dev.strata.cli.Json;
import dev.strata.cli.OutputFormat;
import dev.strata.cli.StrataCommand;
import dev.strata.engine.Strata;
import dev.strata.engine.events.Status;
import dev.strata.pipeline.Attempt;
import dev.strata.pipeline.NodeOutcome;
import dev.strata.pipeline.PartitionKey;
import dev.strata.pipeline.RunResult;
import dev.strata.pipeline.TableRunLog;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata runs [PIPELINE]}: recent runs from the run log table. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Lists recent pipeline runs, newest first, with per-step and failed (step, partition) status,",
      "from the run log table <lakehouse>/_strata/runs (a Strata table: '${ROOT-COMMAND-NAME} scan' reads it too)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ${ROOT-COMMAND-NAME} runs",
      "  ${ROOT-COMMAND-NAME} runs orders --limit 3 --format json"
    })
public final class RunsCommand extends StrataCommand {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PIPELINE",
      description = "Only this pipeline's runs.")
  String pipeline;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "At most N runs (default: ${DEFAULT-VALUE}).")
  int limit = 10;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}); json is an array of runs.")
  OutputFormat format;

  @Option(
      names = "--lakehouse",
      paramLabel = "DIR",
      description = "Lakehouse root (default: ${DEFAULT-VALUE}).")
  String lakehouse = PipelineOptions.DEFAULT_LAKEHOUSE;

  @Override
  protected int run() throws Exception {
    List<RunResult> runs;
    Strata.Builder b = Strata.builder();
    properties().forEach(b::config);
    try (Strata strata = b.build()) {
      runs = TableRunLog.forLakehouse(strata, lakehouse).runs(pipeline, limit);
    }
    if (format == OutputFormat.JSON) {
      ArrayNode arr = Json.array();
      runs.forEach(r -> arr.add(RunJson.of(r)));
      Json.printPretty(out(), arr);
      return ExitCodes.OK;
    }
    if (runs.isEmpty()) {
      out()
          .println(
              "No runs recorded under "
                  + lakehouse
                  + "/_strata/runs"
                  + (pipeline == null ? "" : " for pipeline '" + pipeline + "'")
                  + ".");
      return ExitCodes.OK;
    }
    for (RunResult r : runs) {
      out()
          .printf(
              "%s  %-10s %-9s started %s UTC, %s, partitions %s%s%n",
              r.runId(),
              r.pipeline(),
              r.status(),
              TIME.format(r.start()),
              Format.duration(r.duration()),
              describe(r.partitions()),
              r.force() ? ", forced" : "");
      List<String[]> rows = new ArrayList<>();
      rows.add(
          new String[] {"step", "ok", "skipped", "failed", "blocked", "retried", "rows", "time"});
      for (RunResult.StepSummary s : r.stepSummaries()) {
        rows.add(
            new String[] {
              s.step(),
              Integer.toString(s.succeeded()),
              Integer.toString(s.skipped()),
              Integer.toString(s.failed()),
              Integer.toString(s.notRun()),
              Integer.toString(s.retried()),
              Format.count(s.rowsWritten()),
              Format.duration(s.time())
            });
      }
      if (rows.size() > 1) {
        RunSummary.table(out(), rows);
      }
      for (NodeOutcome o : r.outcomes()) {
        if (o.status() == Status.FAILED) {
          out()
              .printf(
                  "    FAILED %s (%d attempts): %s%n",
                  o.jobTag(), o.attempts().size(), RunProgress.firstLine(o.error()));
        } else if (!o.retried()) {
          continue;
        } else {
          out().printf("    retried %s (%d attempts)%n", o.jobTag(), o.attempts().size());
        }
        for (Attempt a : o.attempts()) {
          if (a.error() != null) {
            out()
                .printf(
                    "      attempt %d %s: %s%n",
                    a.number(),
                    a.failureClass() == null ? a.status() : a.failureClass(),
                    RunProgress.firstLine(a.error()));
          }
        }
      }
      out().println();
    }
    return ExitCodes.OK;
  }

  private static String describe(List<PartitionKey> keys) {
    if (keys.isEmpty()) {
      return "-";
    }
    if (keys.size() == 1) {
      return keys.get(0).value();
    }
    return keys.get(0).value()
        + ".."
        + keys.get(keys.size() - 1).value()
        + " ("
        + keys.size()
        + ")";
  }
}
