package dev.strata.cli.pipeline;

import dev.strata.pipeline.NodeOutcome;
import dev.strata.pipeline.PartitionKey;
import dev.strata.pipeline.RunListener;
import dev.strata.pipeline.RunResult;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a run's progress: a live bar (done / total, failures, what runs now) on a terminal, one
 * line per finished (step, partition) otherwise.
 */
final class RunProgress implements RunListener, AutoCloseable {
  private final RunListener printer;
  private final boolean terminal;
  private final Set<String> running = new TreeSet<>();
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private volatile int total;
  private ProgressBar bar;

  RunProgress(PrintWriter lines, boolean terminal) {
    this.printer = RunListener.printing(lines);
    this.terminal = terminal;
  }

  @Override
  public synchronized void runStarted(
      String runId, String pipeline, int units, int alreadyCommitted) {
    total = units;
    if (terminal) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(pipeline)
              .setInitialMax(units)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(200)
              .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
              .continuousUpdate()
              .build();
    } else {
      printer.runStarted(runId, pipeline, units, alreadyCommitted);
    }
  }

  @Override
  public synchronized void attemptStarted(String step, PartitionKey partition, int attempt) {
    running.add(tag(step, partition));
    updateBar();
  }

  @Override
  public synchronized void attemptFailed(
      String step, PartitionKey partition, int attempt, String error, Duration retryIn) {
    running.remove(tag(step, partition));
    if (retryIn != null) {
      if (bar != null) {
        bar.setExtraMessage("retry " + tag(step, partition) + " in " + Format.duration(retryIn));
      } else {
        printer.attemptFailed(step, partition, attempt, error, retryIn);
      }
    }
  }

  @Override
  public synchronized void nodeFinished(NodeOutcome o) {
    running.remove(o.jobTag());
    int n = done.incrementAndGet();
    if (!o.status().isDone()) {
      failed.incrementAndGet();
    }
    if (bar != null) {
      bar.stepTo(n);
      updateBar();
      return;
    }
    // The same lines a pipeline run from Java prints with RunListener.printing.
    printer.nodeFinished(o);
  }

  @Override
  public synchronized void runFinished(RunResult result) {
    close();
  }

  private void updateBar() {
    if (bar == null) {
      return;
    }
    // Short, so that the bar keeps its width on an 80-column terminal.
    String now =
        running.isEmpty()
            ? ""
            : running.iterator().next() + (running.size() > 1 ? " +" + (running.size() - 1) : "");
    bar.setExtraMessage((failed.get() > 0 ? failed.get() + " failed " : "") + now);
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  private static String tag(String step, PartitionKey key) {
    return key.isUnpartitioned() ? step : step + "/" + key.value();
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    String one = nl < 0 ? s : s.substring(0, nl);
    return one.length() > 200 ? one.substring(0, 197) + "..." : one;
  }
}
