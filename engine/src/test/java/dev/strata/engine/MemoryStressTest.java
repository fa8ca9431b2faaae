package dev.strata.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job larger than the heap finishes, slower, without OutOfMemoryError: a child JVM with {@code
 * -Xmx256m} and the default memory budget aggregates, joins and sorts 10,000,000 rows.
 */
@Tag("stress")
class MemoryStressTest {
  static final long N = 10_000_000;

  @Test
  void tenMillionRowsIn256MegabyteHeap(@TempDir Path tmp) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("-Xmx256m");
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    cmd.add("-Djava.io.tmpdir=" + tmp);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(SpillWorkload.class.getName());
    cmd.add(String.valueOf(N));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    StringBuilder output = new StringBuilder();
    String result = null;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        output.append(line).append('\n');
        if (line.startsWith("RESULT ")) {
          result = line.substring("RESULT ".length());
        }
      }
    }
    assertThat(p.waitFor(20, TimeUnit.MINUTES)).isTrue();
    assertThat(output.toString()).doesNotContain("OutOfMemoryError");
    assertThat(p.exitValue()).as(output.toString()).isZero();
    assertThat(result).as(output.toString()).isNotNull();
    Map<String, Long> m = parse(result);
    assertThat(m.get("budget")).isLessThan(256L << 20);
    assertThat(m.get("agg.groups")).isEqualTo(N / 2);
    assertThat(m.get("agg.count")).isEqualTo(N);
    // sum over id of (id * 7919) % 1000003, computed here independently
    long sumV = 0;
    for (long id = 0; id < N; id++) {
      sumV += (id * 7919) % 1000003;
    }
    assertThat(m.get("agg.sumv")).isEqualTo(sumV);
    assertThat(m.get("sort.sum")).isEqualTo(sumV);
    assertThat(m.get("join.rows")).isEqualTo(N);
    // w = 3 * k2 for k2 < N/2, each matched twice
    long k = N / 2;
    assertThat(m.get("join.sumw")).isEqualTo(2 * 3 * (k * (k - 1) / 2));
    assertThat(m.get("sort.rows")).isEqualTo(N);
    assertThat(m.get("sort.unordered")).isZero();
    assertThat(m.get("spill.agg") + m.get("spill.join") + m.get("spill.sort")).isPositive();
    assertThat(m.get("spill.sort")).isPositive();
  }

  static Map<String, Long> parse(String s) {
    Map<String, Long> m = new HashMap<>();
    for (String kv : s.substring(1, s.length() - 1).split(", ")) {
      String[] p = kv.split("=");
      m.put(p[0], Long.parseLong(p[1]));
    }
    return m;
  }
}
