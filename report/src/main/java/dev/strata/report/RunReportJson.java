package dev.strata.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.engine.events.Status;
import dev.strata.format.StrataException;
import dev.strata.pipeline.run.ReportPaths;
import dev.strata.pipeline.run.RunReport;
import dev.strata.pipeline.run.StepAttempt;
import dev.strata.pipeline.run.StepEdge;
import dev.strata.pipeline.run.StepKey;
import dev.strata.pipeline.run.StepRun;
import dev.strata.pipeline.run.TableChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The persisted form of a {@link RunReport}: one JSON document, written by the pipeline runner to
 * {@code <lakehouse>/_strata/reports/<runId>.json} (see {@link ReportPaths}) and read back by
 * {@code strata report RUN_ID}. Times are epoch milliseconds; unknown fields are ignored on read.
 */
public final class RunReportJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RunReportJson() {}

  /** The report as a JSON document. */
  public static String toJson(RunReport r) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("pipeline", r.pipeline());
    root.put("runId", r.runId());
    root.put("start", r.start().toEpochMilli());
    root.put("end", r.end().toEpochMilli());
    ArrayNode steps = root.putArray("steps");
    for (StepRun s : r.steps()) {
      ObjectNode n = steps.addObject();
      n.put("step", s.key().step());
      n.put("partition", s.key().partition());
      n.put("status", s.status().name());
      ArrayNode attempts = n.putArray("attempts");
      for (StepAttempt a : s.attempts()) {
        ObjectNode an = attempts.addObject();
        an.put("number", a.number());
        an.put("start", a.start().toEpochMilli());
        an.put("end", a.end().toEpochMilli());
        an.put("error", a.error());
      }
      ArrayNode ids = n.putArray("jobIds");
      s.jobIds().forEach(ids::add);
      s.tableChange()
          .ifPresent(
              c -> {
                ObjectNode cn = n.putObject("tableChange");
                cn.put("tablePath", c.tablePath());
                cn.put("version", c.version());
                cn.put("filesAdded", c.filesAdded());
                cn.put("bytesAdded", c.bytesAdded());
                cn.put("filesRemoved", c.filesRemoved());
                cn.put("bytesRemoved", c.bytesRemoved());
                cn.put("commitInfo", c.commitInfoJson());
              });
    }
    ArrayNode edges = root.putArray("edges");
    for (StepEdge e : r.edges()) {
      ObjectNode en = edges.addObject();
      key(en.putObject("from"), e.from());
      key(en.putObject("to"), e.to());
    }
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads a report written by {@link #toJson}.
   *
   * @throws StrataException if the text is not such a document
   */
  public static RunReport fromJson(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new StrataException("Run report is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject() || !root.path("runId").isTextual()) {
      throw new StrataException("Run report JSON has no runId: not a Strata run report");
    }
    List<StepRun> steps = new ArrayList<>();
    for (JsonNode n : root.path("steps")) {
      List<StepAttempt> attempts = new ArrayList<>();
      for (JsonNode a : n.path("attempts")) {
        JsonNode err = a.get("error");
        attempts.add(
            new StepAttempt(
                a.path("number").asInt(attempts.size() + 1),
                instant(a, "start"),
                instant(a, "end"),
                err == null || err.isNull() ? null : err.asText()));
      }
      List<Long> ids = new ArrayList<>();
      n.path("jobIds").forEach(i -> ids.add(i.asLong()));
      JsonNode c = n.get("tableChange");
      Optional<TableChange> change =
          c == null || !c.isObject()
              ? Optional.empty()
              : Optional.of(
                  new TableChange(
                      c.path("tablePath").asText(""),
                      c.path("version").asLong(-1),
                      c.path("filesAdded").asLong(0),
                      c.path("bytesAdded").asLong(0),
                      c.path("filesRemoved").asLong(0),
                      c.path("bytesRemoved").asLong(0),
                      c.path("commitInfo").asText("")));
      steps.add(new StepRun(key(n), status(n), attempts, ids, change));
    }
    List<StepEdge> edges = new ArrayList<>();
    for (JsonNode e : root.path("edges")) {
      edges.add(new StepEdge(key(e.path("from")), key(e.path("to"))));
    }
    return new RunReport(
        root.path("pipeline").asText(""),
        root.path("runId").asText(),
        instant(root, "start"),
        instant(root, "end"),
        steps,
        edges);
  }

  private static void key(ObjectNode n, StepKey k) {
    n.put("step", k.step());
    n.put("partition", k.partition());
  }

  private static StepKey key(JsonNode n) {
    return new StepKey(n.path("step").asText(""), n.path("partition").asText(""));
  }

  // Models saved before the shared Status held an "outcome" instead: OK and RETRIED were
  // successes (retried is told by the attempts), BLOCKED a node that never ran.
  private static Status status(JsonNode n) {
    if (!n.has("status") && n.has("outcome")) {
      String o = n.path("outcome").asText("").toUpperCase(Locale.ROOT);
      switch (o) {
        case "OK", "RETRIED" -> {
          return Status.SUCCEEDED;
        }
        case "BLOCKED" -> {
          return Status.UPSTREAM_FAILED;
        }
        case "SKIPPED", "FAILED" -> {
          return Status.valueOf(o);
        }
        default -> throw new StrataException("Run report has unknown step outcome '" + o + "'");
      }
    }
    String s = n.path("status").asText("");
    try {
      return Status.valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new StrataException("Run report has unknown step status '" + s + "'");
    }
  }

  private static Instant instant(JsonNode n, String field) {
    return Instant.ofEpochMilli(n.path(field).asLong(0));
  }
}
