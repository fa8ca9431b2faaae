package dev.strata.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.format.testing.QuietMain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Hadoop and Parquet must not print to a user's terminal (native-library warnings, codec-pool
 * chatter) when the application's SLF4J provider is slf4j-nop, as the CLI's is.
 */
class QuietStartupTest {
  @Test
  void writingAndReadingEveryCodecPrintsNothing() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                QuietMain.class.getName())
            .redirectErrorStream(true)
            .start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(output, StandardCharsets.UTF_8)).isEmpty();
    assertThat(process.exitValue()).isZero();
  }
}
