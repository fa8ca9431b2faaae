package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.format.Row;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.maintenance.testing.TestTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors a user can act on say what happened in words, not as a Java exception name. */
class ErrorsInWordsTest {
  @TempDir Path dir;

  @Test
  void aFileIsNotATableDirectory() throws Exception {
    Path file = Files.writeString(dir.resolve("orders.csv"), "a,b\n1,2\n");
    for (String command : List.of("describe", "history", "scan", "count")) {
      CliRunner.Result r = CliRunner.run(command, file.toString());
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.ERROR);
      assertThat(r.err())
          .as(r.toString())
          .startsWith("strata: error: ")
          .contains(file.toString())
          .contains("is a file, not a table directory")
          .doesNotContain("unexpected failure");
    }
  }

  @Test
  void anUnsupportedSchemeSaysWhichAreSupported() {
    CliRunner.Result r = CliRunner.run("describe", "ftp://example.com/tables/orders");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.ERROR);
    assertThat(r.err())
        .as(r.toString())
        .contains(
            "unsupported scheme ftp: (supported: file, s3, hdfs and the Hadoop file systems on the"
                + " classpath)")
        .doesNotContain("NoClassDefFoundError")
        .doesNotContain("unexpected failure");
  }

  @Test
  void aPercentEncodedFileUriIsDecoded() throws Exception {
    TestTable table =
        TestTable.create(
            dir.resolve("my orders"),
            StructType.of(StructField.of("id", PrimitiveType.LONG)),
            List.of(),
            Map.of());
    table.append(List.of(Row.of(1L), Row.of(2L)));
    String uri = dir.resolve("my orders").toUri().toString();
    assertThat(uri).contains("my%20orders").startsWith("file:///");
    CliRunner.Result r = CliRunner.run("count", uri);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out().strip()).isEqualTo("2");
  }

  @Test
  void permissionDeniedIsSaidInWords() throws Exception {
    TestTable table =
        TestTable.create(
            dir.resolve("locked"),
            StructType.of(StructField.of("id", PrimitiveType.LONG)),
            List.of(),
            Map.of());
    table.append(List.of(Row.of(1L)));
    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      // Root reads everything; without the DAC override capabilities it gets EACCES like anyone.
      Path setpriv = Path.of("/usr/bin/setpriv");
      assumeTrue(Files.isExecutable(setpriv), "needs setpriv to drop root's file capabilities");
      command.addAll(
          List.of(setpriv.toString(), "--bounding-set", "-dac_override,-dac_read_search"));
    }
    command.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            StrataCli.class.getName(),
            "describe",
            dir.resolve("locked").toString()));
    Files.setPosixFilePermissions(dir.resolve("locked"), Set.of());
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(err).isEqualTo(ExitCodes.ERROR);
      assertThat(err)
          .as(err)
          .startsWith("strata: error: ")
          .contains("permission denied")
          .contains(dir.resolve("locked").toString())
          .contains("needs read access")
          .doesNotContain("unexpected failure");
    } finally {
      Files.setPosixFilePermissions(
          dir.resolve("locked"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }
}
