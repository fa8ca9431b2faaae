package dev.strata.cli.maintenance;

import dev.strata.cli.ProgressDisplay;
import dev.strata.maintenance.ProgressListener;
import java.io.PrintWriter;

/** Shows a maintenance operation's progress as a bar on a terminal, nothing otherwise. */
final class ProgressBridge implements ProgressListener, AutoCloseable {
  private final boolean interactive;
  private final PrintWriter err;
  private ProgressDisplay display;

  ProgressBridge(boolean interactive, PrintWriter err) {
    this.interactive = interactive;
    this.err = err;
  }

  @Override
  public synchronized void start(String phase, long total, String unit) {
    close();
    display = ProgressDisplay.open(phase + " " + unit, total, interactive, err);
  }

  @Override
  public synchronized void advance(long units) {
    if (display != null) {
      display.advance(units);
    }
  }

  @Override
  public synchronized void finish() {
    close();
  }

  @Override
  public synchronized void close() {
    if (display != null) {
      display.close();
      display = null;
    }
  }
}
