package dev.strata.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrdersGeneratorTest {
  @TempDir Path tmp;

  /** md5s of {@code python3 gen_orders.py --rows 3000 --seed 42}, computed once. */
  @Test
  void smallSizeMatchesThePythonMd5s() throws Exception {
    OrdersGenerator.Stats s = OrdersGenerator.generate(tmp, 3000, 42);
    assertThat(md5(tmp.resolve("orders.csv"))).isEqualTo("3c03e1aa8b0b950a3b1c200c0f184d69");
    assertThat(md5(tmp.resolve("products.csv"))).isEqualTo("fd264293ac4395a4cb84f6d23d185c03");
    assertThat(md5(tmp.resolve("updates.csv"))).isEqualTo("2b8a2dadb3c71ed74ba203b1a354dad2");
    assertThat(s.rows()).isEqualTo(3000);
    assertThat(Files.readAllLines(tmp.resolve("orders.csv"))).hasSize(3001);
    assertThat(Files.readAllLines(tmp.resolve("updates.csv")))
        .hasSize((int) (1 + s.updates() + s.newInUpdates()));
  }

  /** The workload's published n200k md5s (WORKLOAD.md). */
  @Test
  void n200kMatchesTheWorkloadMd5s() throws Exception {
    OrdersGenerator.generate(tmp, 200_000, 42);
    assertThat(md5(tmp.resolve("orders.csv"))).isEqualTo("b59351994a79371b879293737321d09c");
    assertThat(md5(tmp.resolve("products.csv"))).isEqualTo("fd264293ac4395a4cb84f6d23d185c03");
    assertThat(md5(tmp.resolve("updates.csv"))).isEqualTo("505ccc731f3ce41a317c21c3fd79b29c");
  }

  @Test
  void sameBytesAsThePythonScriptForOddSizesAndSeeds() throws Exception {
    Path script = sharedDir().resolve("bench/gen_orders.py");
    assumeTrue(Files.exists(script), "gen_orders.py not found at " + script);
    assumeTrue(python3Available(), "python3 is not installed");
    for (int[] c : new int[][] {{0, 42}, {1, 42}, {57, 7}, {1234, 99}}) {
      Path py = tmp.resolve("py-" + c[0] + "-" + c[1]);
      Path java = tmp.resolve("java-" + c[0] + "-" + c[1]);
      Process p =
          new ProcessBuilder(
                  "python3",
                  script.toString(),
                  "--rows",
                  Integer.toString(c[0]),
                  "--out",
                  py.toString(),
                  "--seed",
                  Integer.toString(c[1]))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
      OrdersGenerator.generate(java, c[0], c[1]);
      for (String f : List.of("orders.csv", "products.csv", "updates.csv")) {
        assertThat(Files.readAllBytes(java.resolve(f)))
            .as("%s for rows=%d seed=%d", f, c[0], c[1])
            .isEqualTo(Files.readAllBytes(py.resolve(f)));
      }
    }
  }

  static Path sharedDir() {
    return dev.strata.format.testing.Golden.sharedDir();
  }

  static boolean python3Available() {
    try {
      Process p =
          new ProcessBuilder("python3", "--version")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static String md5(Path file) throws IOException, NoSuchAlgorithmException {
    byte[] d = MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file));
    return String.format("%032x", new BigInteger(1, d));
  }
}
