package dev.strata.writer.internal;

import java.util.function.Consumer;

/**
 * Points where tests of crash and concurrency behaviour (real processes) stop a writer: just before
 * the job's log commit. Unset in production; costs one volatile read per commit.
 */
public final class Hooks {
  private static volatile Consumer<String> beforeCommit;

  private Hooks() {}

  /** Runs {@code hook} with the table path right before every job commit; null removes it. */
  public static void beforeCommit(Consumer<String> hook) {
    beforeCommit = hook;
  }

  static void fireBeforeCommit(String table) {
    Consumer<String> hook = beforeCommit;
    if (hook != null) {
      hook.accept(table);
    }
  }
}
