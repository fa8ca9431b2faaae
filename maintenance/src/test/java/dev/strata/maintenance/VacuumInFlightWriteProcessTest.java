package dev.strata.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.format.PartitionPaths;
import dev.strata.log.AddFile;
import dev.strata.log.DeltaLog;
import dev.strata.log.Operation;
import dev.strata.log.Snapshot;
import dev.strata.log.TableProperties;
import dev.strata.maintenance.testing.TestTable;
import dev.strata.writer.PausingWriterChild;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VACUUM in this JVM while another process holds a write whose files are promoted but not yet
 * committed, with the table's retention at 1 second: VACUUM keeps the files of the live write and
 * the write commits a readable table.
 */
class VacuumInFlightWriteProcessTest {
  static final int ROWS = 3000;

  @TempDir Path dir;

  private static Process child(Path table, String pause, int rows) throws Exception {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            PausingWriterChild.class.getName(),
            table.toString(),
            pause,
            Integer.toString(rows))
        .redirectErrorStream(true)
        .start();
  }

  private static List<String> drain(Process p, List<String> lines, String until) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      lines.add(line);
      if (line.equals(until)) {
        break;
      }
    }
    return lines;
  }

  @Test
  void vacuumKeepsTheFilesOfALiveWriteAndTheWriteCommitsReadableFiles() throws Exception {
    Path table = dir.resolve("t");
    Process first = child(table, "none", 100);
    List<String> firstOut = drain(first, new ArrayList<>(), null);
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).as(String.join("\n", firstOut)).isZero();
    DeltaLog log = DeltaLog.forTable(table.toString());
    Snapshot created = log.latestSnapshot();
    log.startTransaction()
        .updateMetadata(
            created
                .metadata()
                .withProperty(TableProperties.DELETED_FILE_RETENTION, "interval 1 seconds"))
        .commit(List.of(), Operation.of("SET TBLPROPERTIES"));

    Process writer = child(table, "hold", ROWS);
    List<String> out = Collections.synchronizedList(new ArrayList<>());
    try {
      drain(writer, out, "PAUSED");
      assertThat(out).as("writer reached its job commit").contains("PAUSED");
      // VACUUM's clock two seconds ahead: the promoted files are past the table's 1 s retention,
      // while the writer's heartbeat (valid for a minute) is still live.
      Clock later = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(2));
      VacuumResult plain =
          Vacuum.forTable(DeltaLog.forTable(table.toString())).clock(later).execute();
      VacuumResult zero =
          Vacuum.forTable(DeltaLog.forTable(table.toString()))
              .clock(later)
              .retention(Duration.ZERO)
              .allowShortRetention()
              .execute();
      // Only now may the writer go on to its commit.
      writer.getOutputStream().write('\n');
      writer.getOutputStream().flush();
      assertThat(plain.youngUncommittedFiles()).as("files kept for the live write").isPositive();
      assertThat(zero.youngUncommittedFiles()).isPositive();
      Thread drainer =
          new Thread(
              () -> {
                try {
                  drain(writer, out, null);
                } catch (Exception e) {
                  out.add("drain failed: " + e);
                }
              });
      drainer.start();
      assertThat(writer.waitFor(120, TimeUnit.SECONDS)).isTrue();
      drainer.join();
    } finally {
      writer.destroyForcibly();
    }
    assertThat(writer.exitValue()).as(String.join("\n", out)).isZero();

    Snapshot after = DeltaLog.forTable(table.toString()).latestSnapshot();
    for (AddFile add : after.allFiles()) {
      assertThat(table.resolve(PartitionPaths.decodeAddPath(add.path())))
          .as("committed file exists")
          .exists();
    }
    assertThat(TestTable.open(table).rows()).hasSize(100 + ROWS);
    // Once the write is done, its staging directory is gone and VACUUM has nothing of it left.
    assertThat(
            Files.exists(table.resolve("_temporary"))
                ? Files.list(table.resolve("_temporary")).count()
                : 0)
        .isZero();
  }
}
