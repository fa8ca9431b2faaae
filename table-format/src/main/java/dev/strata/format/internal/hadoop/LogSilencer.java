package dev.strata.format.internal.hadoop;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps Hadoop's and Parquet's start-up chatter off a user's terminal. Both log through SLF4J,
 * whose provider is the application's choice (the CLI ships slf4j-nop); a few corners use
 * java.util.logging, which prints to stderr by default, so those loggers are turned down here.
 */
final class LogSilencer {
  // Held strongly: java.util.logging keeps loggers weakly and would forget the level.
  private static final Logger[] HELD = {
    Logger.getLogger("org.apache.hadoop"), Logger.getLogger("org.apache.parquet"),
  };

  private LogSilencer() {}

  static void silenceHadoopAndParquet() {
    for (Logger logger : HELD) {
      logger.setLevel(Level.SEVERE);
    }
  }
}
