package dev.strata.writer;

import dev.strata.engine.SaveMode;
import dev.strata.engine.Strata;
import dev.strata.writer.internal.Hooks;

/**
 * A writer process for in-flight-write tests: every task has committed (its files are promoted,
 * unreferenced by the log) when the job stops before its log commit, prints {@code PAUSED}, waits
 * {@code pauseMillis}, then commits and prints {@code COMMITTED <version>}. Exits 1 on failure,
 * with the error on stdout.
 *
 * <p>Arguments: table, pauseMillis, rows.
 */
public final class PausingWriterChild {
  private PausingWriterChild() {}

  public static void main(String[] args) {
    long pause = Long.parseLong(args[1]);
    int rows = Integer.parseInt(args[2]);
    Hooks.beforeCommit(
        t -> {
          System.out.println("PAUSED");
          System.out.flush();
          try {
            Thread.sleep(pause);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    try (Strata strata = Strata.builder().parallelism(2).build()) {
      strata
          .createDataset(WriteModesTest.orders(1_000_000, rows, 1, 2, 3), WriteModesTest.ORDERS)
          .write()
          .mode(SaveMode.APPEND)
          .save(args[0]);
      System.out.println("COMMITTED");
    } catch (Throwable e) {
      System.out.println("FAILED " + e);
      System.out.flush();
      System.exit(1);
    }
    System.exit(0);
  }
}
