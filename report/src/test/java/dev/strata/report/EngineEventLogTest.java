package dev.strata.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.engine.events.EventLogFormat;
import dev.strata.engine.events.Status;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineEventLogTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void readsEveryJobStageAndTaskOfARecordedLog() throws Exception {
    String text = TestRuns.ordersLogText();
    EngineEventLog log = EngineEventLog.parse(text);

    List<JsonNode> events = text.lines().map(l -> read(l)).toList();
    long jobStarts =
        events.stream().filter(e -> e.get("event").asText().equals("JobStart")).count();
    long taskEnds = events.stream().filter(e -> e.get("event").asText().equals("TaskEnd")).count();
    assertThat(log.jobs()).hasSize((int) jobStarts);
    assertThat(log.tasks()).hasSize((int) taskEnds);
    assertThat(log.warnings()).isEmpty();

    // Every StageEnd's totals land on its stage; every declared stage keeps its plan.
    for (JsonNode e : events) {
      String kind = e.get("event").asText();
      if (kind.equals("StageEnd")) {
        StageReport s =
            log.job(e.get("jobId").asLong())
                .orElseThrow()
                .stage(e.get("stageId").asInt())
                .orElseThrow();
        StageMetrics m = s.metrics();
        assertThat(m.tasks()).isEqualTo(e.get("numTasks").asInt());
        assertThat(m.inputRows()).isEqualTo(e.get("inputRows").asLong());
        assertThat(m.outputRows()).isEqualTo(e.get("outputRows").asLong());
        assertThat(m.shuffleWriteBytes()).isEqualTo(e.get("shuffleWriteBytes").asLong());
        assertThat(m.shuffleReadBytes()).isEqualTo(e.get("shuffleReadBytes").asLong());
        assertThat(m.spillBytes()).isEqualTo(e.get("spillBytes").asLong());
        assertThat(m.durationMs()).isEqualTo(e.get("durationMs").asLong());
        // The recorded log predates the version field and spells statuses the old way.
        assertThat(e.has("version")).isFalse();
        assertThat(s.status()).isEqualTo(EventLogFormat.status(e.get("status").asText()));
      } else if (kind.equals("JobStart")) {
        JobReport j = log.job(e.get("jobId").asLong()).orElseThrow();
        assertThat(j.tag()).isEqualTo(e.get("tag").asText());
        assertThat(j.start()).contains(Instant.ofEpochMilli(e.get("time").asLong()));
        for (JsonNode sd : e.get("stages")) {
          StageReport s = j.stage(sd.get("stageId").asInt()).orElseThrow();
          assertThat(s.name()).isEqualTo(sd.get("name").asText());
          assertThat(s.exchange()).isEqualTo(sd.get("exchange").asText());
          assertThat(s.parents()).hasSize(sd.get("parents").size());
          assertThat(s.operators()).hasSize(sd.get("operators").size());
          assertThat(s.skipped()).isEqualTo(sd.get("skipped").asBoolean());
        }
      }
    }
  }

  @Test
  void matchesJobsToPipelineNodesByTagOrId() {
    EngineEventLog log = TestRuns.ordersLog();
    List<JobReport> silver = log.jobsFor("silver/2024-01-16", List.of());
    assertThat(silver).extracting(JobReport::tag).containsOnly("silver/2024-01-16");
    JobReport untagged =
        log.jobs().stream().filter(j -> j.tag().isEmpty()).findFirst().orElseThrow();
    assertThat(log.jobsFor("nothing/here", List.of(untagged.jobId()))).containsExactly(untagged);
    assertThat(untagged.status()).isEqualTo(Status.FAILED);
    assertThat(untagged.errorMessage()).isPresent();
  }

  @Test
  void keepsFailedTaskAttemptsAndTheirRetries() {
    String log =
        """
        {"event":"JobStart","jobId":1,"time":1000,"tag":"s/p","stages":[{"stageId":0,"name":"Scan","parents":[],"numTasks":1,"exchange":"none","skipped":false,"operators":["Scan"]}]}
        {"event":"TaskEnd","jobId":1,"stageId":0,"partition":0,"attempt":0,"thread":"w-1","start":1001,"end":1010,"status":"FAILED","error":"java.io.IOException: disk","inputRows":5,"inputBytes":50,"outputRows":0}
        {"event":"TaskEnd","jobId":1,"stageId":0,"partition":0,"attempt":1,"thread":"w-2","start":1011,"end":1030,"status":"SUCCESS","error":null,"inputRows":10,"inputBytes":100,"outputRows":10}
        """;
    StageReport s = EngineEventLog.parse(log).jobs().get(0).stages().get(0);
    assertThat(s.tasks()).extracting(TaskReport::attempt).containsExactly(0, 1);
    assertThat(s.tasks().get(0).errorMessage()).contains("java.io.IOException: disk");
    // No StageEnd: totals come from the successful attempts, duration from first start to last end.
    assertThat(s.status()).isEqualTo(Status.RUNNING);
    assertThat(s.metrics()).isEqualTo(new StageMetrics(1, 10, 100, 10, 0, 0, 0, 29));
  }

  @Test
  void skipsACutLineAndUnknownEventsAndKeepsTheRest() {
    String log =
        """
        {"event":"JobStart","jobId":4,"time":1000,"description":"count","stages":[{"stageId":2,"name":"A","parents":[],"numTasks":1,"exchange":"hash","skipped":true,"operators":[]},{"stageId":3,"name":"B","parents":[2],"numTasks":1,"exchange":"none","skipped":false,"operators":[],"newField":1}]}
        {"event":"SomethingNew","jobId":4,"x":1}
        {"event":"TaskEnd","jobId":4,"stageId":3,"partition":0,"attempt":0,"thread":"w","start":1001,"end":1002,"status":"SUCCESS","outputRows":7}
        {"event":"StageEnd","jobId":4,"stageId":3,"time":1003,"status":"SUC
        """;
    EngineEventLog parsed = EngineEventLog.parse(log);
    assertThat(parsed.warnings()).singleElement().asString().startsWith("line 4:");
    JobReport j = parsed.jobs().get(0);
    assertThat(j.tag()).isEmpty();
    assertThat(j.status()).isEqualTo(Status.RUNNING);
    assertThat(j.end()).isEmpty();
    assertThat(j.stage(2).orElseThrow().skipped()).isTrue();
    assertThat(j.stage(3).orElseThrow().parents()).containsExactly(2);
    assertThat(j.stage(3).orElseThrow().metrics().outputRows()).isEqualTo(7);
  }

  @Test
  void aTaskOfAnUndeclaredJobStillShowsUp() {
    EngineEventLog log =
        EngineEventLog.parse(
            "{\"event\":\"TaskEnd\",\"jobId\":9,\"stageId\":1,\"partition\":0,\"attempt\":0,"
                + "\"thread\":\"w\",\"start\":5,\"end\":9,\"status\":\"SUCCESS\"}\n");
    assertThat(log.jobs()).singleElement().extracting(JobReport::jobId).isEqualTo(9L);
    assertThat(log.tasks()).hasSize(1);
  }

  @Test
  void aSecondSessionReusingJobIdsIsASeparateJob() {
    String start =
        "{\"event\":\"JobStart\",\"jobId\":0,\"time\":%d,\"tag\":\"%s\",\"stages\":[]}\n";
    EngineEventLog log =
        EngineEventLog.parse(String.format(start, 1, "a/1") + String.format(start, 2, "b/1"));
    assertThat(log.jobs()).extracting(JobReport::tag).containsExactly("a/1", "b/1");
  }

  private static JsonNode read(String line) {
    try {
      return MAPPER.readTree(line);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aStageWithoutItsEndTakesItsStatusFromTheEndedJob() {
    String log =
        """
        {"event":"JobStart","jobId":1,"time":1,"stages":[{"stageId":0,"name":"A","parents":[]},{"stageId":1,"name":"B","parents":[0]}]}
        {"event":"TaskEnd","jobId":1,"stageId":0,"partition":0,"attempt":0,"thread":"w","start":2,"end":3,"status":"FAILED","error":"boom"}
        {"event":"TaskEnd","jobId":1,"stageId":0,"partition":0,"attempt":1,"thread":"w","start":4,"end":5,"status":"FAILED","error":"boom"}
        {"event":"JobEnd","jobId":1,"time":6,"status":"FAILED","error":"Job 1 failed: boom"}
        {"event":"JobStart","jobId":2,"time":7,"stages":[{"stageId":2,"name":"C","parents":[]}]}
        {"event":"TaskEnd","jobId":2,"stageId":2,"partition":0,"attempt":0,"thread":"w","start":8,"end":9,"status":"SUCCESS"}
        {"event":"JobEnd","jobId":2,"time":10,"status":"SUCCESS"}
        """;
    EngineEventLog parsed = EngineEventLog.parse(log);
    JobReport failed = parsed.job(1).orElseThrow();
    assertThat(failed.stage(0).orElseThrow().status()).isEqualTo(Status.FAILED);
    assertThat(failed.stage(1).orElseThrow().status()).isEqualTo(Status.CANCELLED);
    assertThat(parsed.job(2).orElseThrow().stage(2).orElseThrow().status())
        .isEqualTo(Status.SUCCEEDED);
  }
}
