package dev.strata.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Silences libraries that log to the terminal outside SLF4J (which the CLI binds to slf4j-nop):
 * java.util.logging users such as JLine, which the progress bar uses.
 */
final class Quiet {
  // Held so the configured levels are not garbage-collected with the loggers.
  private static final Logger[] LOGGERS = {Logger.getLogger("org.jline"), Logger.getLogger("")};

  private Quiet() {}

  static void install() {
    LOGGERS[0].setLevel(Level.OFF);
    LOGGERS[1].setLevel(Level.SEVERE);
  }
}
