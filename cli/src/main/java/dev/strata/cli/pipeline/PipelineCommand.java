package dev.strata.cli.pipeline;

import dev.strata.cli.ExitCodes;
import dev.strata.cli.StrataCommand;
import dev.strata.engine.Strata;
import dev.strata.engine.events.Status;
import dev.strata.pipeline.Pipeline;
import dev.strata.pipeline.PipelineRun;
import dev.strata.pipeline.RunResult;
import java.util.List;
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

  /** The command that reruns what failed, when it is not a plain run/backfill (null). */
  String rerunHint() {
    return null;
  }

  /** Opens an engine session configured from the global options. */
  Strata openEngine() {
    Strata.Builder b = Strata.builder();
    properties().forEach(b::config);
    return b.build();
  }

  /** Configures the run (partitions), runs it with progress and prints the summary. */
  int runPipeline(
      Pipeline pipeline,
      Strata strata,
      java.util.function.UnaryOperator<PipelineRun> partitions,
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
    RunResult r;
    try (RunProgress progress = new RunProgress(err(), terminal())) {
      run.listener(progress);
      r =
          RunExecution.execute(
              run,
              result -> {
                progress.close();
                RunSummary.print(out(), result, rerunArgs, rerunHint());
              });
    }
    return r.status() == Status.SUCCEEDED ? ExitCodes.OK : ExitCodes.ERROR;
  }
}
