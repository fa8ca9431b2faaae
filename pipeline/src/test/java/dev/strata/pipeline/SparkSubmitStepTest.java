package dev.strata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.Strata;
import dev.strata.engine.events.Status;
import dev.strata.log.DeltaLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark-submit step end to end, with a stand-in {@code spark-submit} script: it starts a real
 * JVM ({@link SparkStandInApp}) that writes the target table through Strata.
 */
class SparkSubmitStepTest {
  private static Strata strata;
  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    strata = Strata.builder().parallelism(2).build();
  }

  @AfterAll
  static void stop() {
    strata.close();
  }

  private Path script(String name, String body) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  private Path standIn() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    return script(
        "spark-submit",
        "echo \"spark-submit stand-in: $*\" >&2\n"
            + "exec '"
            + java
            + "' -Xmx256m -cp '"
            + cp
            + "' "
            + SparkStandInApp.class.getName()
            + " \"$@\"\n");
  }

  private Pipeline pipeline(PipelineFixture f, Path submit) {
    return f.builder(PipelineFixture::rawBody, PipelineFixture::cleanBody)
        .step(
            SparkSubmitStep.builder("kinds")
                .reads("raw/events")
                .target("spark/kinds")
                .sparkSubmit(submit.toString())
                .master("local[1]")
                .conf("spark.sql.shuffle.partitions", "1")
                .application("stand-in.jar")
                .args("--day", "{partition}", "--source", f.table("raw/events"))
                .hadoopUserName("etl")
                // Two days' applications may race to create the table; the loser is retried.
                .retry(RetryPolicy.of(3, java.time.Duration.ofMillis(100)))
                .build())
        .build();
  }

  @Test
  void runsTheApplicationAndFindsItsCommit() throws Exception {
    PipelineFixture f = new PipelineFixture(tmp, 2);
    Pipeline p = pipeline(f, standIn());
    assertThat(p.dependencies("kinds")).containsExactly("raw");
    List<String> stderr = new CopyOnWriteArrayList<>();
    RunResult r =
        p.run(strata)
            .range("2024-01-01", "2024-01-02")
            .listener(
                new RunListener() {
                  @Override
                  public void output(String step, PartitionKey partition, String line) {
                    stderr.add(step + "/" + partition.value() + ": " + line);
                  }
                })
            .execute();

    assertThat(r.status()).as("%s", r.outcomes(Status.FAILED)).isEqualTo(Status.SUCCEEDED);
    NodeOutcome o = r.outcome("kinds", PartitionKey.of("2024-01-02"));
    assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(o.trackingUrl())
        .isEqualTo("http://rm.example:8088/proxy/application_1700000000000_0042/");
    assertThat(o.tableVersion()).isPresent();
    assertThat(o.commitInfo()).containsKey("operation");
    assertThat(stderr)
        .anyMatch(l -> l.startsWith("kinds/2024-01-02: spark-submit stand-in: --master local[1]"));
    String target = f.table("spark/kinds");
    assertThat(DeltaLog.forTable(target).latestSnapshot().txnVersion("events/kinds/2024-01-02"))
        .hasValue(1);
    // Two kinds per day, each with half of the day's rows.
    assertThat(strata.read().table(target).collect())
        .hasSize(4)
        .allMatch(row -> ((Number) row.get("n")).longValue() == PipelineFixture.ROWS_PER_DAY / 2);

    // Rerun: the committed txn makes the step a no-op; spark-submit is not even started.
    stderr.clear();
    RunResult again = p.run(strata).range("2024-01-01", "2024-01-02").execute();
    assertThat(again.nothingToDo()).isTrue();
    assertThat(stderr).isEmpty();
  }

  @Test
  void aFailingApplicationFailsTheStepWithItsOutput() throws Exception {
    PipelineFixture f = new PipelineFixture(tmp, 1);
    Path failing =
        script(
            "spark-submit",
            "echo 'INFO Client: tracking URL: http://rm:8088/proxy/application_7_0001/' >&2\n"
                + "echo 'ERROR ApplicationMaster: User class threw exception: boom in stage 3' >&2\n"
                + "exit 3\n");
    RunResult r = pipeline(f, failing).run(strata).partition("2024-01-01").execute();

    NodeOutcome o = r.outcome("kinds", PartitionKey.of("2024-01-01"));
    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(o.status()).isEqualTo(Status.FAILED);
    assertThat(o.error())
        .contains("exited with code 3")
        .contains("http://rm:8088/proxy/application_7_0001/")
        .contains("boom in stage 3");
    assertThat(r.outcome("raw", PartitionKey.of("2024-01-01")).status())
        .isEqualTo(Status.SUCCEEDED);
    assertThat(DeltaLog.forTable(f.table("spark/kinds")).tableExists()).isFalse();
  }

  @Test
  void anApplicationThatDoesNotCommitItsTxnFails() throws Exception {
    PipelineFixture f = new PipelineFixture(tmp, 1);
    Path lazy = script("spark-submit", "echo 'all good, wrote nothing' >&2\nexit 0\n");
    RunResult r = pipeline(f, lazy).run(strata).partition("2024-01-01").execute();
    NodeOutcome o = r.outcome("kinds", PartitionKey.of("2024-01-01"));
    assertThat(o.status()).isEqualTo(Status.FAILED);
    assertThat(o.error())
        .contains("exited with code 0")
        .contains("no txn")
        .contains("events/kinds/2024-01-01");
  }
}
