package dev.strata.cli.pipeline;

import dev.strata.cli.ExitCodes;
import dev.strata.cli.Json;
import dev.strata.cli.OutputFormat;
import dev.strata.cli.StrataCommand;
import dev.strata.engine.Strata;
import dev.strata.engine.events.Status;
import dev.strata.pipeline.Pipeline;
import dev.strata.pipeline.PipelineRun;
import dev.strata.pipeline.RunResult;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What {@code run} and {@code backfill} share: loading, the engine session, progress, summary. */
abstract class PipelineCommand extends StrataCommand {
  @Mixin PipelineOptions pipelineOptions;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description = "(step, partition)s that run at once (default: ${DEFAULT-VALUE}).")
  int parallelism = PipelineRun.DEFAULT_PARALLELISM;

  @Option(names = "--force", description = "Start a new generation: redo even what committed.")
  boolean force;

  @Option(
      names = "--fail-at",
      paramLabel = "STEP:PARTITION",
      description = "Make one (step, partition) fail, to try failure handling and reruns.")
  String failAt;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text (progress on stderr, a summary) or json (the run as one object, no progress;"
              + " default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  /** The command that reruns what failed, when it is not a plain run/backfill (null). */
  String rerunHint() {
    return null;
  }

  /** Whether the run's JSON is the command's whole output (demo wraps it in more). */
  boolean printsRunJson() {
    return true;
  }

  /** Opens an engine session configured from the global options. */
  Strata openEngine() {
    Strata.Builder b = Strata.builder();
    properties().forEach(b::config);
    return b.build();
  }

  /**
   * Configures the run (partitions), runs it with progress and prints the summary (text), or the
   * run as JSON; a run that did not succeed is also reported as a failure on standard error.
   */
  RunResult runPipeline(
      Pipeline pipeline,
      Strata strata,
      UnaryOperator<PipelineRun> partitions,
      List<String> rerunArgs) {
    PipelineRun run = partitions.apply(pipeline.run(strata)).parallelism(parallelism);
    if (force) {
      run.force();
    }
    if (failAt != null) {
      int colon = failAt.indexOf(':');
      run.failAt(
          colon < 0 ? failAt : failAt.substring(0, colon),
          colon < 0 ? "" : failAt.substring(colon + 1));
    }
    boolean json = format == OutputFormat.JSON;
    RunResult r;
    try (RunProgress progress =
        json
            ? new RunProgress(new PrintWriter(Writer.nullWriter()), false)
            : new RunProgress(err(), terminal())) {
      run.listener(progress);
      r =
          RunExecution.execute(
              run,
              result -> {
                progress.close();
                if (!json) {
                  RunSummary.print(out(), result, rerunArgs, rerunHint());
                } else if (printsRunJson()) {
                  Json.printPretty(out(), RunJson.of(result));
                  out().flush();
                }
              });
    }
    if (json && r.status() != Status.SUCCEEDED) {
      List<String> hints =
          rerunHint() != null ? List.of(rerunHint()) : RunSummary.rerunCommands(r, rerunArgs);
      printFailure(
          String.format(
              "run %s of pipeline '%s' %s: %d (step, partition)s failed, %d not run",
              r.runId(),
              r.pipeline(),
              r.status(),
              r.stepSummaries().stream().mapToInt(RunResult.StepSummary::failed).sum(),
              r.stepSummaries().stream().mapToInt(RunResult.StepSummary::notRun).sum()),
          ExitCodes.ERROR,
          "rerun only what did not finish: " + String.join("; ", hints),
          format);
    }
    return r;
  }

  /** The exit code of a finished run. */
  static int exitCode(RunResult r) {
    return r.status() == Status.SUCCEEDED ? ExitCodes.OK : ExitCodes.ERROR;
  }
}
