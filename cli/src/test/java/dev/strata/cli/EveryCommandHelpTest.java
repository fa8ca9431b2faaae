package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every command registered on the {@code strata} command line answers {@code --help} with exit 0
 * and an Examples section that shows the command itself. The list comes from the command line, so a
 * command added later is covered without touching this test.
 */
class EveryCommandHelpTest {

  /** Every command path under the root ({@code ["scan"]}, ...), walked from picocli's model. */
  static Stream<List<String>> commands() {
    CommandLine root =
        StrataCli.newCommandLine(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    List<List<String>> paths = new ArrayList<>();
    collect(root, List.of(), paths);
    assertThat(paths).hasSizeGreaterThan(15);
    return paths.stream();
  }

  private static void collect(CommandLine cl, List<String> path, List<List<String>> paths) {
    for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
      // Aliases map to the same CommandLine; visit each command once, by its own name.
      if (!e.getKey().equals(e.getValue().getCommandName())) {
        continue;
      }
      List<String> sub = new ArrayList<>(path);
      sub.add(e.getKey());
      paths.add(sub);
      collect(e.getValue(), sub, paths);
    }
  }

  @ParameterizedTest(name = "strata {0} --help")
  @MethodSource("commands")
  void helpExitsZeroWithExamples(List<String> path) {
    List<String> args = new ArrayList<>(path);
    args.add("--help");
    CliRunner.Result result = CliRunner.run(args.toArray(String[]::new));
    String name = String.join(" ", path);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.err()).as(result.toString()).isEmpty();
    assertThat(result.out())
        .as(result.toString())
        .contains("Usage: strata " + name)
        .contains("Examples:")
        .containsPattern("(?m)^  strata " + java.util.regex.Pattern.quote(name) + "\\b");
  }

  @ParameterizedTest(name = "strata help {0}")
  @MethodSource("commands")
  void helpCommandShowsTheSameUsage(List<String> path) {
    List<String> args = new ArrayList<>(List.of("help"));
    args.addAll(path);
    CliRunner.Result viaHelp = CliRunner.run(args.toArray(String[]::new));
    assertThat(viaHelp.exitCode()).as(viaHelp.toString()).isZero();
    assertThat(viaHelp.out()).contains("Examples:");
  }

  @org.junit.jupiter.api.Test
  void examplesAndHintsUseTheNameTheLauncherPasses() {
    String previous = System.getProperty(StrataCli.NAME_PROPERTY);
    System.setProperty(StrataCli.NAME_PROPERTY, "./strata");
    try {
      CliRunner.Result help = CliRunner.run("scan", "--help");
      assertThat(help.out()).contains("Usage: ./strata scan").contains("\n  ./strata scan ");
      CliRunner.Result bad = CliRunner.run("scan");
      assertThat(bad.err()).contains("see './strata scan --help'");
    } finally {
      if (previous == null) {
        System.clearProperty(StrataCli.NAME_PROPERTY);
      } else {
        System.setProperty(StrataCli.NAME_PROPERTY, previous);
      }
    }
  }
}
