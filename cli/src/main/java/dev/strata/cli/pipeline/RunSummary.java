package dev.strata.cli.pipeline;

import dev.strata.cli.StrataCli;
import dev.strata.engine.events.Status;
import dev.strata.pipeline.PartitionKey;
import dev.strata.pipeline.RunResult;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Prints the end-of-run summary: per step counts, failures, and how to rerun only those. */
final class RunSummary {
  private RunSummary() {}

  static void print(PrintWriter out, RunResult r, List<String> optionArgs, String rerunOverride) {
    // The table a run from Java gets from RunResult.summary(); the rerun hints are the CLI's.
    out.print(r.summary());
    if (r.status() != Status.SUCCEEDED) {
      List<String> hints =
          rerunOverride != null ? List.of(rerunOverride) : rerunCommands(r, optionArgs);
      out.println(
          r.status() == Status.CANCELLED
              ? "Cancelled. To finish, rerun (committed work is skipped):"
              : "To rerun only what did not finish (committed work is skipped):");
      hints.forEach(h -> out.println("  " + h));
      if (r.force()) {
        out.println(
            "  (this was a --force run: without --force the rerun finishes the partitions it"
                + " started; add --force to redo every partition again)");
      }
    }
    if (r.report() != null) {
      out.println("Report: " + displayPath(r.report()));
    }
    out.flush();
  }

  /** Commands that redo exactly the unfinished partitions. */
  static List<String> rerunCommands(RunResult r, List<String> optionArgs) {
    List<PartitionKey> keys = r.unfinishedPartitions();
    String cmd = StrataCli.invokedAs();
    String opts = optionArgs.isEmpty() ? "" : " " + String.join(" ", quote(optionArgs));
    List<String> out = new ArrayList<>();
    if (keys.isEmpty() || keys.stream().allMatch(PartitionKey::isUnpartitioned)) {
      out.add(cmd + " run " + r.pipeline() + opts);
      return out;
    }
    List<PartitionKey> real = keys.stream().filter(k -> !k.isUnpartitioned()).toList();
    if (real.size() == 1) {
      out.add(cmd + " run " + r.pipeline() + " --partition " + real.get(0).value() + opts);
    } else if (contiguousDays(real)) {
      out.add(
          cmd
              + " backfill "
              + r.pipeline()
              + " --from "
              + real.get(0).value()
              + " --to "
              + real.get(real.size() - 1).value()
              + opts);
    } else if (real.size() <= 5) {
      for (PartitionKey k : real) {
        out.add(cmd + " run " + r.pipeline() + " --partition " + k.value() + opts);
      }
    } else {
      out.add(
          cmd
              + " backfill "
              + r.pipeline()
              + " --from "
              + real.get(0).value()
              + " --to "
              + real.get(real.size() - 1).value()
              + opts
              + "   (partitions in between that committed are skipped)");
    }
    return out;
  }

  private static boolean contiguousDays(List<PartitionKey> keys) {
    try {
      LocalDate prev = null;
      for (PartitionKey k : keys) {
        LocalDate d = LocalDate.parse(k.value());
        if (prev != null && !d.equals(prev.plusDays(1))) {
          return false;
        }
        prev = d;
      }
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static List<String> quote(List<String> args) {
    return args.stream()
        .map(a -> a.matches("[A-Za-z0-9_./:=,@%+-]+") ? a : "'" + a.replace("'", "'\\''") + "'")
        .toList();
  }

  static String displayPath(String uri) {
    if (uri.startsWith("file:")) {
      java.nio.file.Path p = java.nio.file.Path.of(uri.substring("file:".length()));
      java.nio.file.Path cwd = java.nio.file.Path.of("").toAbsolutePath();
      return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
    }
    return uri;
  }

  static void table(PrintWriter out, List<String[]> rows) {
    int[] w = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder("  ");
      for (int i = 0; i < r.length; i++) {
        if (i > 0) {
          sb.append("  ");
        }
        // First column left-aligned, numbers right-aligned.
        sb.append(
            i == 0
                ? String.format("%-" + w[i] + "s", r[i])
                : String.format("%" + w[i] + "s", r[i]));
      }
      out.println(sb.toString().stripTrailing());
    }
  }
}
