package dev.strata.cli.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.cli.StrataCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineClassAndCancelTest {
  @TempDir Path tmp;

  @Test
  void aPipelineNamedByClassRuns() {
    String lh = tmp.resolve("lh").toString();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        StrataCli.execute(
            new PrintWriter(out),
            new PrintWriter(err),
            "run",
            "tiny",
            "--class",
            TinyPipeline.class.getName(),
            "--lakehouse",
            lh,
            "--partition",
            "2024-01-05");
    assertThat(code).as(out + "" + err).isZero();
    assertThat(out.toString()).contains("SUCCEEDED").contains("numbers");
    StringWriter listed = new StringWriter();
    StrataCli.execute(
        new PrintWriter(listed),
        new PrintWriter(new StringWriter()),
        "pipelines",
        "--class",
        TinyPipeline.class.getName(),
        "--lakehouse",
        lh);
    assertThat(listed.toString()).contains("tiny").contains("daily by day").contains("numbers");
  }

  /**
   * A real process stopped with SIGTERM (what Ctrl-C's SIGINT does too): cancels, reports, exits.
   */
  @Test
  void terminatingTheProcessCancelsTheRunAndPrintsTheSummary() throws Exception {
    Path marker = tmp.resolve("started");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    StrataCli.class.getName(),
                    "run",
                    "tiny",
                    "--class",
                    TinyPipeline.class.getName(),
                    "--lakehouse",
                    tmp.resolve("lh").toString(),
                    "--partition",
                    "2024-01-05",
                    "--option",
                    "slow=" + marker))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            // A file, not a pipe: destroy() closes the pipes.
            .redirectOutput(tmp.resolve("out.txt").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(marker) && System.nanoTime() < deadline && p.isAlive()) {
      Thread.sleep(100);
    }
    assertThat(marker).exists();
    p.destroy();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8);
    assertThat(out)
        .contains("CANCELLED")
        .contains("To finish, rerun")
        .contains("strata run tiny --partition 2024-01-05");
    assertThat(p.exitValue()).isNotZero();
    assertThat(tmp.resolve("lh/numbers/_delta_log")).doesNotExist();
  }
}
