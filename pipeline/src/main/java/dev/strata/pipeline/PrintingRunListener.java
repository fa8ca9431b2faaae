package dev.strata.pipeline;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link RunListener#printing}: the per-(step, partition) lines the {@code strata} CLI prints. */
final class PrintingRunListener implements RunListener {
  private final PrintWriter out;
  private final AtomicInteger done = new AtomicInteger();
  private volatile int total;

  PrintingRunListener(PrintWriter out) {
    this.out = out;
  }

  @Override
  public synchronized void runStarted(
      String runId, String pipeline, int units, int alreadyCommitted) {
    total = units;
    done.set(0);
    print(RunText.runStarted(runId, pipeline, units, alreadyCommitted));
  }

  @Override
  public synchronized void attemptFailed(
      String step, PartitionKey partition, int attempt, String error, Duration retryIn) {
    if (retryIn != null) {
      String tag = partition.isUnpartitioned() ? step : step + "/" + partition.value();
      print(RunText.retry(tag, attempt, error, retryIn));
    }
  }

  @Override
  public synchronized void nodeFinished(NodeOutcome outcome) {
    String line = RunText.nodeFinished(outcome, done.incrementAndGet(), total);
    if (line != null) {
      print(line);
    }
  }

  private void print(String line) {
    out.println(line);
    out.flush();
  }
}
