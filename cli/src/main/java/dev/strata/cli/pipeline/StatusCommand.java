package dev.strata.cli.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.cli.ExitCodes;
import dev.strata.cli.Json;
import dev.strata.cli.OutputFormat;
import dev.strata.cli.StrataCommand;
import dev.strata.engine.Strata;
import dev.strata.pipeline.PartitionKey;
import dev.strata.pipeline.Pipeline;
import dev.strata.pipeline.PipelineException;
import dev.strata.pipeline.PipelineStatus;
import dev.strata.pipeline.Step;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata status PIPELINE --from D1 --to D2}: the grid of what committed. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Shows, per step and partition, what committed (with its generation), what failed or was",
      "blocked in the latest run that tried it, and what is missing. Changes nothing."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ${ROOT-COMMAND-NAME} status orders --from 2024-01-01 --to 2024-01-30",
      "  ${ROOT-COMMAND-NAME} status orders --from 2024-01-01 --to 2024-01-07 --format json",
      "  ${ROOT-COMMAND-NAME} backfill orders --from 2024-01-01 --to 2024-01-30 --missing"
    })
public final class StatusCommand extends StrataCommand {
  @Parameters(index = "0", paramLabel = "PIPELINE", description = "The pipeline's name.")
  String name;

  @Mixin PipelineOptions pipelineOptions;

  @Option(names = "--from", paramLabel = "KEY", description = "First partition (included).")
  String from;

  @Option(names = "--to", paramLabel = "KEY", description = "Last partition (included).")
  String to;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text (a grid) or json (one object with every cell; default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Override
  protected int run() {
    Pipeline p = PipelineCatalog.load(name, pipelineOptions);
    boolean partitioned = p.steps().stream().anyMatch(Step::partitioned);
    List<PartitionKey> keys = List.of();
    if (partitioned) {
      if (from == null || to == null) {
        throw new PipelineException(
            "Pipeline '"
                + p.name()
                + "' is partitioned by "
                + p.partitioning().column()
                + ": give the range to show with --from and --to.");
      }
      keys = p.partitioning().range(from, to);
    }
    PipelineStatus status;
    Strata.Builder b = Strata.builder();
    properties().forEach(b::config);
    try (Strata strata = b.build()) {
      status = PipelineStatus.of(p, strata, keys);
    }
    if (format == OutputFormat.JSON) {
      ObjectNode n = Json.object();
      n.put("pipeline", status.pipeline());
      ArrayNode parts = n.putArray("partitions");
      status.keys().forEach(k -> parts.add(k.value()));
      ArrayNode steps = n.putArray("steps");
      status.steps().forEach(steps::add);
      ObjectNode counts = n.putObject("counts");
      for (PipelineStatus.State s : PipelineStatus.State.values()) {
        counts.put(s.name().toLowerCase(java.util.Locale.ROOT), status.count(s));
      }
      ArrayNode cells = n.putArray("cells");
      for (PipelineStatus.Cell c : status.cells()) {
        ObjectNode cn = cells.addObject();
        cn.put("step", c.step());
        cn.put("partition", c.partition().value());
        cn.put("state", c.state().name());
        cn.put("generation", c.generation());
        if (c.runId() != null) {
          cn.put("runId", c.runId());
        }
        if (c.error() != null) {
          cn.put("error", c.error());
        }
      }
      Json.printPretty(out(), n);
      return ExitCodes.OK;
    }
    out().printf("Pipeline '%s'%n", status.pipeline());
    out().print(status.text());
    if (status.count(PipelineStatus.State.COMMITTED) < status.cells().size() && partitioned) {
      out()
          .printf(
              "Run what is missing: strata backfill %s --from %s --to %s --missing%n",
              p.name(), from, to);
    }
    return ExitCodes.OK;
  }
}
