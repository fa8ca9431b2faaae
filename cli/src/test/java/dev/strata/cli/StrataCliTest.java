package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StrataCliTest {

  @Test
  void helpListsCommandsAndExamples() {
    CliRunner.Result result = CliRunner.run("--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("Usage: strata", "Examples:", "Exit codes");
  }

  @Test
  void unknownOptionIsOneLineErrorWithExitCodeOne() {
    CliRunner.Result result = CliRunner.run("--no-such-option");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(result.err().strip().lines()).hasSize(1);
    assertThat(result.err()).startsWith("strata: error: ").contains("--no-such-option");
  }

  @Test
  void globalOptionsBecomeProperties() {
    StrataCli cli = new StrataCli();
    picocli.CommandLine commandLine =
        StrataCli.newCommandLine(
            new java.io.PrintWriter(new java.io.StringWriter()),
            new java.io.PrintWriter(new java.io.StringWriter()));
    commandLine.parseArgs(
        "--s3-endpoint", "http://localhost:9000", "--s3-path-style", "--conf", "a.b=c");
    StrataCli root = commandLine.getCommand();
    assertThat(root.properties())
        .containsEntry("strata.s3.endpoint", "http://localhost:9000")
        .containsEntry("strata.s3.path-style-access", "true")
        .containsEntry("a.b", "c");
    assertThat(cli.properties()).isEmpty();
  }

  @Test
  void valuesFormatPerJsonlContract() {
    assertThat(ErrorHandler.oneLine("a\n  b\r\nc")).isEqualTo("a; b; c");
  }
}
