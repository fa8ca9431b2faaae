package dev.strata.cli;

/** {@code --format} of commands that print a report: text for people, JSON for machines. */
public enum OutputFormat {
  /** Human-readable text. */
  TEXT,
  /** One JSON document with the same fields. */
  JSON
}
