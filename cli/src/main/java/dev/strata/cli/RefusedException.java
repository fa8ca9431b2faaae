package dev.strata.cli;

import dev.strata.format.StrataException;

/**
 * A command refused to do something unsafe; exits with {@link ExitCodes#REFUSED}. The message says
 * which option forces it.
 */
public class RefusedException extends StrataException {
  public RefusedException(String message) {
    super(message);
  }
}
