package dev.strata.writer;

import dev.strata.engine.SaveMode;
import dev.strata.engine.Strata;
import dev.strata.writer.internal.Hooks;

/**
 * A writer process for in-flight-write tests: every task has committed (its files are promoted,
 * unreferenced by the log) when the job stops before its log commit, prints {@code PAUSED}, waits
 * until the parent writes a line to its standard input (or closes it), then commits and prints
 * {@code COMMITTED <version>}. The parent decides when the write may go on, so nothing depends on
 * how fast either process runs. Exits 1 on failure, with the error on stdout.
 *
 * <p>Arguments: table, pause ({@code hold} to wait for the parent, {@code none} to commit at once),
 * rows.
 */
public final class PausingWriterChild {
  private PausingWriterChild() {}

  public static void main(String[] args) {
    boolean hold = args[1].equals("hold");
    int rows = Integer.parseInt(args[2]);
    Hooks.beforeCommit(
        t -> {
          if (!hold) {
            return;
          }
          System.out.println("PAUSED");
          System.out.flush();
          try {
            new java.io.BufferedReader(
                    new java.io.InputStreamReader(
                        System.in, java.nio.charset.StandardCharsets.UTF_8))
                .readLine();
          } catch (java.io.IOException e) {
            // a closed or broken stdin means the parent is gone: go on and commit
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
