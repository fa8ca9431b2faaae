package dev.strata.writer;

import dev.strata.engine.SaveMode;
import dev.strata.engine.Strata;
import dev.strata.engine.WriteResult;
import dev.strata.format.Row;
import dev.strata.log.ConcurrentModificationException;
import dev.strata.writer.internal.Hooks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A writer process for {@link ConcurrentWriteTest}: replaces one day of a table, pausing right
 * before its log commit until the test says go, so two processes race for the same version.
 *
 * <p>Arguments: table, day (yyyy-MM-dd), first id, ready file, go file. Prints {@code COMMITTED
 * <version>} or {@code CONFLICT <exception class>}.
 */
public final class ReplaceWhereChild {
  private ReplaceWhereChild() {}

  public static void main(String[] args) throws Exception {
    String table = args[0];
    LocalDate day = LocalDate.parse(args[1]);
    long firstId = Long.parseLong(args[2]);
    Path ready = Path.of(args[3]);
    Path go = Path.of(args[4]);
    Hooks.beforeCommit(
        t -> {
          try {
            Files.createFile(ready);
            while (!Files.exists(go)) {
              Thread.sleep(5);
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(Row.of(firstId + i, day, 1, "child"));
    }
    try (Strata strata = Strata.builder().parallelism(1).build()) {
      WriteResult r =
          strata
              .createDataset(rows, WriteModesTest.ORDERS)
              .write()
              .mode(SaveMode.OVERWRITE)
              .replaceWhere("day = DATE'" + day + "'")
              .save(table);
      System.out.println("COMMITTED " + r.version());
    } catch (ConcurrentModificationException e) {
      System.out.println("CONFLICT " + e.getClass().getSimpleName());
    }
    System.out.flush();
    System.exit(0);
  }
}
