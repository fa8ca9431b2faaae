package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.format.Row;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.maintenance.testing.TestTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --format json} on every command of the {@code strata} command line: each one declares it,
 * each one run against a small table (or a tiny pipeline) made here prints one JSON document on
 * standard output, and each failure with {@code --format json} is one JSON object {@code {"error",
 * "exitCode", "hint"}} on standard error with the same exit code as the process.
 */
class EveryCommandJsonTest {
  /** Commands that print no result of their own. */
  private static final Set<String> NO_RESULT = Set.of("help");

  private static final StructType SCHEMA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG), StructField.of("part", PrimitiveType.STRING));

  /** Options a command needs before it looks at its table. */
  private static final Map<String, List<String>> REQUIRED_OPTIONS =
      Map.of("restore", List.of("--to-version", "0"));

  @TempDir Path dir;

  private static Map<String, CommandLine> registered() {
    CommandLine root =
        StrataCli.newCommandLine(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    Map<String, CommandLine> commands = new LinkedHashMap<>();
    root.getSubcommands()
        .forEach(
            (name, cl) -> {
              if (name.equals(cl.getCommandName()) && !NO_RESULT.contains(name)) {
                commands.put(name, cl);
              }
            });
    return commands;
  }

  @Test
  void everyCommandDeclaresFormatJson() {
    Map<String, CommandLine> commands = registered();
    assertThat(commands).hasSizeGreaterThan(14);
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, CommandLine> e : commands.entrySet()) {
      OptionSpec format = e.getValue().getCommandSpec().findOption("--format");
      boolean json = false;
      if (format != null && format.type().isEnum()) {
        for (Object constant : format.type().getEnumConstants()) {
          json |= constant.toString().equalsIgnoreCase("json");
        }
      }
      if (!json) {
        missing.add(e.getKey());
      }
    }
    assertThat(missing).as("commands without --format json").isEmpty();
  }

  @Test
  void everyCommandPrintsJsonOnSuccess() throws Exception {
    TestTable table = TestTable.create(dir.resolve("t"), SCHEMA, List.of("part"), Map.of());
    for (int c = 0; c < 3; c++) {
      table.append(List.of(Row.of((long) c, "a"), Row.of((long) c + 10, "b")));
    }
    String t = table.path();
    String lh = dir.resolve("lh").toString();
    String[] tiny = {"--class", "dev.strata.cli.pipeline.TinyPipeline", "--lakehouse", lh};

    Map<String, JsonNode> results = new LinkedHashMap<>();
    results.put("describe", json("describe", t, "--format", "json"));
    results.put("history", json("history", t, "--format", "json"));
    results.put("scan", json("scan", t, "--format", "json"));
    results.put("count", json("count", t, "--where", "part = 'a'", "--format", "json"));
    results.put("optimize", json("optimize", t, "--format", "json"));
    results.put("vacuum", json("vacuum", t, "--dry-run", "--format", "json"));
    results.put("restore", json("restore", t, "--to-version", "1", "--format", "json"));
    results.put("checkpoint", json("checkpoint", t, "--format", "json"));
    results.put("cleanup-log", json("cleanup-log", t, "--format", "json"));
    results.put(
        "set-property",
        json("set-property", t, "delta.enableChangeDataFeed=true", "--format", "json"));
    long feedFrom = results.get("set-property").get("version").asLong() + 1;
    results.put("delete", json("delete", t, "--where", "id = 0", "--format", "json"));
    results.put(
        "update",
        json("update", t, "--set", "id=id + 100", "--where", "id = 10", "--format", "json"));
    results.put(
        "changes",
        json("changes", t, "--from-version", Long.toString(feedFrom), "--format", "json"));
    results.put("run", json(concat("run", "tiny", "--partition", "2024-01-01", tiny)));
    results.put(
        "backfill",
        json(concat("backfill", "tiny", "--from", "2024-01-01", "--to", "2024-01-02", tiny)));
    results.put("runs", json("runs", "--lakehouse", lh, "--format", "json"));
    results.put(
        "status",
        json(concat("status", "tiny", "--from", "2024-01-01", "--to", "2024-01-03", tiny)));
    results.put("pipelines", json("pipelines", "--format", "json"));
    String runId = results.get("run").get("runId").asText();
    results.put("report", json("report", runId, "--lakehouse", lh, "--format", "json"));
    results.put(
        "demo",
        json(
            "demo",
            "--rows",
            "300",
            "--days",
            "1",
            "--lakehouse",
            dir.resolve("demo").toString(),
            "--format",
            "json"));

    assertThat(results.get("set-property").get("protocolUpgraded").asBoolean()).isTrue();
    assertThat(results.get("delete").get("rowsAffected").asLong()).isEqualTo(1);
    assertThat(results.get("update").get("rowsAffected").asLong()).isEqualTo(1);
    assertThat(results.get("changes").findValuesAsText("_change_type"))
        .containsExactlyInAnyOrder("delete", "update_preimage", "update_postimage");
    assertThat(results.get("scan").isArray()).isTrue();
    assertThat(results.get("scan")).hasSize(6);
    assertThat(results.get("count").get("count").asLong()).isEqualTo(3);
    assertThat(results.get("count").get("version").asLong()).isEqualTo(3);
    assertThat(results.get("run").get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(results.get("run").get("steps").get(0).get("succeeded").asInt()).isEqualTo(1);
    assertThat(results.get("backfill").get("partitions")).hasSize(2);
    assertThat(results.get("runs")).hasSize(2);
    assertThat(results.get("status").get("counts").get("committed").asInt()).isEqualTo(2);
    assertThat(results.get("status").get("counts").get("missing").asInt()).isEqualTo(1);
    assertThat(results.get("pipelines").findValuesAsText("name")).contains("orders");
    assertThat(results.get("report").get("report").asText()).endsWith(runId + ".html");
    assertThat(results.get("demo").get("run").get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(results.get("demo").get("tables")).hasSize(3);

    Set<String> notRun = new TreeSet<>(registered().keySet());
    notRun.removeAll(results.keySet());
    assertThat(notRun)
        .as("commands this test does not run yet: add them with arguments above")
        .isEmpty();
  }

  @Test
  void everyCommandReportsBadArgumentsAsJsonOnStderr() throws Exception {
    for (String name : registered().keySet()) {
      CliRunner.Result r = CliRunner.run(name, "--format", "json", "--no-such-option");
      assertJsonError(name, r);
      assertThat(r.exitCode()).as(name).isEqualTo(ExitCodes.ERROR);
      JsonNode error = Json.MAPPER.readTree(r.err());
      assertThat(error.get("hint").asText()).as(name).contains("strata " + name + " --help");
    }
  }

  @Test
  void everyTableCommandReportsAMissingTableAsJsonOnStderr() throws Exception {
    String missing = dir.resolve("no-such-table").toString();
    int checked = 0;
    for (Map.Entry<String, CommandLine> e : registered().entrySet()) {
      boolean takesTable =
          e.getValue().getCommandSpec().positionalParameters().stream()
              .anyMatch(p -> p.paramLabel().equals("TABLE"));
      if (!takesTable) {
        continue;
      }
      List<String> args = new ArrayList<>(List.of(e.getKey(), missing, "--format", "json"));
      args.addAll(REQUIRED_OPTIONS.getOrDefault(e.getKey(), List.of()));
      CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
      assertJsonError(e.getKey(), r);
      JsonNode error = Json.MAPPER.readTree(r.err());
      if (!error.get("hint").asText().contains("--help")) {
        // A command added later may need options this test does not know: then the parse error
        // above is what is checked.
        assertThat(error.get("error").asText()).as(e.getKey()).contains("no-such-table");
      }
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(9);
  }

  @Test
  void aFailedRunIsAJsonResultAndAJsonError() throws Exception {
    String lh = dir.resolve("lh").toString();
    CliRunner.Result r =
        CliRunner.run(
            "run",
            "tiny",
            "--class",
            "dev.strata.cli.pipeline.TinyPipeline",
            "--lakehouse",
            lh,
            "--partition",
            "2024-01-01",
            "--fail-at",
            "numbers:2024-01-01",
            "--format",
            "json");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.ERROR);
    JsonNode result = Json.MAPPER.readTree(r.out());
    assertThat(result.get("status").asText()).isEqualTo("FAILED");
    JsonNode error = Json.MAPPER.readTree(r.err());
    assertThat(error.get("exitCode").asInt()).isEqualTo(ExitCodes.ERROR);
    assertThat(error.get("hint").asText())
        .contains("strata run tiny --partition 2024-01-01 --lakehouse " + lh);
  }

  @Test
  void aRefusalKeepsItsExitCodeInTheJsonError() throws Exception {
    TestTable table = TestTable.create(dir.resolve("t"), SCHEMA, List.of("part"), Map.of());
    table.append(List.of(Row.of(1L, "a")));
    CliRunner.Result r =
        CliRunner.run("vacuum", table.path(), "--retain", "1h", "--format", "json");
    assertJsonError("vacuum", r);
    assertThat(r.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(Json.MAPPER.readTree(r.err()).get("error").asText())
        .contains("--unsafe-allow-short-retention");
  }

  private static void assertJsonError(String name, CliRunner.Result r) throws Exception {
    assertThat(r.exitCode()).as(r.toString()).isNotZero();
    assertThat(r.out()).as(r.toString()).isEmpty();
    assertThat(r.err().strip().lines()).as(r.toString()).hasSize(1);
    JsonNode error = Json.MAPPER.readTree(r.err());
    assertThat(error.isObject()).as(name).isTrue();
    assertThat(error.get("error").asText()).as(name).isNotBlank();
    assertThat(error.get("exitCode").asInt()).as(name).isEqualTo(r.exitCode());
    assertThat(error.has("hint")).as(name).isTrue();
  }

  private static JsonNode json(String... args) throws Exception {
    CliRunner.Result r = CliRunner.run(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Json.MAPPER.readTree(r.out());
  }

  private static String[] concat(String a, String b, String c, String d, String[] rest) {
    return concat(new String[] {a, b, c, d}, rest, "--format", "json");
  }

  private static String[] concat(
      String a, String b, String c, String d, String e, String f, String[] rest) {
    return concat(new String[] {a, b, c, d, e, f}, rest, "--format", "json");
  }

  private static String[] concat(String[] head, String[] rest, String... tail) {
    List<String> all = new ArrayList<>(List.of(head));
    all.addAll(List.of(rest));
    all.addAll(List.of(tail));
    return all.toArray(String[]::new);
  }
}
