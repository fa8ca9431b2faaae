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

  @Override
  public void runStarted(RunResult run) {
    append(List.of(runRow(run)));
  }

  @Override
  public void runFinished(RunResult run) {
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
      out.add(
          toResult(
              r,
              nodeRows.getOrDefault(r.get("run_id"), List.of()),
              attemptRows.getOrDefault(r.get("run_id"), List.of())));
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
