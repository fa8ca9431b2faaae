package dev.strata.cli.maintenance;

import dev.strata.cli.ExitCodes;
import dev.strata.cli.Json;
import dev.strata.cli.OutputFormat;
import dev.strata.cli.PartitionFilter;
import dev.strata.cli.Sizes;
import dev.strata.cli.StrataCommand;
import dev.strata.cli.Tables;
import dev.strata.log.DeltaLog;
import dev.strata.maintenance.FileSizeStats;
import dev.strata.maintenance.Optimize;
import dev.strata.maintenance.OptimizeResult;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata optimize}: compacts small files, or Z-orders partitions. */
@Command(
    name = "optimize",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Compact small files per partition (bin-packing to the target size), or with --zorder-by"
          + " rewrite partitions sorted along a Z-order curve over those columns so that file"
          + " statistics skip files for filters on each of them.",
      "Commits with dataChange=false: concurrent appends never conflict with it. A run with"
          + " nothing to do commits nothing."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ${ROOT-COMMAND-NAME} optimize ./lakehouse/orders",
      "  ${ROOT-COMMAND-NAME} optimize ./lakehouse/orders --where \"order_date >= '2024-01-01'\"",
      "  ${ROOT-COMMAND-NAME} optimize ./lakehouse/orders --zorder-by customer_id,product_id",
      "  ${ROOT-COMMAND-NAME} optimize ./lakehouse/orders --target-file-size 256MB --dry-run",
      "  ${ROOT-COMMAND-NAME} optimize ./lakehouse/orders --purge-deletion-vectors"
    })
public final class OptimizeCommand extends StrataCommand {

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table path or URI.")
  String table;

  @Option(
      names = "--where",
      paramLabel = "PREDICATE",
      description = "Only partitions matching this predicate on partition columns.")
  String where;

  @Option(
      names = "--target-file-size",
      paramLabel = "SIZE",
      description = "Size of the files to write (default: delta.targetFileSize, else 128MB).")
  String targetFileSize;

  @Option(
      names = "--min-input-files",
      paramLabel = "N",
      defaultValue = "2",
      description = "Rewrite a group only if it has at least N files (default: ${DEFAULT-VALUE}).")
  int minInputFiles;

  @Option(
      names = "--zorder-by",
      paramLabel = "COLUMNS",
      split = ",",
      description = "Z-order by these data columns (comma-separated).")
  List<String> zOrderBy;

  @Option(
      names = "--max-concurrent-tasks",
      paramLabel = "N",
      description = "Groups rewritten in parallel (default: number of cores).")
  Integer maxConcurrentTasks;

  @Option(names = "--dry-run", description = "Show the plan; write and commit nothing.")
  boolean dryRun;

  @Option(
      names = "--purge-deletion-vectors",
      description =
          "Rewrite every file that has a deletion vector, whatever its size, so the deleted rows"
              + " are gone from the data files (by default only files whose vectors delete more"
              + " than 5% of their rows are rewritten).")
  boolean purgeDeletionVectors;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Override
  protected int run() {
    DeltaLog log = Tables.open(table, properties());
    Optimize optimize = Optimize.forTable(log).minInputFiles(minInputFiles);
    if (where != null) {
      optimize.where(PartitionFilter.parse(where, log.latestSnapshot()), where);
    }
    if (targetFileSize != null) {
      optimize.targetFileSize(Sizes.parse(targetFileSize));
    }
    if (zOrderBy != null) {
      optimize.zOrderBy(zOrderBy.stream().map(String::trim).filter(s -> !s.isEmpty()).toList());
    }
    if (maxConcurrentTasks != null) {
      optimize.maxConcurrentTasks(maxConcurrentTasks);
    }
    if (purgeDeletionVectors) {
      optimize.purgeDeletionVectors();
    }
    if (dryRun) {
      optimize.dryRun();
    }
    OptimizeResult result;
    try (ProgressBridge progress = new ProgressBridge(terminal(), err())) {
      result = optimize.progress(progress).execute();
    }
    if (format == OutputFormat.JSON) {
      Json.printPretty(out(), Reports.toJson(result));
    } else {
      printText(out(), result);
    }
    return ExitCodes.OK;
  }

  static void printText(PrintWriter out, OptimizeResult r) {
    String what = r.zOrderBy().isEmpty() ? "OPTIMIZE" : "OPTIMIZE ZORDER BY " + r.zOrderBy();
    if (r.nothingToDo()) {
      out.println(
          what
              + " "
              + r.tablePath()
              + ": nothing to do ("
              + r.totalConsideredFiles()
              + " files considered, none to "
              + (r.zOrderBy().isEmpty() ? "compact" : "reorder")
              + "); nothing was committed, the table stays at version "
              + r.readVersion()
              + ".");
      return;
    }
    out.println(what + " " + r.tablePath() + (r.dryRun() ? " (DRY RUN)" : ""));
    out.println(
        "  partitions optimized: " + r.partitionsOptimized() + " (" + r.numBins() + " groups)");
    out.println(
        "  files removed:        "
            + r.filesRemoved()
            + " ("
            + Sizes.format(r.bytesRemoved())
            + ")");
    out.println(
        "  files added:          "
            + (r.dryRun() ? "about " : "")
            + r.filesAdded()
            + (r.dryRun() ? "" : " (" + Sizes.format(r.bytesAdded()) + ")"));
    out.println("  file sizes before:    " + sizes(r.sizesBefore()));
    if (r.sizesAfter() != null) {
      out.println("  file sizes after:     " + sizes(r.sizesAfter()));
    }
    if (r.dryRun()) {
      out.println("DRY RUN: nothing was written or committed.");
    } else {
      out.println(
          "Committed version "
              + r.committedVersion()
              + (r.attempts() > 1
                  ? " (planned " + r.attempts() + " times: concurrent commits removed inputs)"
                  : "")
              + ".");
    }
  }

  private static String sizes(FileSizeStats s) {
    return s.files()
        + " files, min "
        + Sizes.format(s.min())
        + ", p25 "
        + Sizes.format(s.p25())
        + ", p50 "
        + Sizes.format(s.p50())
        + ", p75 "
        + Sizes.format(s.p75())
        + ", max "
        + Sizes.format(s.max());
  }
}
