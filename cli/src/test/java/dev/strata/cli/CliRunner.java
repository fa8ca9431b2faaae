package dev.strata.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code strata} in-process and captures what it prints. */
public final class CliRunner {
  private CliRunner() {}

  /** Exit code and the captured streams of one run. */
  public record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  public static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = StrataCli.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }
}
