package dev.strata.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.format.Row;
import dev.strata.log.CommitEntry;
import dev.strata.maintenance.testing.AppendLoop;
import dev.strata.maintenance.testing.TestTable;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OPTIMIZE in this JVM while another process appends in a loop: no append fails or is lost. */
class OptimizeConcurrentAppendProcessTest {
  static final int APPENDS = 60;
  static final int ROWS_PER_APPEND = 50;
  static final long FIRST_CHILD_ID = 1_000_000;

  @TempDir Path dir;

  // A synchronized list must be locked while streamed: the reader thread appends concurrently.
  private static boolean anyCommitted(List<String> lines) {
    synchronized (lines) {
      return lines.stream().anyMatch(l -> l.startsWith("committed"));
    }
  }

  @Test
  void everyAppendCommitsAndNoRowIsLostOrDuplicated() throws Exception {
    TestTable table =
        TestTable.create(dir.resolve("t"), OptimizeTest.SCHEMA, List.of("part"), Map.of());
    List<Long> expected = new ArrayList<>();
    for (int c = 0; c < 10; c++) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        long id = c * 20L + i;
        rows.add(Row.of(id, "v" + id, c % 2 == 0 ? "a" : "b"));
        expected.add(id);
      }
      table.append(rows);
    }
    for (long id = FIRST_CHILD_ID; id < FIRST_CHILD_ID + APPENDS * ROWS_PER_APPEND; id++) {
      expected.add(id);
    }

    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AppendLoop.class.getName(),
                table.dir().toString(),
                Integer.toString(APPENDS),
                Long.toString(FIRST_CHILD_ID),
                Integer.toString(ROWS_PER_APPEND),
                "20")
            .redirectErrorStream(true)
            .start();
    List<String> childOutput = Collections.synchronizedList(new ArrayList<>());
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  childOutput.add(line);
                }
              } catch (Exception e) {
                childOutput.add("reader failed: " + e);
              }
            });
    reader.start();

    // Start compacting once the other process is committing.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!anyCommitted(childOutput) && child.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    int optimizeCommits = 0;
    while (child.isAlive()) {
      OptimizeResult result = Optimize.forTable(TestTable.open(table.dir()).log()).execute();
      if (result.committedVersion() != null) {
        optimizeCommits++;
      }
    }
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    reader.join();
    assertThat(child.exitValue()).as(String.join("\n", childOutput)).isZero();
    assertThat(childOutput.stream().filter(l -> l.startsWith("committed"))).hasSize(APPENDS);
    assertThat(optimizeCommits).isPositive();

    TestTable reopened = TestTable.open(table.dir());
    List<Long> ids = new ArrayList<>();
    for (Row row : reopened.rows()) {
      ids.add((Long) row.get(0));
    }
    Collections.sort(ids);
    Collections.sort(expected);
    assertThat(ids).isEqualTo(expected);

    // At least one OPTIMIZE committed between two of the other process's appends.
    List<Long> appendVersions =
        childOutput.stream()
            .filter(l -> l.startsWith("committed "))
            .map(l -> Long.parseLong(l.substring("committed ".length())))
            .toList();
    long lastAppend = Collections.max(appendVersions);
    long firstAppend = Collections.min(appendVersions);
    List<CommitEntry> history = reopened.log().history(0);
    assertThat(history)
        .anyMatch(
            e ->
                e.info() != null
                    && "OPTIMIZE".equals(e.info().operation())
                    && e.version() > firstAppend
                    && e.version() < lastAppend);
  }
}
