package dev.strata.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Prints every failure as one line, {@code strata: error: ...}, and maps it to an exit code. The
 * stack trace follows only with {@code --verbose}.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception error, CommandLine commandLine, ParseResult parseResult) {
    report(error, commandLine, verbose(commandLine));
    return ExitCodes.forThrowable(error);
  }

  @Override
  public int handleParseException(ParameterException error, String[] args) {
    CommandLine commandLine = error.getCommandLine();
    PrintWriter err = commandLine.getErr();
    String name = commandLine.getCommandSpec().qualifiedName();
    err.println("strata: error: " + oneLine(error.getMessage()) + " (see '" + name + " --help')");
    if (verbose(commandLine) || containsVerbose(args)) {
      error.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.ERROR;
  }

  static void report(Throwable error, CommandLine commandLine, boolean verbose) {
    PrintWriter err = commandLine.getErr();
    err.println("strata: error: " + message(error, verbose));
    if (verbose) {
      error.printStackTrace(err);
    }
    err.flush();
  }

  /** The one-line message of a failure. */
  static String message(Throwable error, boolean verbose) {
    if (ExitCodes.isExpected(error)) {
      String message = error.getMessage();
      if (message == null || message.isBlank()) {
        message = error.getClass().getSimpleName();
      }
      if (ExitCodes.isConflict(error)) {
        message += " (nothing was committed; running the command again is safe)";
      }
      return oneLine(message);
    }
    String message = error.getClass().getSimpleName();
    if (error.getMessage() != null) {
      message += ": " + error.getMessage();
    }
    message = "unexpected failure: " + message;
    return oneLine(verbose ? message : message + " (run with --verbose for the stack trace)");
  }

  /** Joins a multi-line message into one line. */
  static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    return message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  private static boolean verbose(CommandLine commandLine) {
    CommandLine root = commandLine;
    while (root.getParent() != null) {
      root = root.getParent();
    }
    return root.getCommand() instanceof StrataCli cli && cli.verbose();
  }

  private static boolean containsVerbose(String[] args) {
    for (String arg : args) {
      if (arg.equals("--verbose") || arg.equals("-v")) {
        return true;
      }
    }
    return false;
  }
}
