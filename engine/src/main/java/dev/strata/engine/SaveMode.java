package dev.strata.engine;

/** What a write does when the table already exists. */
public enum SaveMode {
  /** Add the rows to the table (create it if missing). */
  APPEND,
  /** Replace the table's rows (or, with replaceWhere / dynamic mode, some of them). */
  OVERWRITE,
  /** Fail if the table exists (the default, as in Spark). */
  ERROR_IF_EXISTS,
  /** Do nothing if the table exists. */
  IGNORE
}
