package dev.strata.maintenance.testing;

import dev.strata.format.Row;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate writer process for concurrency tests: appends {@code count} commits of {@code rows}
 * rows with consecutive ids starting at {@code firstId}, alternating partitions a and b, printing
 * {@code committed <version>} after each. Exits 1 on any failure.
 */
public final class AppendLoop {
  private AppendLoop() {}

  public static void main(String[] args) throws Exception {
    Path table = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    long firstId = Long.parseLong(args[2]);
    int rowsPerCommit = Integer.parseInt(args[3]);
    long pauseMillis = Long.parseLong(args[4]);
    try {
      TestTable t = TestTable.open(table);
      long id = firstId;
      for (int c = 0; c < count; c++) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < rowsPerCommit; i++) {
          rows.add(Row.of(id, "w" + id, c % 2 == 0 ? "a" : "b"));
          id++;
        }
        long version = t.append(rows);
        System.out.println("committed " + version);
        System.out.flush();
        Thread.sleep(pauseMillis);
      }
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }
}
