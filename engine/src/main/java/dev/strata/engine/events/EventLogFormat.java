package dev.strata.engine.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.engine.events.EngineEvent.Counters;
import dev.strata.engine.events.EngineEvent.JobEnd;
import dev.strata.engine.events.EngineEvent.JobStart;
import dev.strata.engine.events.EngineEvent.StageEnd;
import dev.strata.engine.events.EngineEvent.StagePlan;
import dev.strata.engine.events.EngineEvent.StageStart;
import dev.strata.engine.events.EngineEvent.TaskEnd;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The event log's line format: one {@link EngineEvent} per line as a JSON object whose {@code
 * event} names the record ({@code JobStart}, {@code StageStart}, {@code TaskEnd}, {@code StageEnd},
 * {@code JobEnd}), whose {@code version} is {@link #VERSION}, and whose other fields are the
 * record's components by name ({@link Counters} flattened into the event). Statuses are {@link
 * Status} names.
 *
 * <p>Reading is lenient, because the log of a crashed process is the one most worth reading and
 * logs outlive the engine that wrote them: unknown events and fields are ignored, a missing number
 * reads as 0 (a missing status as {@link Status#RUNNING}), a status this version does not know as
 * {@link Status#UNKNOWN}. Lines without a {@code version} come from engines before this format had
 * one; they spelled {@link Status#SUCCEEDED} {@code SUCCESS} and {@link Status#CANCELLED} {@code
 * KILLED}.
 */
public final class EventLogFormat {
  /** The version this engine writes. 0 is the unversioned format that preceded it. */
  public static final int VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EventLogFormat() {}

  /** One line of the log, without its line break. */
  public static String toJson(EngineEvent event) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("event", event.getClass().getSimpleName());
    n.put("version", VERSION);
    n.put("jobId", event.jobId());
    if (event instanceof JobStart e) {
      n.put("time", e.time());
      n.put("description", e.description());
      if (e.tag() != null) {
        n.put("tag", e.tag());
      }
      ArrayNode stages = n.putArray("stages");
      for (StagePlan s : e.stages()) {
        ObjectNode m = stages.addObject();
        m.put("stageId", s.stageId());
        m.put("name", s.name());
        ArrayNode parents = m.putArray("parents");
        s.parents().forEach(parents::add);
        m.put("numTasks", s.numTasks());
        m.put("exchange", s.exchange());
        m.put("skipped", s.skipped());
        ArrayNode ops = m.putArray("operators");
        s.operators().forEach(ops::add);
      }
    } else if (event instanceof StageStart e) {
      n.put("stageId", e.stageId());
      n.put("time", e.time());
    } else if (event instanceof TaskEnd e) {
      n.put("stageId", e.stageId());
      n.put("partition", e.partition());
      n.put("attempt", e.attempt());
      n.put("thread", e.thread());
      n.put("start", e.start());
      n.put("end", e.end());
      n.put("status", e.status().name());
      n.put("error", e.error());
      counters(n, e.counters());
      n.put("cacheHit", e.cacheHit());
    } else if (event instanceof StageEnd e) {
      n.put("stageId", e.stageId());
      n.put("time", e.time());
      n.put("status", e.status().name());
      n.put("numTasks", e.numTasks());
      e.counters().ifPresent(c -> counters(n, c));
      n.put("durationMs", e.durationMs());
    } else if (event instanceof JobEnd e) {
      n.put("time", e.time());
      n.put("status", e.status().name());
      n.put("error", e.error());
      n.put("executionMemoryPeakBytes", e.executionMemoryPeakBytes());
      n.put("storageMemoryPeakBytes", e.storageMemoryPeakBytes());
      n.put("executionMemoryBytes", e.executionMemoryBytes());
      n.put("storageMemoryBytes", e.storageMemoryBytes());
      n.put("spillBytes", e.spillBytes());
    }
    try {
      return MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      // A tree of strings and numbers always serialises.
      throw new IllegalStateException("Cannot serialise " + event, e);
    }
  }

  /**
   * Reads one line of the log.
   *
   * <p>A line of a later version is read the same way: fields this version does not know are
   * skipped.
   *
   * @return the event, or empty for an event this version does not know or one without a job id
   * @throws IllegalArgumentException when the line is not a JSON object (typically the last line of
   *     a log whose process died mid-write)
   */
  public static Optional<EngineEvent> parse(String line) {
    JsonNode e;
    try {
      e = MAPPER.readTree(line);
    } catch (JsonProcessingException ex) {
      e = null;
    }
    if (e == null || !e.isObject()) {
      throw new IllegalArgumentException("not a JSON object: " + shortText(line));
    }
    int jobId = e.path("jobId").asInt(-1);
    if (jobId < 0) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        switch (e.path("event").asText("")) {
          case "JobStart" -> jobStart(jobId, e);
          case "StageStart" ->
              new StageStart(jobId, e.path("stageId").asInt(), e.path("time").asLong(0));
          case "TaskEnd" -> taskEnd(jobId, e);
          case "StageEnd" ->
              new StageEnd(
                  jobId,
                  e.path("stageId").asInt(),
                  e.path("time").asLong(0),
                  status(e),
                  e.path("numTasks").asInt(0),
                  e.has("inputRows") ? Optional.of(counters(e)) : Optional.empty(),
                  e.path("durationMs").asLong(0));
          case "JobEnd" ->
              new JobEnd(
                  jobId,
                  e.path("time").asLong(0),
                  status(e),
                  text(e, "error"),
                  e.path("executionMemoryPeakBytes").asLong(0),
                  e.path("storageMemoryPeakBytes").asLong(0),
                  e.path("executionMemoryBytes").asLong(0),
                  e.path("storageMemoryBytes").asLong(0),
                  e.path("spillBytes").asLong(0));
          default -> null;
        });
  }

  /**
   * A status as a log line spells it: a {@link Status} name, or a name of the unversioned format;
   * empty or missing is {@link Status#RUNNING}.
   */
  public static Status status(String text) {
    if (text == null || text.isEmpty()) {
      return Status.RUNNING;
    }
    String s = text.toUpperCase(Locale.ROOT);
    switch (s) {
      case "SUCCESS":
        return Status.SUCCEEDED;
      case "KILLED":
        return Status.CANCELLED;
      default:
        try {
          return Status.valueOf(s);
        } catch (IllegalArgumentException e) {
          return Status.UNKNOWN;
        }
    }
  }

  private static JobStart jobStart(int jobId, JsonNode e) {
    List<StagePlan> stages = new ArrayList<>();
    for (JsonNode s : e.path("stages")) {
      List<Integer> parents = new ArrayList<>();
      s.path("parents").forEach(p -> parents.add(p.asInt()));
      List<String> ops = new ArrayList<>();
      s.path("operators").forEach(o -> ops.add(o.asText()));
      stages.add(
          new StagePlan(
              s.path("stageId").asInt(),
              s.path("name").asText(""),
              parents,
              s.path("numTasks").asInt(0),
              s.path("exchange").asText("none"),
              s.path("skipped").asBoolean(false),
              ops));
    }
    return new JobStart(
        jobId,
        e.path("time").asLong(0),
        e.path("description").asText(""),
        e.path("tag").isTextual() ? e.path("tag").asText() : null,
        stages);
  }

  private static TaskEnd taskEnd(int jobId, JsonNode e) {
    // Older or foreign logs may give one "time" instead of start and end.
    long start = e.has("start") ? e.path("start").asLong() : e.path("time").asLong(0);
    long end = e.has("end") ? e.path("end").asLong() : e.path("time").asLong(start);
    return new TaskEnd(
        jobId,
        e.path("stageId").asInt(),
        e.path("partition").asInt(),
        e.path("attempt").asInt(0),
        e.path("thread").isTextual() ? e.path("thread").asText() : null,
        start,
        Math.max(start, end),
        status(e),
        text(e, "error"),
        counters(e),
        e.path("cacheHit").asBoolean(false));
  }

  private static Status status(JsonNode e) {
    return status(e.path("status").asText(""));
  }

  private static Counters counters(JsonNode e) {
    return new Counters(
        e.path("inputRows").asLong(0),
        e.path("inputBytes").asLong(0),
        e.path("outputRows").asLong(0),
        e.path("shuffleReadBytes").asLong(0),
        e.path("shuffleWriteBytes").asLong(0),
        e.path("spillBytes").asLong(0));
  }

  private static void counters(ObjectNode n, Counters c) {
    n.put("inputRows", c.inputRows());
    n.put("inputBytes", c.inputBytes());
    n.put("outputRows", c.outputRows());
    n.put("shuffleReadBytes", c.shuffleReadBytes());
    n.put("shuffleWriteBytes", c.shuffleWriteBytes());
    n.put("spillBytes", c.spillBytes());
  }

  private static String text(JsonNode e, String field) {
    JsonNode n = e.get(field);
    return n == null || n.isNull() ? null : n.isTextual() ? n.asText() : n.toString();
  }

  private static String shortText(String line) {
    return line.length() <= 60 ? line : line.substring(0, 60) + "...";
  }
}
