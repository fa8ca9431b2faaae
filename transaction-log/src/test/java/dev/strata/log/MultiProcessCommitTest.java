package dev.strata.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.log.testing.TestTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes racing for versions of one local table. */
class MultiProcessCommitTest {
  @TempDir Path dir;

  @Test
  void fourProcessesTimesFiftyBlindAppends() throws Exception {
    TestTables.at(dir).create();
    int processes = 4;
    int commits = 50;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("java.class.path");
    List<Process> running = new ArrayList<>();
    for (int p = 0; p < processes; p++) {
      ProcessBuilder pb =
          new ProcessBuilder(
              java,
              "-Xmx256m",
              "-XX:TieredStopAtLevel=1",
              "-cp",
              classpath,
              AppendWorker.class.getName(),
              dir.toString(),
              "w" + p,
              Integer.toString(commits));
      pb.redirectErrorStream(true);
      pb.redirectOutput(dir.resolveSibling(dir.getFileName() + "-w" + p + ".log").toFile());
      running.add(pb.start());
    }
    for (int p = 0; p < processes; p++) {
      assertThat(running.get(p).waitFor(5, TimeUnit.MINUTES)).isTrue();
      Path out = dir.resolveSibling(dir.getFileName() + "-w" + p + ".log");
      assertThat(running.get(p).exitValue()).as(Files.readString(out)).isZero();
    }

    DeltaLog log = DeltaLog.forTable(dir.toString());
    Snapshot s = log.latestSnapshot();
    assertThat(s.version()).isEqualTo(processes * commits);
    for (long v = 0; v <= s.version(); v++) {
      assertThat(dir.resolve("_delta_log").resolve(String.format("%020d.json", v))).exists();
    }
    Map<String, Integer> seen = new HashMap<>();
    for (long v = 1; v <= s.version(); v++) {
      for (Action a : log.commitActions(v)) {
        if (a instanceof AddFile add) {
          seen.merge(add.path(), 1, Integer::sum);
        }
      }
    }
    assertThat(seen).hasSize(processes * commits);
    assertThat(seen.values()).containsOnly(1);
    assertThat(s.numFiles()).isEqualTo(processes * commits);
  }
}
