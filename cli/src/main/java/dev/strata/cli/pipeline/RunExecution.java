package dev.strata.cli.pipeline;

import dev.strata.pipeline.PipelineRun;
import dev.strata.pipeline.RunHandle;
import dev.strata.pipeline.RunResult;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a pipeline run in the foreground: Ctrl-C (SIGINT) cancels it cleanly — running steps are
 * interrupted and commit nothing — and the summary is still printed before the JVM exits.
 */
final class RunExecution {
  private static final long SHUTDOWN_WAIT_SECONDS = 120;

  private RunExecution() {}

  /** Executes; {@code afterRun} prints the summary (also when cancelled by Ctrl-C). */
  static RunResult execute(PipelineRun run, java.util.function.Consumer<RunResult> afterRun) {
    RunHandle handle = run.start();
    CountDownLatch reported = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              handle.cancel();
              try {
                // Let the main thread finish the run and print its summary before the JVM halts.
                reported.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "strata-cancel-" + handle.runId());
    boolean hooked = true;
    try {
      Runtime.getRuntime().addShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      hooked = false;
      handle.cancel();
    }
    try {
      RunResult r = handle.await();
      afterRun.accept(r);
      return r;
    } finally {
      reported.countDown();
      if (hooked) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The hook is running: it only waits for the latch released above.
        }
      }
    }
  }
}
