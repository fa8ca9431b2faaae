package dev.strata.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.format.Storage;
import dev.strata.format.StrataException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's event log (JSON lines: {@code JobStart}, {@code StageStart}, {@code TaskEnd}, {@code
 * StageEnd}, {@code JobEnd}), read back into jobs, stages and tasks.
 *
 * <p>Reading is lenient because the log of a crashed process is exactly the one worth reading: a
 * line that is not JSON (typically the last, cut short) is skipped and named in {@link
 * #warnings()}; unknown events and fields are ignored; a stage or job without its end event stays
 * {@link EngineStatus#RUNNING}; a task of an undeclared job or stage creates it.
 *
 * @param jobs the jobs in the order their first event appears
 * @param warnings one message per line that could not be read
 */
public record EngineEventLog(List<JobReport> jobs, List<String> warnings) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public EngineEventLog {
    jobs = List.copyOf(jobs);
    warnings = List.copyOf(warnings);
  }

  /** Reads an event log file from local disk. */
  public static EngineEventLog read(Path file) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(r);
    } catch (IOException e) {
      throw new StrataException(
          "Cannot read engine event log " + file + ": " + e.getMessage() + ". Check the path.", e);
    }
  }

  /** Reads an event log through a {@link Storage} (any scheme). */
  public static EngineEventLog read(Storage storage, String path) {
    try (InputStream in = storage.open(path)) {
      return parse(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new StrataException("Cannot read engine event log " + path + ": " + e.getMessage(), e);
    }
  }

  /** Parses event-log text (JSON lines). */
  public static EngineEventLog parse(String text) {
    return parse(new StringReader(text));
  }

  /** Parses event-log JSON lines from a reader; does not close it. */
  public static EngineEventLog parse(Reader reader) {
    Parser p = new Parser();
    BufferedReader br = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    try {
      String line;
      int n = 0;
      while ((line = br.readLine()) != null) {
        n++;
        if (!line.isBlank()) {
          p.line(n, line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.finish();
  }

  /** The jobs a pipeline node ran: those tagged {@code tag} or whose id is listed. */
  public List<JobReport> jobsFor(String tag, List<Long> jobIds) {
    return jobs.stream()
        .filter(j -> (!tag.isEmpty() && tag.equals(j.tag())) || jobIds.contains(j.jobId()))
        .toList();
  }

  /** The job with this id (the first one if a log holds several sessions). */
  public Optional<JobReport> job(long jobId) {
    return jobs.stream().filter(j -> j.jobId() == jobId).findFirst();
  }

  /** All task attempts of all jobs. */
  public List<TaskReport> tasks() {
    return jobs.stream().flatMap(j -> j.tasks().stream()).toList();
  }

  private static final class Parser {
    private final List<JobBuilder> jobs = new ArrayList<>();
    // Latest job per id: an id seen again in a JobStart starts a new job (a second session
    // appended to the same file), and later events refer to that one.
    private final Map<Long, JobBuilder> current = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();

    void line(int n, String line) {
      JsonNode e;
      try {
        e = MAPPER.readTree(line);
      } catch (JsonProcessingException ex) {
        warnings.add("line " + n + ": not a JSON object, skipped (" + shortText(line) + ")");
        return;
      }
      if (e == null || !e.isObject()) {
        warnings.add("line " + n + ": not a JSON object, skipped (" + shortText(line) + ")");
        return;
      }
      String event = e.path("event").asText("");
      long jobId = e.path("jobId").asLong(-1);
      if (jobId < 0) {
        return;
      }
      switch (event) {
        case "JobStart" -> jobStart(jobId, e);
        case "StageStart" -> job(jobId).stage(e.path("stageId").asInt()).start = time(e, "time");
        case "TaskEnd" -> task(jobId, e);
        case "StageEnd" -> stageEnd(job(jobId).stage(e.path("stageId").asInt()), e);
        case "JobEnd" -> jobEnd(job(jobId), e);
        default -> {
          // Events added by later engines are not errors.
        }
      }
    }

    private JobBuilder job(long id) {
      return current.computeIfAbsent(
          id,
          k -> {
            JobBuilder b = new JobBuilder(k);
            jobs.add(b);
            return b;
          });
    }

    private void jobStart(long id, JsonNode e) {
      JobBuilder j = current.get(id);
      if (j == null || j.started) {
        j = new JobBuilder(id);
        jobs.add(j);
        current.put(id, j);
      }
      j.started = true;
      j.description = e.path("description").asText("");
      j.tag = e.path("tag").isTextual() ? e.path("tag").asText() : "";
      j.start = time(e, "time");
      for (JsonNode s : e.path("stages")) {
        StageBuilder sb = j.stage(s.path("stageId").asInt());
        sb.name = s.path("name").asText("");
        sb.parents = new ArrayList<>();
        for (JsonNode p : s.path("parents")) {
          sb.parents.add(p.asInt());
        }
        sb.plannedTasks = s.path("numTasks").asInt(0);
        sb.exchange = s.path("exchange").asText("none");
        sb.declaredSkipped = s.path("skipped").asBoolean(false);
        sb.operators = new ArrayList<>();
        for (JsonNode o : s.path("operators")) {
          sb.operators.add(o.asText());
        }
      }
    }

    private void task(long jobId, JsonNode e) {
      StageBuilder s = job(jobId).stage(e.path("stageId").asInt());
      Instant start = time(e, "start").or(() -> time(e, "time")).orElse(Instant.EPOCH);
      Instant end = time(e, "end").or(() -> time(e, "time")).orElse(start);
      s.tasks.add(
          new TaskReport(
              jobId,
              s.id,
              e.path("partition").asInt(),
              e.path("attempt").asInt(0),
              e.path("thread").isTextual() ? e.path("thread").asText() : "",
              start,
              end.isBefore(start) ? start : end,
              EngineStatus.parse(e.path("status").asText("")),
              text(e, "error"),
              e.path("inputRows").asLong(0),
              e.path("inputBytes").asLong(0),
              e.path("outputRows").asLong(0),
              e.path("shuffleReadBytes").asLong(0),
              e.path("shuffleWriteBytes").asLong(0),
              e.path("spillBytes").asLong(0),
              e.path("cacheHit").asBoolean(false)));
    }

    private static void stageEnd(StageBuilder s, JsonNode e) {
      s.end = time(e, "time");
      s.status = EngineStatus.parse(e.path("status").asText(""));
      s.endEvent = e;
    }

    private static void jobEnd(JobBuilder j, JsonNode e) {
      j.end = time(e, "time");
      j.status = EngineStatus.parse(e.path("status").asText(""));
      j.error = text(e, "error");
      j.execPeak = e.path("executionMemoryPeakBytes").asLong(0);
      j.storagePeak = e.path("storageMemoryPeakBytes").asLong(0);
    }

    EngineEventLog finish() {
      return new EngineEventLog(jobs.stream().map(JobBuilder::build).toList(), warnings);
    }
  }

  private static Optional<Instant> time(JsonNode e, String field) {
    JsonNode n = e.get(field);
    return n != null && n.isNumber()
        ? Optional.of(Instant.ofEpochMilli(n.asLong()))
        : Optional.empty();
  }

  private static String text(JsonNode e, String field) {
    JsonNode n = e.get(field);
    return n == null || n.isNull() ? null : n.isTextual() ? n.asText() : n.toString();
  }

  private static String shortText(String line) {
    return line.length() <= 60 ? line : line.substring(0, 60) + "...";
  }

  private static final class JobBuilder {
    final long id;
    boolean started;
    String description = "";
    String tag = "";
    Optional<Instant> start = Optional.empty();
    Optional<Instant> end = Optional.empty();
    EngineStatus status = EngineStatus.RUNNING;
    String error;
    long execPeak;
    long storagePeak;
    final Map<Integer, StageBuilder> stages = new LinkedHashMap<>();

    JobBuilder(long id) {
      this.id = id;
    }

    StageBuilder stage(int stageId) {
      return stages.computeIfAbsent(stageId, StageBuilder::new);
    }

    JobReport build() {
      List<StageReport> built =
          stages.values().stream().map(s -> s.build(end.isPresent() ? status : null)).toList();
      Optional<Instant> s =
          start.or(() -> built.stream().flatMap(x -> x.start().stream()).min(Instant::compareTo));
      return new JobReport(
          id, description, tag, s, end, status, error, execPeak, storagePeak, built);
    }
  }

  private static final class StageBuilder {
    final int id;
    String name = "";
    List<Integer> parents = List.of();
    int plannedTasks;
    String exchange = "none";
    boolean declaredSkipped;
    List<String> operators = List.of();
    Optional<Instant> start = Optional.empty();
    Optional<Instant> end = Optional.empty();
    EngineStatus status = EngineStatus.RUNNING;
    JsonNode endEvent;
    final List<TaskReport> tasks = new ArrayList<>();

    StageBuilder(int id) {
      this.id = id;
    }

    /** {@code jobStatus} is null while the job has not ended. */
    StageReport build(EngineStatus jobStatus) {
      EngineStatus st = declaredSkipped ? EngineStatus.SKIPPED : status;
      if (st == EngineStatus.RUNNING && jobStatus != null) {
        // The job is over but the stage never logged its end: it failed with its tasks, or was
        // abandoned when another stage failed.
        boolean anyFailed = tasks.stream().anyMatch(t -> t.status() == EngineStatus.FAILED);
        st =
            anyFailed
                ? EngineStatus.FAILED
                : jobStatus == EngineStatus.SUCCESS && !tasks.isEmpty()
                    ? EngineStatus.SUCCESS
                    : EngineStatus.KILLED;
      }
      return new StageReport(
          id,
          name.isEmpty() ? "stage " + id : name,
          parents,
          exchange,
          operators,
          plannedTasks,
          st,
          start,
          end,
          metrics(),
          tasks);
    }

    // StageEnd carries the engine's own totals; summing successful task attempts is the fallback
    // for a stage that never ended (crash) or an engine that leaves a field out.
    private StageMetrics metrics() {
      long inRows = 0;
      long inBytes = 0;
      long outRows = 0;
      long shRead = 0;
      long shWrite = 0;
      long spill = 0;
      Instant first = null;
      Instant last = null;
      java.util.Set<Integer> partitions = new java.util.HashSet<>();
      for (TaskReport t : tasks) {
        partitions.add(t.partition());
        first = first == null || t.start().isBefore(first) ? t.start() : first;
        last = last == null || t.end().isAfter(last) ? t.end() : last;
        spill += t.spillBytes();
        if (t.status() == EngineStatus.SUCCESS) {
          inRows += t.inputRows();
          inBytes += t.inputBytes();
          outRows += t.outputRows();
          shRead += t.shuffleReadBytes();
          shWrite += t.shuffleWriteBytes();
        }
      }
      long duration =
          start.isPresent() && end.isPresent()
              ? end.get().toEpochMilli() - start.get().toEpochMilli()
              : first == null ? 0 : last.toEpochMilli() - first.toEpochMilli();
      JsonNode e = endEvent;
      if (e == null) {
        return new StageMetrics(
            partitions.size(), inRows, inBytes, outRows, shRead, shWrite, spill, duration);
      }
      return new StageMetrics(
          e.path("numTasks").asInt(partitions.size()),
          e.path("inputRows").asLong(inRows),
          e.path("inputBytes").asLong(inBytes),
          e.path("outputRows").asLong(outRows),
          e.path("shuffleReadBytes").asLong(shRead),
          e.path("shuffleWriteBytes").asLong(shWrite),
          e.path("spillBytes").asLong(spill),
          e.path("durationMs").asLong(duration));
    }
  }
}
