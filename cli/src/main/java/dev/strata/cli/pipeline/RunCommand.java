package dev.strata.cli.pipeline;

import dev.strata.cli.StrataCli;
import dev.strata.engine.Strata;
import dev.strata.pipeline.Partitioning;
import dev.strata.pipeline.Pipeline;
import java.time.LocalDate;
import java.time.ZoneOffset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code strata run PIPELINE [--partition KEY]}. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs a pipeline for one partition (--partition, required when the pipeline is partitioned).",
      "(step, partition)s that already committed are skipped, so rerunning is safe."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ${ROOT-COMMAND-NAME} run orders --partition 2024-01-17",
      "  ${ROOT-COMMAND-NAME} run orders --partition 2024-01-17 --force",
      "  ${ROOT-COMMAND-NAME} run orders --partition 2024-01-17 --format json | jq .status",
      "  ${ROOT-COMMAND-NAME} run sales --class acme.Sales --jar sales.jar --partition 2024-03-01"
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
    boolean partitioned = p.steps().stream().anyMatch(dev.strata.pipeline.Step::partitioned);
    if (key == null && partitioned) {
      // Running "today" by default committed empty versions of every table for a day with no
      // data yet: make the user say which partition they mean.
      String cmd = StrataCli.invokedAs();
      String example =
          p.partitioning() instanceof Partitioning.StaticKeys sk && !sk.keys().isEmpty()
              ? sk.keys().get(0)
              : LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
      String keys =
          p.partitioning() instanceof Partitioning.StaticKeys sk
              ? "one of " + sk.keys()
              : "a day, YYYY-MM-DD";
      throw new ParameterException(
          spec.commandLine(),
          "Pipeline '"
              + p.name()
              + "' is partitioned by "
              + p.partitioning().column()
              + ": name the partition to run with --partition ("
              + keys
              + "), e.g. '"
              + cmd
              + " run "
              + name
              + " --partition "
              + example
              + "', or a range with '"
              + cmd
              + " backfill "
              + name
              + " --from KEY --to KEY'.");
    }
    String k = key;
    try (Strata strata = openEngine()) {
      return exitCode(
          runPipeline(
              p, strata, r -> k == null ? r : r.partition(k), pipelineOptions.asArguments()));
    }
  }
}
