package dev.strata.pipeline;

import dev.strata.engine.SaveMode;
import dev.strata.engine.Strata;
import dev.strata.engine.events.Status;
import dev.strata.format.Row;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.DeltaLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The run log as a Strata table ({@code <lakehouse>/_strata/runs}), so that run history is
 * queryable with the same tools as any table. Append-only: a {@code run} row when a run starts
 * (status RUNNING) and, when it ends, a final {@code run} row, one {@code node} row per (step,
 * partition) and one {@code attempt} row per attempt. A run's state is its latest {@code run} row.
 */
public final class TableRunLog implements RunLog {
  /** The table's schema. */
  public static final StructType SCHEMA =
      new StructType(
          List.of(
              field("run_id", PrimitiveType.STRING),
              field("pipeline", PrimitiveType.STRING),
              field("kind", PrimitiveType.STRING),
              field("step", PrimitiveType.STRING),
              field("partition", PrimitiveType.STRING),
              field("status", PrimitiveType.STRING),
              field("attempt", PrimitiveType.INTEGER),
              field("generation", PrimitiveType.LONG),
              field("start_time", PrimitiveType.TIMESTAMP),
              field("end_time", PrimitiveType.TIMESTAMP),
              field("rows_written", PrimitiveType.LONG),
              field("table_version", PrimitiveType.LONG),
              field("target", PrimitiveType.STRING),
              field("error", PrimitiveType.STRING),
              field("partitions", PrimitiveType.STRING),
              field("force", PrimitiveType.BOOLEAN),
              field("parallelism", PrimitiveType.INTEGER),
              field("report", PrimitiveType.STRING),
              field("tracking_url", PrimitiveType.STRING),
              field("error_class", PrimitiveType.STRING)));

  private final Strata strata;
  private final String table;

  /** The run log stored in the table at {@code table}, written through {@code strata}. */
  public TableRunLog(Strata strata, String table) {
    this.strata = strata;
    this.table = table;
  }

  /** The run log of a lakehouse ({@code <lakehouse>/_strata/runs}). */
  public static TableRunLog forLakehouse(Strata strata, String lakehouse) {
    return new TableRunLog(
        strata,
        dev.strata.format.StoragePaths.join(
            dev.strata.format.StoragePaths.normalize(lakehouse), "_strata/runs"));
  }

  private static StructField field(String name, PrimitiveType type) {
    return new StructField(name, type, true, Map.of());
  }

  /** How often a running run rewrites its heartbeat. */
  static final long HEARTBEAT_INTERVAL_MILLIS = 10_000;

  /** A run silent for longer than this, whose process is gone, is ABANDONED. */
  static final long HEARTBEAT_TIMEOUT_MILLIS = 60_000;

  private static final java.util.concurrent.ScheduledExecutorService HEARTBEATS =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "strata-run-heartbeat");
            t.setDaemon(true);
            return t;
          });

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private static final Map<String, java.util.concurrent.ScheduledFuture<?>> BEATING =
      new java.util.concurrent.ConcurrentHashMap<>();

  // Beside the table's data, outside its log: readers and VACUUM (an '_' directory) ignore it.
  private String heartbeatPath(String runId) {
    return dev.strata.format.StoragePaths.join(table, "_heartbeats/" + runId + ".json");
  }

  private void beat(RunResult run) {
    Map<String, Object> beat = new LinkedHashMap<>();
    beat.put("runId", run.runId());
    beat.put("pipeline", run.pipeline());
    beat.put("host", hostName());
    beat.put("pid", ProcessHandle.current().pid());
    beat.put("heartbeatAt", System.currentTimeMillis());
    try {
      dev.strata.format.Storages.forPath(table)
          .write(heartbeatPath(run.runId()), JSON.writeValueAsBytes(beat));
    } catch (java.io.IOException | RuntimeException e) {
      // a missed beat only makes the run look abandoned sooner to another process
    }
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  @Override
  public void runStarted(RunResult run) {
    append(List.of(runRow(run)));
    beat(run);
    BEATING.put(
        run.runId(),
        HEARTBEATS.scheduleWithFixedDelay(
            () -> beat(run),
            HEARTBEAT_INTERVAL_MILLIS,
            HEARTBEAT_INTERVAL_MILLIS,
            java.util.concurrent.TimeUnit.MILLISECONDS));
  }

  private void stopBeating(String runId) {
    java.util.concurrent.ScheduledFuture<?> f = BEATING.remove(runId);
    if (f != null) {
      f.cancel(false);
    }
    try {
      dev.strata.format.Storages.forPath(table).delete(heartbeatPath(runId));
    } catch (RuntimeException e) {
      // a leftover heartbeat of a finished run is ignored: its final row wins
    }
  }

  /**
   * Whether a run whose last row says RUNNING is really gone: its heartbeat names a process on this
   * host that no longer exists, or it has not beaten for {@link #HEARTBEAT_TIMEOUT_MILLIS} (a
   * process elsewhere we cannot ask). Returns the time of its last sign of life, or null while it
   * may still run.
   */
  private Instant abandonedAt(String runId, Instant start) {
    Map<String, Object> beat = null;
    try {
      byte[] bytes = dev.strata.format.Storages.forPath(table).read(heartbeatPath(runId));
      beat =
          JSON.readValue(
              bytes, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
    } catch (dev.strata.format.StorageFileNotFoundException e) {
      // never beat (a run log written before heartbeats), or its heartbeat was removed
    } catch (java.io.IOException | RuntimeException e) {
      return null; // unreadable now; do not guess
    }
    long now = System.currentTimeMillis();
    if (beat == null) {
      return now - start.toEpochMilli() > HEARTBEAT_TIMEOUT_MILLIS ? start : null;
    }
    long last = ((Number) beat.get("heartbeatAt")).longValue();
    boolean here = hostName().equals(beat.get("host"));
    long pid = ((Number) beat.get("pid")).longValue();
    boolean gone = here && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    boolean silent = now - last > HEARTBEAT_TIMEOUT_MILLIS;
    if (gone || (silent && !here)) {
      return Instant.ofEpochMilli(last);
    }
    return null;
  }

  @Override
  public void runFinished(RunResult run) {
    stopBeating(run.runId());
    List<Row> rows = new ArrayList<>();
    rows.add(runRow(run));
    for (NodeOutcome o : run.outcomes()) {
      rows.add(
          Row.of(
              run.runId(),
              run.pipeline(),
              "node",
              o.step(),
              o.partition().value(),
              o.status().name(),
              o.attempts().size(),
              o.generation(),
              o.start(),
              o.end(),
              o.rowsWritten(),
              o.tableVersion().isPresent() ? o.tableVersion().getAsLong() : null,
              o.target(),
              o.error(),
              null,
              null,
              null,
              null,
              o.trackingUrl(),
              null));
      for (Attempt a : o.attempts()) {
        rows.add(
            Row.of(
                run.runId(),
                run.pipeline(),
                "attempt",
                o.step(),
                o.partition().value(),
                a.status().name(),
                a.number(),
                o.generation(),
                a.start(),
                a.end(),
                null,
                null,
                o.target(),
                a.error(),
                null,
                null,
                null,
                null,
                null,
                a.failureClass() == null ? null : a.failureClass().name()));
      }
    }
    append(rows);
  }

  private static Row runRow(RunResult run) {
    return Row.of(
        run.runId(),
        run.pipeline(),
        "run",
        null,
        null,
        run.status().name(),
        null,
        null,
        run.start(),
        run.end(),
        run.outcomes().stream().mapToLong(NodeOutcome::rowsWritten).sum(),
        null,
        null,
        null,
        String.join(",", run.partitions().stream().map(PartitionKey::value).toList()),
        run.force(),
        run.parallelism(),
        run.report(),
        null,
        null);
  }

  private void append(List<Row> rows) {
    // mergeSchema: a run log written before a column was added gains it on the next append.
    strata.createDataset(rows, SCHEMA).write().mode(SaveMode.APPEND).mergeSchema().save(table);
  }

  @Override
  public List<RunResult> runs(String pipeline, int limit) {
    if (!DeltaLog.forTable(table).tableExists()) {
      return List.of();
    }
    List<Row> rows = strata.read().table(table).collect();
    Map<String, Row> runRows = new LinkedHashMap<>();
    Map<String, List<Row>> nodeRows = new HashMap<>();
    Map<String, List<Row>> attemptRows = new HashMap<>();
    for (Row r : rows) {
      String id = (String) r.get("run_id");
      if (pipeline != null && !pipeline.equals(r.get("pipeline"))) {
        continue;
      }
      switch ((String) r.get("kind")) {
        case "run" -> {
          Row prev = runRows.get(id);
          // The final row wins over the RUNNING one written at the start.
          if (prev == null || "RUNNING".equals(prev.get("status"))) {
            runRows.put(id, r);
          }
        }
        case "node" -> nodeRows.computeIfAbsent(id, k -> new ArrayList<>()).add(r);
        case "attempt" -> attemptRows.computeIfAbsent(id, k -> new ArrayList<>()).add(r);
        default -> {}
      }
    }
    List<RunResult> out = new ArrayList<>();
    for (Row r : runRows.values()) {
      RunResult result =
          toResult(
              r,
              nodeRows.getOrDefault(r.get("run_id"), List.of()),
              attemptRows.getOrDefault(r.get("run_id"), List.of()));
      if (result.status() == Status.RUNNING) {
        Instant lastSign = abandonedAt(result.runId(), result.start());
        if (lastSign != null) {
          result =
              new RunResult(
                  result.runId(),
                  result.pipeline(),
                  Status.ABANDONED,
                  result.partitions(),
                  result.force(),
                  result.parallelism(),
                  result.start(),
                  lastSign,
                  result.outcomes(),
                  result.report());
        }
      }
      out.add(result);
    }
    out.sort(Comparator.comparing(RunResult::start).thenComparing(RunResult::runId).reversed());
    return limit > 0 && out.size() > limit ? out.subList(0, limit) : out;
  }

  private static FailureClass failureClass(Row attempt) {
    if (attempt.schema() == null || attempt.schema().indexOf("error_class") < 0) {
      return null;
    }
    Object v = attempt.get("error_class");
    return v == null ? null : FailureClass.valueOf((String) v);
  }

  private static RunResult toResult(Row run, List<Row> nodes, List<Row> attempts) {
    String id = (String) run.get("run_id");
    Map<String, List<Attempt>> byNode = new HashMap<>();
    for (Row a : attempts) {
      byNode
          .computeIfAbsent(a.get("step") + "/" + a.get("partition"), k -> new ArrayList<>())
          .add(
              new Attempt(
                  (Integer) a.get("attempt"),
                  (Instant) a.get("start_time"),
                  (Instant) a.get("end_time"),
                  Status.valueOf((String) a.get("status")),
                  (String) a.get("error"),
                  failureClass(a)));
    }
    List<NodeOutcome> outcomes = new ArrayList<>();
    for (Row n : nodes) {
      String step = (String) n.get("step");
      String part = (String) n.get("partition");
      List<Attempt> as = new ArrayList<>(byNode.getOrDefault(step + "/" + part, List.of()));
      as.sort(Comparator.comparingInt(Attempt::number));
      Long v = (Long) n.get("table_version");
      PartitionKey key = new PartitionKey(part == null ? "" : part);
      outcomes.add(
          new NodeOutcome(
              step,
              key,
              Status.valueOf((String) n.get("status")),
              n.get("generation") == null ? 0 : (Long) n.get("generation"),
              Planner.appId((String) n.get("pipeline"), step, key),
              (String) n.get("target"),
              as,
              (Instant) n.get("start_time"),
              (Instant) n.get("end_time"),
              n.get("rows_written") == null ? 0 : (Long) n.get("rows_written"),
              v == null ? OptionalLong.empty() : OptionalLong.of(v),
              Map.of(),
              key.isUnpartitioned() ? step : step + "/" + part,
              (String) n.get("tracking_url"),
              (String) n.get("error")));
    }
    outcomes.sort(
        Comparator.comparing(NodeOutcome::start, Comparator.nullsLast(Comparator.naturalOrder())));
    String parts = (String) run.get("partitions");
    List<PartitionKey> keys =
        parts == null || parts.isEmpty()
            ? List.of()
            : Arrays.stream(parts.split(",")).map(PartitionKey::new).toList();
    Instant start = (Instant) run.get("start_time");
    Instant end = (Instant) run.get("end_time");
    return new RunResult(
        id,
        (String) run.get("pipeline"),
        Status.valueOf((String) run.get("status")),
        keys,
        Boolean.TRUE.equals(run.get("force")),
        run.get("parallelism") == null ? 0 : (Integer) run.get("parallelism"),
        start,
        end == null ? start : end,
        outcomes,
        (String) run.get("report"));
  }
}
