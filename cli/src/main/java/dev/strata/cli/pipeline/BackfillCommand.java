package dev.strata.cli.pipeline;

import dev.strata.engine.Strata;
import dev.strata.pipeline.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata backfill PIPELINE --from D1 --to D2}. */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs a pipeline over a range of partitions, independent ones in parallel.",
      "A failure stops only what depends on it; rerunning redoes only what did not commit."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ${ROOT-COMMAND-NAME} backfill orders --from 2024-01-01 --to 2024-01-30 --parallelism 4",
      "  ${ROOT-COMMAND-NAME} backfill orders --from 2024-01-17 --to 2024-01-17 --force",
      "  ${ROOT-COMMAND-NAME} backfill orders --from 2024-01-01 --to 2024-01-30 --missing",
      "  ${ROOT-COMMAND-NAME} backfill orders --from 2024-01-01 --to 2024-01-07 --format json"
    })
public final class BackfillCommand extends PipelineCommand {
  @Parameters(index = "0", paramLabel = "PIPELINE", description = "The pipeline's name.")
  String name;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "KEY",
      description = "First partition (included).")
  String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "KEY",
      description = "Last partition (included).")
  String to;

  @Option(
      names = "--missing",
      description =
          "Run only the (step, partition)s that never committed any generation (see 'status').")
  boolean missing;

  @Override
  protected int run() {
    Pipeline p = PipelineCatalog.load(name, pipelineOptions);
    try (Strata strata = openEngine()) {
      return exitCode(
          runPipeline(
              p,
              strata,
              r -> missing ? r.range(from, to).onlyMissing() : r.range(from, to),
              pipelineOptions.asArguments()));
    }
  }
}
