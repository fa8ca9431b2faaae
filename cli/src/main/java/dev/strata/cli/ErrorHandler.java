package dev.strata.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Prints every failure as one line, {@code strata: error: ...}, and maps it to an exit code. The
 * stack trace follows only with {@code --verbose}. With {@code --format json} the failure is one
 * JSON object on standard error instead: {@code {"error": ..., "exitCode": ..., "hint": ...}}.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

  /** What went wrong, and what to do about it (null when there is nothing to add). */
  record Failure(String error, String hint) {
    String text() {
      return hint == null ? error : error + " (" + hint + ")";
    }
  }

  @Override
  public int handleExecutionException(
      Exception error, CommandLine commandLine, ParseResult parseResult) {
    report(error, commandLine, verbose(commandLine), wantsJson(parseResult.originalArgs()));
    return ExitCodes.forThrowable(error);
  }

  @Override
  public int handleParseException(ParameterException error, String[] args) {
    CommandLine commandLine = error.getCommandLine();
    PrintWriter err = commandLine.getErr();
    String name = commandLine.getCommandSpec().qualifiedName();
    Failure failure = new Failure(oneLine(error.getMessage()), "see '" + name + " --help'");
    print(err, failure, ExitCodes.ERROR, wantsJson(java.util.List.of(args)));
    if (verbose(commandLine) || containsVerbose(args)) {
      error.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.ERROR;
  }

  static void report(Throwable error, CommandLine commandLine, boolean verbose, boolean json) {
    PrintWriter err = commandLine.getErr();
    print(err, failure(error, verbose), ExitCodes.forThrowable(error), json);
    if (verbose) {
      error.printStackTrace(err);
    }
    err.flush();
  }

  /**
   * Prints a failure: {@code strata: error: ...} for people, one JSON object for {@code --format
   * json}.
   */
  static void print(PrintWriter err, Failure failure, int exitCode, boolean json) {
    if (json) {
      ObjectNode node = Json.object();
      node.put("error", failure.error());
      node.put("exitCode", exitCode);
      node.put("hint", failure.hint());
      err.println(Json.compact(node));
    } else {
      err.println("strata: error: " + failure.text());
    }
    err.flush();
  }

  /** The one-line message of a failure. */
  static String message(Throwable error, boolean verbose) {
    return failure(error, verbose).text();
  }

  static Failure failure(Throwable error, boolean verbose) {
    AccessDeniedException denied = cause(error, AccessDeniedException.class);
    if (denied != null) {
      // java.nio reports EACCES with the file as the whole message: say what happened.
      String file = denied.getFile();
      String base = oneLine(error.getMessage() == null ? "" : error.getMessage());
      if (base.endsWith(": " + file)) {
        base = base.substring(0, base.length() - file.length() - 2);
      }
      String message =
          base.isEmpty() || base.equals(file)
              ? "permission denied: " + file
              : base + ": permission denied" + (base.contains(file) ? "" : " on " + file);
      return new Failure(
          message,
          "the user running strata needs read access to "
              + file
              + " (and write access to change the table)");
    }
    if (ExitCodes.isExpected(error)) {
      String message = error.getMessage();
      if (message == null || message.isBlank()) {
        message = error.getClass().getSimpleName();
      }
      String hint =
          ExitCodes.isConflict(error)
              ? "nothing was committed; running the command again is safe"
              : null;
      return new Failure(oneLine(message), hint);
    }
    String message = error.getClass().getSimpleName();
    if (error.getMessage() != null) {
      message += ": " + error.getMessage();
    }
    return new Failure(
        oneLine("unexpected failure: " + message),
        verbose ? null : "run with --verbose for the stack trace");
  }

  private static <T extends Throwable> T cause(Throwable error, Class<T> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** Joins a multi-line message into one line. */
  static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    return message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  /** Whether the command line asks for {@code --format json} (then errors are JSON too). */
  static boolean wantsJson(java.util.List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--")) {
        return false;
      }
      if (a.equalsIgnoreCase("--format=json")) {
        return true;
      }
      if (a.equals("--format") && i + 1 < args.size() && args.get(i + 1).equalsIgnoreCase("json")) {
        return true;
      }
    }
    return false;
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
