package dev.strata.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.Strata;
import dev.strata.format.Row;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two writer JVMs racing for the same table version with replaceWhere. */
class ConcurrentWriteTest {
  @TempDir Path dir;

  private String createTable() {
    String t = dir.resolve("t").toString();
    try (Strata strata = Strata.builder().parallelism(1).build()) {
      strata
          .createDataset(WriteModesTest.orders(0, 30, 1, 2, 3), WriteModesTest.ORDERS)
          .write()
          .partitionBy("day")
          .save(t);
    }
    return t;
  }

  private Process start(String table, String day, long firstId, String name) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            ReplaceWhereChild.class.getName(),
            table,
            day,
            Long.toString(firstId),
            dir.resolve(name + ".ready").toString(),
            dir.resolve("go").toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .start();
  }

  private List<String> race(String table, String dayA, String dayB) throws Exception {
    Process a = start(table, dayA, 1000, "a");
    Process b = start(table, dayB, 2000, "b");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!(Files.exists(dir.resolve("a.ready")) && Files.exists(dir.resolve("b.ready")))) {
      assertThat(System.nanoTime()).as("children reach their commit").isLessThan(deadline);
      assertThat(a.isAlive() || Files.exists(dir.resolve("a.ready"))).isTrue();
      assertThat(b.isAlive() || Files.exists(dir.resolve("b.ready"))).isTrue();
      Thread.sleep(20);
    }
    Files.createFile(dir.resolve("go"));
    assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(b.waitFor(120, TimeUnit.SECONDS)).isTrue();
    List<String> results = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      List<String> lines = Files.readAllLines(dir.resolve(name + ".out"), StandardCharsets.UTF_8);
      results.add(
          lines.stream()
              .filter(l -> l.startsWith("COMMITTED") || l.startsWith("CONFLICT"))
              .findFirst()
              .orElse("NO RESULT: " + lines));
    }
    return results;
  }

  @Test
  void replaceWhereOnDisjointPartitionsFromTwoProcessesBothCommit() throws Exception {
    String t = createTable();
    List<String> results = race(t, "2024-01-01", "2024-01-02");
    assertThat(results).allMatch(r -> r.startsWith("COMMITTED"));
    List<Row> rows = Tables.rows(t);
    assertThat(rows).hasSize(50);
    assertThat(rows.stream().filter(r -> "child".equals(r.get(3))).count()).isEqualTo(40);
    Tables.assertNoOrphans(t);
  }

  @Test
  void replaceWhereOnTheSamePartitionFromTwoProcessesOneGetsConcurrentAppend() throws Exception {
    String t = createTable();
    List<String> results = race(t, "2024-01-02", "2024-01-02");
    assertThat(results)
        .containsExactlyInAnyOrder("COMMITTED 1", "CONFLICT ConcurrentAppendException");
    List<Row> rows = Tables.rows(t);
    assertThat(rows).hasSize(40);
    assertThat(rows.stream().filter(r -> "child".equals(r.get(3))).count()).isEqualTo(20);
    Tables.assertNoOrphans(t);
  }
}
