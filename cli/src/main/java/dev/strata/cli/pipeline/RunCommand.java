package dev.strata.cli.pipeline;

import dev.strata.engine.Strata;
import dev.strata.pipeline.Partitioning;
import dev.strata.pipeline.Pipeline;
import dev.strata.pipeline.PipelineException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata run PIPELINE [--partition KEY]}. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs a pipeline for one partition (today, UTC, for a daily pipeline unless --partition).",
      "(step, partition)s that already committed are skipped, so rerunning is safe."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ${ROOT-COMMAND-NAME} run orders --partition 2024-01-17",
      "  ${ROOT-COMMAND-NAME} run orders --partition 2024-01-17 --force",
      "  ${ROOT-COMMAND-NAME} run orders --partition 2024-01-17 --format json | jq .status",
      "  ${ROOT-COMMAND-NAME} run sales --class com.acme.SalesPipeline --jar sales.jar --partition 2024-03-01"
    })
public final class RunCommand extends PipelineCommand {
  @Parameters(index = "0", paramLabel = "PIPELINE", description = "The pipeline's name.")
  String name;

  @Option(
      names = "--partition",
      paramLabel = "KEY",
      description = "The partition key (a date for daily pipelines).")
  String partition;

  @Override
  protected int run() {
    Pipeline p = PipelineCatalog.load(name, pipelineOptions);
    String key = partition;
    if (key == null && p.partitioning() instanceof Partitioning.Daily) {
      key = LocalDate.now(ZoneOffset.UTC).toString();
    } else if (key == null && p.partitioning() instanceof Partitioning.StaticKeys) {
      throw new PipelineException(
          "Pipeline '" + name + "' has static partitions: give --partition KEY.");
    }
    String k = key;
    try (Strata strata = openEngine()) {
      return exitCode(
          runPipeline(
              p, strata, r -> k == null ? r : r.partition(k), pipelineOptions.asArguments()));
    }
  }
}
