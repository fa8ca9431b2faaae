package dev.strata.cli.pipeline;

import dev.strata.engine.events.Status;
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
  private final PrintWriter lines;
  private final boolean terminal;
  private final Set<String> running = new TreeSet<>();
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private volatile int total;
  private ProgressBar bar;

  RunProgress(PrintWriter lines, boolean terminal) {
    this.lines = lines;
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
      lines.printf(
          "Run %s of pipeline '%s': %d (step, partition)s, %d already committed%n",
          runId, pipeline, units, alreadyCommitted);
      lines.flush();
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
      String msg =
          String.format(
              "retry    %s: attempt %d failed (%s); retrying in %s",
              tag(step, partition), attempt, firstLine(error), Format.duration(retryIn));
      if (bar != null) {
        bar.setExtraMessage("retry " + tag(step, partition) + " in " + Format.duration(retryIn));
      } else {
        lines.println("         " + msg);
        lines.flush();
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
    if (o.status() == Status.SKIPPED) {
      return;
    }
    String width = Integer.toString(Integer.toString(total).length());
    String prefix = String.format("[%" + width + "d/%d] ", n, total);
    String line =
        switch (o.status()) {
          case SUCCEEDED ->
              String.format(
                      "%-8s %-24s %12s rows  %s%s",
                      o.retried() ? "ok*" : "ok",
                      o.jobTag(),
                      Format.count(o.rowsWritten()),
                      o.tableVersion().isPresent() ? "v" + o.tableVersion().getAsLong() + "  " : "",
                      Format.duration(o.duration()))
                  + (o.retried() ? "  (after " + o.attempts().size() + " attempts)" : "");
          case FAILED ->
              String.format(
                  "%-8s %-24s after %d attempt(s): %s",
                  "FAILED", o.jobTag(), o.attempts().size(), firstLine(o.error()));
          case UPSTREAM_FAILED -> String.format("%-8s %-24s %s", "blocked", o.jobTag(), o.error());
          case CANCELLED -> String.format("%-8s %-24s", "cancel", o.jobTag());
          default -> o.jobTag();
        };
    lines.println(prefix + line);
    lines.flush();
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
