package dev.strata.report;

import dev.strata.engine.events.EngineEvent;
import dev.strata.engine.events.EngineEvent.Counters;
import dev.strata.engine.events.EngineEvent.JobEnd;
import dev.strata.engine.events.EngineEvent.JobStart;
import dev.strata.engine.events.EngineEvent.StageEnd;
import dev.strata.engine.events.EngineEvent.StagePlan;
import dev.strata.engine.events.EngineEvent.StageStart;
import dev.strata.engine.events.EngineEvent.TaskEnd;
import dev.strata.engine.events.EventLogFormat;
import dev.strata.engine.events.Status;
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
 * The engine's event log, read back into jobs, stages and tasks: each line is one {@link
 * EngineEvent} ({@link EventLogFormat} reads it), and the events of a job are folded into one
 * {@link JobReport}.
 *
 * <p>Reading is lenient because the log of a crashed process is exactly the one worth reading: a
 * line that is not JSON (typically the last, cut short) is skipped and named in {@link
 * #warnings()}; unknown events and fields are ignored (by the format); a stage or job without its
 * end event stays {@link Status#RUNNING}; a task of an undeclared job or stage creates it.
 *
 * @param jobs the jobs in the order their first event appears
 * @param warnings one message per line that could not be read
 */
public record EngineEventLog(List<JobReport> jobs, List<String> warnings) {
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
      Optional<EngineEvent> parsed;
      try {
        parsed = EventLogFormat.parse(line);
      } catch (IllegalArgumentException ex) {
        warnings.add("line " + n + ": not a JSON object, skipped (" + shortText(line) + ")");
        return;
      }
      // Events added by later engines are not errors: they parse to nothing.
      parsed.ifPresent(this::event);
    }

    private void event(EngineEvent e) {
      if (e instanceof JobStart js) {
        jobStart(js);
      } else if (e instanceof StageStart ss) {
        job(ss.jobId()).stage(ss.stageId()).start = time(ss.time());
      } else if (e instanceof TaskEnd te) {
        task(te);
      } else if (e instanceof StageEnd se) {
        StageBuilder s = job(se.jobId()).stage(se.stageId());
        s.end = time(se.time());
        s.status = se.status();
        s.endEvent = se;
      } else if (e instanceof JobEnd je) {
        JobBuilder j = job(je.jobId());
        j.end = time(je.time());
        j.status = je.status();
        j.error = je.error();
        j.execPeak = je.executionMemoryPeakBytes();
        j.storagePeak = je.storageMemoryPeakBytes();
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

    private void jobStart(JobStart e) {
      long id = e.jobId();
      JobBuilder j = current.get(id);
      if (j == null || j.started) {
        j = new JobBuilder(id);
        jobs.add(j);
        current.put(id, j);
      }
      j.started = true;
      j.description = e.description();
      j.tag = e.tag() == null ? "" : e.tag();
      j.start = time(e.time());
      for (StagePlan s : e.stages()) {
        StageBuilder sb = j.stage(s.stageId());
        sb.name = s.name();
        sb.parents = s.parents();
        sb.plannedTasks = s.numTasks();
        sb.exchange = s.exchange();
        sb.declaredSkipped = s.skipped();
        sb.operators = s.operators();
      }
    }

    private void task(TaskEnd e) {
      StageBuilder s = job(e.jobId()).stage(e.stageId());
      Counters c = e.counters();
      s.tasks.add(
          new TaskReport(
              e.jobId(),
              s.id,
              e.partition(),
              e.attempt(),
              e.thread() == null ? "" : e.thread(),
              Instant.ofEpochMilli(e.start()),
              Instant.ofEpochMilli(e.end()),
              e.status(),
              e.error(),
              c.inputRows(),
              c.inputBytes(),
              c.outputRows(),
              c.shuffleReadBytes(),
              c.shuffleWriteBytes(),
              c.spillBytes(),
              e.cacheHit()));
    }

    EngineEventLog finish() {
      return new EngineEventLog(jobs.stream().map(JobBuilder::build).toList(), warnings);
    }
  }

  // The format reads a missing time as 0; no engine ran jobs in January 1970.
  private static Optional<Instant> time(long epochMillis) {
    return epochMillis > 0 ? Optional.of(Instant.ofEpochMilli(epochMillis)) : Optional.empty();
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
    Status status = Status.RUNNING;
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
    Status status = Status.RUNNING;
    StageEnd endEvent;
    final List<TaskReport> tasks = new ArrayList<>();

    StageBuilder(int id) {
      this.id = id;
    }

    /** {@code jobStatus} is null while the job has not ended. */
    StageReport build(Status jobStatus) {
      Status st = declaredSkipped ? Status.SKIPPED : status;
      if (st == Status.RUNNING && jobStatus != null) {
        // The job is over but the stage never logged its end: it failed with its tasks, or was
        // abandoned when another stage failed.
        boolean anyFailed = tasks.stream().anyMatch(t -> t.status() == Status.FAILED);
        st =
            anyFailed
                ? Status.FAILED
                : jobStatus == Status.SUCCEEDED && !tasks.isEmpty()
                    ? Status.SUCCEEDED
                    : Status.CANCELLED;
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
        if (t.status() == Status.SUCCEEDED) {
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
      if (endEvent == null || endEvent.counters().isEmpty()) {
        return new StageMetrics(
            endEvent == null ? partitions.size() : endEvent.numTasks(),
            inRows,
            inBytes,
            outRows,
            shRead,
            shWrite,
            spill,
            endEvent == null ? duration : endEvent.durationMs());
      }
      Counters c = endEvent.counters().get();
      return new StageMetrics(
          endEvent.numTasks(),
          c.inputRows(),
          c.inputBytes(),
          c.outputRows(),
          c.shuffleReadBytes(),
          c.shuffleWriteBytes(),
          c.spillBytes(),
          endEvent.durationMs());
    }
  }
}
