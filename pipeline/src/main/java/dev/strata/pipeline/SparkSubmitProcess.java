package dev.strata.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one spark-submit process: streams its standard error line by line as it comes, keeps the
 * tail of both outputs for error messages, extracts the tracking URL, and kills the process tree
 * when the calling thread is interrupted.
 */
final class SparkSubmitProcess {
  /** Lines of each stream kept for the error message. */
  static final int TAIL_LINES = 40;

  private static final long KILL_GRACE_SECONDS = 10;

  // Strongest first: YARN's application report, then the driver's UI (local, standalone, client).
  private static final List<Pattern> TRACKING_URL =
      List.of(
          Pattern.compile("(?i)tracking URL:\\s*(https?://\\S+)"),
          Pattern.compile("(?i)SparkUI.*started at\\s+(https?://\\S+)"),
          Pattern.compile("(?i)Spark UI.*?(https?://\\S+)"));

  /** What the process did. */
  record Outcome(int exitCode, String trackingUrl, String stdoutTail, String stderrTail) {}

  private SparkSubmitProcess() {}

  static Outcome run(List<String> command, Map<String, String> env, Consumer<String> stderrLine)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    Collector out = new Collector(p.getInputStream(), line -> {});
    Collector err = new Collector(p.getErrorStream(), stderrLine);
    Thread to = new Thread(out, "spark-submit-stdout-" + p.pid());
    Thread te = new Thread(err, "spark-submit-stderr-" + p.pid());
    to.setDaemon(true);
    te.setDaemon(true);
    to.start();
    te.start();
    int code;
    try {
      code = p.waitFor();
      to.join();
      te.join();
    } catch (InterruptedException e) {
      kill(p);
      throw e;
    }
    String url = err.trackingUrl != null ? err.trackingUrl : out.trackingUrl;
    return new Outcome(code, url, out.tail(), err.tail());
  }

  /** The best tracking URL in a text, or null. */
  static String trackingUrl(String line, String current, int[] rank) {
    for (int i = 0; i < TRACKING_URL.size() && i < rank[0]; i++) {
      Matcher m = TRACKING_URL.get(i).matcher(line);
      if (m.find()) {
        rank[0] = i;
        return m.group(1);
      }
    }
    return current;
  }

  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(KILL_GRACE_SECONDS, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    } catch (InterruptedException again) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static final class Collector implements Runnable {
    private final InputStream in;
    private final Consumer<String> sink;
    private final Deque<String> tail = new ArrayDeque<>();
    private final int[] rank = {Integer.MAX_VALUE};
    private volatile String trackingUrl;

    Collector(InputStream in, Consumer<String> sink) {
      this.in = in;
      this.sink = sink;
    }

    @Override
    public void run() {
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          trackingUrl = trackingUrl(line, trackingUrl, rank);
          synchronized (tail) {
            tail.addLast(line);
            if (tail.size() > TAIL_LINES) {
              tail.removeFirst();
            }
          }
          try {
            sink.accept(line);
          } catch (RuntimeException e) {
            // A failing log sink must not stop the draining, or the process blocks on a full pipe.
          }
        }
      } catch (IOException e) {
        // The stream closes when the process is killed; what was read is kept.
      }
    }

    String tail() {
      synchronized (tail) {
        return String.join("\n", tail);
      }
    }
  }
}
