package dev.strata.benchmarks.medallion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.strata.engine.Strata;
import dev.strata.engine.WriteResult;
import dev.strata.format.StoragePaths;
import dev.strata.writer.MergeMetrics;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the medallion workload stage by stage in one JVM, times each stage (wall and process CPU),
 * and checks the final tables against {@link Reference}. A wrong result is a failure, not a time.
 */
public final class MedallionBenchmark {
  private static final List<String> ALL_STAGES =
      List.of("bronze", "silver", "gold", "merge", "backfill", "optimize");

  private MedallionBenchmark() {}

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("Expected --option value, got " + args[i]);
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }

  /** Runs the workload; returns the process exit code (0 = results correct). */
  public static int run(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    Path data = Path.of(require(options, "data"));
    Path warehouse = Path.of(require(options, "warehouse")).toAbsolutePath();
    List<String> stages =
        options.containsKey("stages") ? List.of(options.get("stages").split(",")) : ALL_STAGES;
    int repeat = Integer.parseInt(options.getOrDefault("repeat", "1"));

    System.out.println("Computing reference results from " + data + " ...");
    Reference.Expected expected = Reference.computeInChildJvm(data, MedallionWorkload.BACKFILL_DAY);

    List<Map<String, Object>> runs = new ArrayList<>();
    boolean allCorrect = true;
    for (int r = 0; r < repeat; r++) {
      deleteTree(warehouse);
      Map<String, Object> run = runOnce(data, warehouse, stages, expected);
      runs.add(run);
      allCorrect &= Boolean.TRUE.equals(run.get("correct"));
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("workload", "medallion");
    report.put("data", data.toString());
    report.put("cores", Runtime.getRuntime().availableProcessors());
    report.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    report.put("javaVersion", System.getProperty("java.version"));
    report.put("runs", runs);
    report.put("correct", allCorrect);
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    String json = mapper.writeValueAsString(report);
    if (options.containsKey("out")) {
      Files.writeString(Path.of(options.get("out")), json);
      System.out.println("Results written to " + options.get("out"));
    }
    System.out.println(allCorrect ? "RESULT: correct" : "RESULT: WRONG (see checks above)");
    return allCorrect ? 0 : 1;
  }

  private static String require(Map<String, String> options, String key) {
    String value = options.get(key);
    if (value == null) {
      throw new IllegalArgumentException("Missing --" + key);
    }
    return value;
  }

  private static Map<String, Object> runOnce(
      Path data, Path warehouse, List<String> stages, Reference.Expected expected) {
    HeapSampler heap = new HeapSampler();
    Map<String, Object> run = new LinkedHashMap<>();
    List<Map<String, Object>> stageResults = new ArrayList<>();
    try (Strata strata = Strata.builder().build()) {
      MedallionWorkload workload =
          new MedallionWorkload(strata, data, StoragePaths.normalize(warehouse.toString()));
      long totalWall = 0;
      for (String stage : stages) {
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        Object result =
            switch (stage) {
              case "bronze" -> workload.bronze();
              case "silver" -> workload.silver();
              case "gold" -> workload.gold();
              case "merge" -> workload.merge();
              case "backfill" -> workload.backfill();
              case "optimize" -> workload.optimize();
              default -> throw new IllegalArgumentException("Unknown stage " + stage);
            };
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        long cpuMs = (processCpuNanos() - cpu0) / 1_000_000;
        totalWall += wallMs;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("stage", stage);
        s.put("wallMs", wallMs);
        s.put("cpuMs", cpuMs);
        describe(result, s);
        stageResults.add(s);
        System.out.printf(
            "%-9s %8d ms wall %8d ms cpu  %s%n",
            stage,
            wallMs,
            cpuMs,
            s.entrySet().stream()
                .skip(3)
                .map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(" ")));
      }
      run.put("stages", stageResults);
      run.put("totalWallMs", totalWall);
      heap.close();
      run.put("peakHeapBytes", heap.peak());
      Map<String, Object> checks = check(workload, stages, expected);
      run.put("checks", checks);
      run.put(
          "correct",
          checks.values().stream().allMatch(v -> ((Map<?, ?>) v).get("ok").equals(true)));
    }
    return run;
  }

  private static void describe(Object result, Map<String, Object> out) {
    if (result instanceof WriteResult w) {
      out.put("rowsOut", w.rowsWritten());
      out.put("filesWritten", w.filesAdded());
      out.put("bytesWritten", w.bytesAdded());
      out.put("version", w.version());
    } else if (result instanceof MergeMetrics m) {
      out.put("rowsUpdated", m.rowsUpdated());
      out.put("rowsInserted", m.rowsInserted());
      out.put("rowsCopied", m.rowsCopied());
      out.put("filesWritten", m.filesAdded());
      out.put("filesRemoved", m.filesRemoved());
    } else if (result instanceof Map<?, ?> map) {
      long rows = 0;
      long files = 0;
      long bytes = 0;
      for (Object value : map.values()) {
        if (value instanceof WriteResult w) {
          rows += w.rowsWritten();
          files += w.filesAdded();
          bytes += w.bytesAdded();
        } else if (value instanceof dev.strata.maintenance.OptimizeResult o) {
          out.put("optimizeFilesRemoved", o.filesRemoved());
          out.put("optimizeFilesAdded", o.filesAdded());
          out.put("filesWritten", o.filesAdded());
          out.put("bytesWritten", o.bytesAdded());
        } else if (value instanceof dev.strata.maintenance.VacuumResult v) {
          out.put("vacuumFilesDeleted", v.filesDeleted());
        }
      }
      if (files > 0 && !out.containsKey("filesWritten")) {
        out.put("rowsOut", rows);
        out.put("filesWritten", files);
        out.put("bytesWritten", bytes);
      }
    }
  }

  private static Map<String, Object> check(
      MedallionWorkload workload, List<String> stages, Reference.Expected expected) {
    Map<String, Object> checks = new LinkedHashMap<>();
    if (stages.contains("bronze")) {
      checks.put(
          "bronze",
          compare(expected.bronze(), Checksums.orders(workload.table(workload.bronzePath()))));
    }
    if (stages.contains("silver")) {
      Reference.Checksum want =
          stages.contains("merge") ? expected.silverFinal() : expected.silverAfterStage2();
      checks.put("silver", compare(want, Checksums.orders(workload.table(workload.silverPath()))));
    }
    if (stages.contains("gold")) {
      Reference.GoldChecksum want =
          stages.contains("merge") && stages.contains("backfill")
              ? expected.goldFinal()
              : expected.pipelineGold();
      Reference.GoldChecksum got =
          Reference.goldChecksum(
              Checksums.gold(workload.table(workload.goldPath())), MedallionWorkload.BACKFILL_DAY);
      checks.put("gold", compare(want, got));
    }
    checks.forEach(
        (table, result) ->
            System.out.println(
                "check "
                    + table
                    + ": "
                    + ((Map<?, ?>) result).get("ok")
                    + (Boolean.TRUE.equals(((Map<?, ?>) result).get("ok")) ? "" : " " + result)));
    return checks;
  }

  private static Map<String, Object> compare(Object expected, Object actual) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("ok", expected.equals(actual));
    result.put("expected", expected);
    result.put("actual", actual);
    return result;
  }

  static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }

  /**
   * Samples used heap every 10 ms. Summing the pools' own peaks would add the eden, survivor and
   * old-generation peaks of different moments and overstate the peak (even above -Xmx).
   */
  private static final class HeapSampler implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peak;

    HeapSampler() {
      thread =
          new Thread(
              () -> {
                var memory = ManagementFactory.getMemoryMXBean();
                while (running) {
                  peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                  try {
                    Thread.sleep(10);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "heap-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    long peak() {
      return peak;
    }

    @Override
    public void close() {
      running = false;
      thread.interrupt();
    }
  }

  static void deleteTree(Path root) throws java.io.IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
