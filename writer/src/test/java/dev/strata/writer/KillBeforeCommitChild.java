package dev.strata.writer;

import dev.strata.engine.SaveMode;
import dev.strata.engine.Strata;
import dev.strata.writer.internal.Hooks;

/**
 * A writer process for {@link KillBeforeCommitTest}: every task has committed (its files are
 * promoted) when the job stops right before its log commit and waits to be killed.
 *
 * <p>Arguments: table.
 */
public final class KillBeforeCommitChild {
  private KillBeforeCommitChild() {}

  public static void main(String[] args) throws Exception {
    Hooks.beforeCommit(
        t -> {
          System.out.println("PAUSED");
          System.out.flush();
          try {
            Thread.sleep(600_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    try (Strata strata = Strata.builder().parallelism(2).build()) {
      strata
          .createDataset(WriteModesTest.orders(5000, 200, 4, 5), WriteModesTest.ORDERS)
          .write()
          .mode(SaveMode.APPEND)
          .idempotent("killed", 1)
          .save(args[0]);
    }
  }
}
