package dev.strata.cli;

import dev.strata.format.StrataException;
import dev.strata.log.ConcurrentModificationException;
import dev.strata.maintenance.RetentionTooShortException;
import picocli.CommandLine.ParameterException;

/**
 * The exit codes of every {@code strata} command.
 *
 * <ul>
 *   <li>{@link #OK} (0): done;
 *   <li>{@link #ERROR} (1): failed, including bad arguments;
 *   <li>{@link #CONFLICT} (2): a concurrent writer changed the table in a conflicting way; nothing
 *       was committed and running the command again is safe;
 *   <li>{@link #REFUSED} (3): refused for safety (for example a VACUUM retention shorter than the
 *       table's); the message names the flag that forces it.
 * </ul>
 */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int ERROR = 1;
  public static final int CONFLICT = 2;
  public static final int REFUSED = 3;

  private ExitCodes() {}

  /** The exit code for a failure. */
  public static int forThrowable(Throwable error) {
    if (error instanceof ParameterException) {
      return ERROR;
    }
    if (error instanceof RefusedException || error instanceof RetentionTooShortException) {
      return REFUSED;
    }
    if (isConflict(error)) {
      return CONFLICT;
    }
    return ERROR;
  }

  /** Whether the error, or one of its causes, is a concurrent-modification conflict. */
  static boolean isConflict(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConcurrentModificationException) {
        return true;
      }
    }
    return false;
  }

  /** Whether a message is Strata's own (shown as is) rather than an unexpected failure. */
  static boolean isExpected(Throwable error) {
    return error instanceof StrataException || error instanceof ParameterException;
  }
}
