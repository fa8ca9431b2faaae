package dev.strata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.Strata;
import dev.strata.engine.events.Status;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose process was killed shows as ABANDONED, not RUNNING forever. */
class AbandonedRunTest {
  @TempDir Path dir;

  private static Process startRun(Path lakehouse, String runId) throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                RunStartedChild.class.getName(),
                lakehouse.toString(),
                runId)
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null && !line.equals("STARTED")) {
      // startup output
    }
    assertThat(line).as("child recorded its run").isEqualTo("STARTED");
    return p;
  }

  @Test
  void aKilledRunIsAbandonedAndALiveOneStaysRunning() throws Exception {
    Path lakehouse = dir.resolve("lake");
    Process killed = startRun(lakehouse, "run-killed");
    new ProcessBuilder("kill", "-9", Long.toString(killed.pid())).start().waitFor();
    assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Process alive = startRun(lakehouse, "run-alive");
    try (Strata strata = Strata.builder().parallelism(1).build()) {
      TableRunLog log = TableRunLog.forLakehouse(strata, lakehouse.toString());
      var runs = log.runs("events", 10);
      assertThat(runs).extracting(RunResult::runId).contains("run-killed", "run-alive");
      RunResult dead =
          runs.stream().filter(r -> r.runId().equals("run-killed")).findFirst().orElseThrow();
      assertThat(dead.status()).isEqualTo(Status.ABANDONED);
      assertThat(dead.end()).isAfterOrEqualTo(dead.start());
      assertThat(
              runs.stream()
                  .filter(r -> r.runId().equals("run-alive"))
                  .findFirst()
                  .orElseThrow()
                  .status())
          .isEqualTo(Status.RUNNING);
    } finally {
      alive.destroyForcibly();
      alive.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
