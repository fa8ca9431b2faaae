package dev.strata.cli;

/** Detects whether the CLI talks to an interactive terminal. */
public final class Terminal {
  /** Set by the {@code ./strata} launcher: true when stdout and stderr are terminals. */
  public static final String PROPERTY = "strata.cli.terminal";

  private Terminal() {}

  /** Whether progress bars should be drawn. */
  public static boolean interactive() {
    String told = System.getProperty(PROPERTY);
    if (told != null) {
      return Boolean.parseBoolean(told);
    }
    return System.console() != null;
  }
}
