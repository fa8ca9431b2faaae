package dev.strata.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.SaveMode;
import dev.strata.engine.Strata;
import dev.strata.engine.WriteResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer JVM killed with {@code kill -9} after its task commits promoted files into the partition
 * directories but before the job's log commit: the files are invisible, {@code abortStaleWrites}
 * deletes them, and the idempotent write then commits once.
 */
class KillBeforeCommitTest {
  @TempDir Path dir;

  @Test
  void promotedFilesOfAKilledWriteAreInvisibleAndCleanedUp() throws Exception {
    String t = dir.resolve("t").toString();
    try (Strata strata = Strata.builder().parallelism(2).build()) {
      strata
          .createDataset(WriteModesTest.orders(0, 50, 1, 2), WriteModesTest.ORDERS)
          .write()
          .partitionBy("day")
          .save(t);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                KillBeforeCommitChild.class.getName(),
                t)
            .redirectErrorStream(true)
            .start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("PAUSED")) {
        // startup output
      }
      assertThat(line).as("child reached the job commit").isEqualTo("PAUSED");
      new ProcessBuilder("kill", "-9", Long.toString(p.pid())).start().waitFor();
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

    Set<String> orphans = new HashSet<>(Tables.dataFilesOnDisk(t));
    orphans.removeAll(Tables.referencedFiles(t));
    assertThat(orphans).as("promoted files of the killed write").isNotEmpty();
    assertThat(orphans)
        .allMatch(f -> f.startsWith("day=2024-01-04/") || f.startsWith("day=2024-01-05/"));
    assertThat(Tables.rows(t)).hasSize(50);
    assertThat(Tables.snapshot(t).version()).isZero();

    assertThat(StrataTable.abortStaleWrites(t, Duration.ofHours(1))).isZero();
    assertThat(StrataTable.abortStaleWrites(t, Duration.ZERO)).isEqualTo(1);
    Tables.assertNoOrphans(t);

    try (Strata strata = Strata.builder().parallelism(2).build()) {
      for (int i = 0; i < 2; i++) {
        WriteResult r =
            strata
                .createDataset(WriteModesTest.orders(5000, 200, 4, 5), WriteModesTest.ORDERS)
                .write()
                .mode(SaveMode.APPEND)
                .idempotent("killed", 1)
                .save(t);
        assertThat(r.skipped()).isEqualTo(i == 1);
      }
    }
    assertThat(Tables.rows(t)).hasSize(250);
    Tables.assertNoOrphans(t);
  }
}
