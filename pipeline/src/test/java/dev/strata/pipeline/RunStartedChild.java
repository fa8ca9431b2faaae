package dev.strata.pipeline;

import dev.strata.engine.Strata;
import dev.strata.engine.events.Status;
import java.time.Instant;
import java.util.List;

/**
 * A process that records the start of a run in a lakehouse's run log and then stays "running" until
 * killed, as a pipeline run does while its steps execute. Prints {@code STARTED}.
 *
 * <p>Arguments: lakehouse, runId.
 */
public final class RunStartedChild {
  private RunStartedChild() {}

  public static void main(String[] args) throws Exception {
    try (Strata strata = Strata.builder().parallelism(1).build()) {
      TableRunLog log = TableRunLog.forLakehouse(strata, args[0]);
      Instant now = Instant.now();
      log.runStarted(
          new RunResult(
              args[1],
              "events",
              Status.RUNNING,
              List.of(PartitionKey.of("2024-01-02")),
              false,
              1,
              now,
              now,
              List.of(),
              null));
      System.out.println("STARTED");
      System.out.flush();
      Thread.sleep(600_000);
    }
  }
}
