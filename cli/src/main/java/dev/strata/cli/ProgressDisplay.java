package dev.strata.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of long work (files rewritten, deleted): a progress bar on stderr when the terminal is
 * interactive, silent when output is piped or captured. Thread-safe.
 */
public abstract class ProgressDisplay implements AutoCloseable {

  /** Opens a display of {@code total} units of {@code task}. */
  public static ProgressDisplay open(
      String task, long total, boolean interactive, PrintWriter err) {
    if (!interactive || total <= 0) {
      return new Silent();
    }
    return new Bar(task, total);
  }

  /** Records {@code n} more units done. */
  public abstract void advance(long n);

  /** Changes the total (when more work was discovered). */
  public abstract void total(long total);

  /** Updates the short status text after the bar. */
  public abstract void message(String text);

  @Override
  public abstract void close();

  private static final class Silent extends ProgressDisplay {
    @Override
    public void advance(long n) {}

    @Override
    public void total(long total) {}

    @Override
    public void message(String text) {}

    @Override
    public void close() {}
  }

  private static final class Bar extends ProgressDisplay {
    private final ProgressBar bar;

    Bar(String task, long total) {
      this.bar =
          new ProgressBarBuilder()
              .setTaskName(task)
              .setInitialMax(total)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(200)
              .continuousUpdate()
              .clearDisplayOnFinish()
              .build();
    }

    @Override
    public synchronized void advance(long n) {
      bar.stepBy(n);
    }

    @Override
    public synchronized void total(long total) {
      bar.maxHint(total);
    }

    @Override
    public synchronized void message(String text) {
      bar.setExtraMessage(text);
    }

    @Override
    public synchronized void close() {
      bar.close();
    }
  }
}
