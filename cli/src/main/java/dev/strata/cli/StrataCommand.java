package dev.strata.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of Strata's commands: output streams, the global options, and terminal detection. A subclass
 * implements {@link #run()} and returns an exit code from {@link ExitCodes}; failures are thrown
 * and reported by the root command as one line.
 */
public abstract class StrataCommand implements Callable<Integer> {

  @Spec protected CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    // Code that opens storage without properties (the engine, the writer, pipelines) reads the
    // strata.* system properties: the global options apply to it too, for this command only.
    Map<String, String> properties = properties();
    Map<String, String> previous = new HashMap<>();
    for (Map.Entry<String, String> e : properties.entrySet()) {
      previous.put(e.getKey(), System.getProperty(e.getKey()));
      System.setProperty(e.getKey(), e.getValue());
    }
    try {
      return run();
    } finally {
      for (Map.Entry<String, String> e : previous.entrySet()) {
        if (e.getValue() == null) {
          System.clearProperty(e.getKey());
        } else {
          System.setProperty(e.getKey(), e.getValue());
        }
      }
    }
  }

  /** Does the command's work; returns an exit code from {@link ExitCodes}. */
  protected abstract int run() throws Exception;

  /** Standard output (captured in tests). */
  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Standard error, for progress and warnings. */
  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** The root command with the global options. */
  protected StrataCli root() {
    return (StrataCli) spec.root().userObject();
  }

  /** Storage and engine properties from the global options ({@code strata.s3.*}, --conf). */
  protected Map<String, String> properties() {
    return root().properties();
  }

  /** Whether stack traces were asked for. */
  protected boolean verbose() {
    return root().verbose();
  }

  /**
   * Whether output goes to an interactive terminal (progress bars, colours). The launcher tells;
   * without it, a JVM with a console is taken as interactive.
   */
  protected boolean terminal() {
    return Terminal.interactive();
  }

  /**
   * Reports a failure the command detected itself (not thrown), in the same shape as thrown ones:
   * {@code strata: error: ERROR (HINT)}, or with {@code json} one object {@code {"error",
   * "exitCode", "hint"}} on standard error.
   */
  protected void printFailure(String error, int exitCode, String hint, OutputFormat format) {
    ErrorHandler.print(
        err(), new ErrorHandler.Failure(error, hint), exitCode, format == OutputFormat.JSON);
  }

  /** A progress display for {@code total} units of work: a bar on a terminal, nothing otherwise. */
  protected ProgressDisplay progress(String task, long total) {
    return ProgressDisplay.open(task, total, terminal(), err());
  }
}
