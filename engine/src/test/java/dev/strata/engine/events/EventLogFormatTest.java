package dev.strata.engine.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.engine.events.EngineEvent.Counters;
import dev.strata.engine.events.EngineEvent.JobEnd;
import dev.strata.engine.events.EngineEvent.JobStart;
import dev.strata.engine.events.EngineEvent.StageEnd;
import dev.strata.engine.events.EngineEvent.StagePlan;
import dev.strata.engine.events.EngineEvent.StageStart;
import dev.strata.engine.events.EngineEvent.TaskEnd;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventLogFormatTest {
  @Test
  void everyEventReadsBackAsTheRecordItWasWrittenFrom() {
    List<EngineEvent> events =
        List.of(
            new JobStart(
                3,
                1000,
                "count at X",
                "silver/2024-01-05",
                List.of(
                    new StagePlan(
                        7, "Scan -> Exchange", List.of(), 4, "hash", false, List.of("Scan")),
                    new StagePlan(8, "Agg", List.of(7), 2, "none", true, List.of("Agg")))),
            new JobStart(4, 1001, "", null, List.of()),
            new StageStart(3, 7, 1002),
            new TaskEnd(
                3,
                7,
                1,
                0,
                "strata-worker-1",
                1003,
                1009,
                Status.SUCCEEDED,
                null,
                new Counters(10, 100, 10, 0, 64, 0),
                true),
            new TaskEnd(
                3, 7, 2, 1, null, 1010, 1010, Status.CANCELLED, "cancelled", Counters.ZERO, false),
            new StageEnd(
                3, 7, 1011, Status.SUCCEEDED, 4, Optional.of(new Counters(1, 2, 3, 4, 5, 6)), 9),
            new StageEnd(3, 8, 1011, Status.SKIPPED, 0, Optional.empty(), 0),
            new JobEnd(3, 1012, Status.FAILED, "Job 3 failed: boom", 5, 6, 0, 7, 8));
    for (EngineEvent e : events) {
      String line = EventLogFormat.toJson(e);
      assertThat(line).contains("\"version\":" + EventLogFormat.VERSION).doesNotContain("\n");
      assertThat(EventLogFormat.parse(line)).contains(e);
    }
  }

  @Test
  void readsTheUnversionedFormatWithItsStatusNames() {
    Optional<EngineEvent> task =
        EventLogFormat.parse(
            "{\"event\":\"TaskEnd\",\"jobId\":1,\"stageId\":0,\"partition\":0,\"attempt\":0,"
                + "\"thread\":null,\"start\":5,\"end\":5,\"status\":\"KILLED\",\"error\":\"x\"}");
    assertThat(task).get().extracting(e -> ((TaskEnd) e).status()).isEqualTo(Status.CANCELLED);
    assertThat(((TaskEnd) task.get()).thread()).isNull();
    Optional<EngineEvent> stage =
        EventLogFormat.parse(
            "{\"event\":\"StageEnd\",\"jobId\":1,\"stageId\":0,\"time\":9,\"status\":\"SUCCESS\","
                + "\"numTasks\":2,\"inputRows\":4,\"outputRows\":4,\"durationMs\":3}");
    StageEnd s = (StageEnd) stage.orElseThrow();
    assertThat(s.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(s.counters()).contains(new Counters(4, 0, 4, 0, 0, 0));
    // A skipped stage of the old format carried no totals.
    assertThat(
            ((StageEnd)
                    EventLogFormat.parse(
                            "{\"event\":\"StageEnd\",\"jobId\":1,\"stageId\":1,\"time\":9,"
                                + "\"status\":\"SKIPPED\",\"numTasks\":0,\"durationMs\":0}")
                        .orElseThrow())
                .counters())
        .isEmpty();
  }

  @Test
  void isLenientWithWhatItDoesNotKnowAndStrictWithWhatIsNotJson() {
    assertThat(EventLogFormat.parse("{\"event\":\"SomethingNew\",\"jobId\":4,\"x\":1}")).isEmpty();
    assertThat(EventLogFormat.parse("{\"event\":\"JobEnd\",\"time\":1}")).isEmpty();
    assertThat(
            EventLogFormat.parse(
                "{\"event\":\"JobEnd\",\"version\":99,\"jobId\":2,\"time\":1,\"status\":\"PAUSED\","
                    + "\"newField\":[1]}"))
        .get()
        .extracting(e -> ((JobEnd) e).status())
        .isEqualTo(Status.UNKNOWN);
    assertThat(
            ((JobEnd) EventLogFormat.parse("{\"event\":\"JobEnd\",\"jobId\":2}").orElseThrow())
                .status())
        .isEqualTo(Status.RUNNING);
    assertThatThrownBy(() -> EventLogFormat.parse("{\"event\":\"StageEnd\",\"jobId\":4,\"st"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> EventLogFormat.parse("[1,2]"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
