package dev.strata.pipeline;

import dev.strata.engine.events.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text a run shows people: one line per finished (step, partition) and the end-of-run table.
 * The {@code strata} command prints exactly these, so a run from Java reads the same.
 */
public final class RunText {
  private static final int MAX_LISTED = 10;

  private RunText() {}

  static String runStarted(String runId, String pipeline, int units, int alreadyCommitted) {
    return String.format(
        "Run %s of pipeline '%s': %d (step, partition)s, %d already committed",
        runId, pipeline, units, alreadyCommitted);
  }

  static String retry(String tag, int attempt, String error, Duration retryIn) {
    return String.format(
        "         retry    %s: attempt %d failed (%s); retrying in %s",
        tag, attempt, firstLine(error), duration(retryIn));
  }

  /** The line of a finished (step, partition), or null for one that was skipped. */
  static String nodeFinished(NodeOutcome o, int done, int total) {
    if (o.status() == Status.SKIPPED) {
      return null;
    }
    String width = Integer.toString(Integer.toString(total).length());
    String prefix = String.format("[%" + width + "d/%d] ", done, total);
    String line =
        switch (o.status()) {
          case SUCCEEDED ->
              String.format(
                      "%-8s %-24s %12s rows  %s%s",
                      o.retried() ? "ok*" : "ok",
                      o.jobTag(),
                      count(o.rowsWritten()),
                      o.tableVersion().isPresent() ? "v" + o.tableVersion().getAsLong() + "  " : "",
                      duration(o.duration()))
                  + (o.retried() ? "  (after " + o.attempts().size() + " attempts)" : "");
          case FAILED ->
              String.format(
                  "%-8s %-24s after %d attempt(s): %s",
                  "FAILED", o.jobTag(), o.attempts().size(), firstLine(o.error()));
          case UPSTREAM_FAILED -> String.format("%-8s %-24s %s", "blocked", o.jobTag(), o.error());
          case CANCELLED -> String.format("%-8s %-24s", "cancel", o.jobTag());
          default -> o.jobTag();
        };
    return prefix + line;
  }

  /** The summary: a headline, per-step counts, what failed and what it blocked. */
  static String summary(RunResult r) {
    StringBuilder out = new StringBuilder();
    out.append(
            String.format(
                "Run %s of pipeline '%s': %s in %s",
                r.runId(), r.pipeline(), r.status(), duration(r.duration())))
        .append('\n');
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {"step", "ok", "skipped", "failed", "blocked", "retried", "rows", "time"});
    for (RunResult.StepSummary s : r.stepSummaries()) {
      rows.add(
          new String[] {
            s.step(),
            Integer.toString(s.succeeded()),
            Integer.toString(s.skipped()),
            Integer.toString(s.failed()),
            Integer.toString(s.notRun()),
            Integer.toString(s.retried()),
            count(s.rowsWritten()),
            duration(s.time())
          });
    }
    out.append(table(rows));
    if (r.nothingToDo()) {
      out.append(
          "Nothing to do: every (step, partition) had already committed in an earlier run, so"
              + " all were skipped. Use --force (PipelineRun.force() in Java) to redo them.\n");
    }
    List<NodeOutcome> failed = r.outcomes(Status.FAILED);
    if (!failed.isEmpty()) {
      out.append("Failed:\n");
      for (NodeOutcome o : failed.subList(0, Math.min(MAX_LISTED, failed.size()))) {
        out.append(
            String.format(
                "  %s (%d attempt%s): %s%n",
                o.jobTag(),
                o.attempts().size(),
                o.attempts().size() == 1 ? "" : "s",
                firstLine(o.error())));
      }
      if (failed.size() > MAX_LISTED) {
        out.append(String.format("  ... and %d more%n", failed.size() - MAX_LISTED));
      }
    }
    List<NodeOutcome> blocked = r.outcomes(Status.UPSTREAM_FAILED);
    if (!blocked.isEmpty()) {
      List<String> tags = blocked.stream().map(NodeOutcome::jobTag).toList();
      out.append("Not run because what they read failed: ")
          .append(String.join(", ", tags.subList(0, Math.min(MAX_LISTED, tags.size()))))
          .append(tags.size() > MAX_LISTED ? ", ..." : "")
          .append('\n');
    }
    return out.toString().replace("\r\n", "\n");
  }

  /** Rows as an aligned table, indented two spaces: first column left, the rest right. */
  static String table(List<String[]> rows) {
    int[] w = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder("  ");
      for (int i = 0; i < r.length; i++) {
        if (i > 0) {
          sb.append("  ");
        }
        sb.append(
            i == 0
                ? String.format("%-" + w[i] + "s", r[i])
                : String.format("%" + w[i] + "s", r[i]));
      }
      out.append(sb.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** A row or file count as people read it: {@code 1,234,567}. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A duration as the run lines show it: {@code 850 ms}, {@code 3.2 s}, {@code 2 min 05 s}. */
  public static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    return String.format(Locale.ROOT, "%d min %02d s", ms / 60_000, (ms / 1000) % 60);
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    String one = nl < 0 ? s : s.substring(0, nl);
    return one.length() > 200 ? one.substring(0, 197) + "..." : one;
  }
}
