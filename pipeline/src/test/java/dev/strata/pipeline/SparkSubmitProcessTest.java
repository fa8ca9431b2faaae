package dev.strata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkSubmitProcessTest {
  @TempDir Path tmp;

  private Path script(String name, String body) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  @Test
  void assemblesTheCommandFromSparkHome() throws Exception {
    Path home = tmp.resolve("spark");
    Files.createDirectories(home.resolve("bin"));
    Path submit = script("spark/bin/spark-submit", "exit 0\n");
    SparkSubmitStep step =
        SparkSubmitStep.builder("agg")
            .reads("silver/orders")
            .target("gold/agg")
            .master("yarn")
            .deployMode("cluster")
            .mainClass("com.acme.Agg")
            .conf("spark.executor.memory", "4g")
            .conf("spark.app.day", "{partition}")
            .jars("a.jar", "b.jar")
            .pyFiles("x.py")
            .application("app.jar")
            .args("--date", "{partition}", "--out", "{target}")
            .hadoopConfDir("/etc/hadoop")
            .hadoopUserName("etl")
            .build();
    Map<String, String> ph =
        Map.of(
            "partition", "2024-01-17",
            "appId", "orders/agg/2024-01-17",
            "version", "3",
            "target", "file:/lh/gold/agg");
    List<String> cmd = step.command(ph, Map.of("SPARK_HOME", home.toString()), Map.of());
    assertThat(cmd)
        .containsExactly(
            submit.toString(),
            "--master",
            "yarn",
            "--deploy-mode",
            "cluster",
            "--name",
            "strata:orders/agg/2024-01-17",
            "--class",
            "com.acme.Agg",
            "--conf",
            "spark.app.day=2024-01-17",
            "--conf",
            "spark.executor.memory=4g",
            "--conf",
            "spark.strata.txn.appId=orders/agg/2024-01-17",
            "--conf",
            "spark.strata.txn.version=3",
            "--conf",
            "spark.strata.partition=2024-01-17",
            "--conf",
            "spark.strata.target=file:/lh/gold/agg",
            "--jars",
            "a.jar,b.jar",
            "--py-files",
            "x.py",
            "app.jar",
            "--date",
            "2024-01-17",
            "--out",
            "file:/lh/gold/agg");
    assertThat(step.environment(ph))
        .containsEntry("HADOOP_CONF_DIR", "/etc/hadoop")
        .containsEntry("HADOOP_USER_NAME", "etl")
        .containsEntry("STRATA_TXN_APP_ID", "orders/agg/2024-01-17")
        .containsEntry("STRATA_TXN_VERSION", "3");
    // The configuration key wins over SPARK_HOME when the step names none.
    assertThat(
            step.command(
                    ph,
                    Map.of("SPARK_HOME", "/nowhere"),
                    Map.of(SparkSubmitStep.SPARK_HOME_KEY, home.toString()))
                .get(0))
        .isEqualTo(submit.toString());
  }

  @Test
  void missingSparkIsAnErrorThatSaysWhatToSet() {
    SparkSubmitStep step = SparkSubmitStep.builder("agg").target("t").application("a.jar").build();
    assertThatThrownBy(() -> step.command(Map.of(), Map.of(), Map.of()))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("SPARK_HOME");
    assertThatThrownBy(() -> step.command(Map.of(), Map.of("SPARK_HOME", tmp.toString()), Map.of()))
        .hasMessageContaining("bin/spark-submit");
  }

  @Test
  void streamsStderrKeepsTailsAndFindsTheTrackingUrl() throws Exception {
    Path s =
        script(
            "submit",
            "echo \"out: $MY_VAR $1\"\n"
                + "echo 'INFO Client: Submitting application application_1_0001' >&2\n"
                + "echo 'INFO SparkUI: Bound SparkUI to 0.0.0.0, and started at http://driver:4040' >&2\n"
                + "echo '\t tracking URL: http://rm:8088/proxy/application_1_0001/' >&2\n"
                + "echo 'ERROR boom in stage 3' >&2\n"
                + "exit 3\n");
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    SparkSubmitProcess.Outcome o =
        SparkSubmitProcess.run(
            List.of(s.toString(), "arg1"), Map.of("MY_VAR", "hello"), lines::add);
    assertThat(o.exitCode()).isEqualTo(3);
    assertThat(o.trackingUrl()).isEqualTo("http://rm:8088/proxy/application_1_0001/");
    assertThat(o.stdoutTail()).isEqualTo("out: hello arg1");
    assertThat(o.stderrTail()).contains("ERROR boom in stage 3");
    assertThat(lines).hasSize(4).first().asString().contains("Submitting application");
  }

  @Test
  void fallsBackToTheDriverUiUrl() throws Exception {
    Path s =
        script(
            "submit",
            "echo 'SparkUI: Bound SparkUI to 0.0.0.0, and started at http://d:4041' >&2\n");
    assertThat(SparkSubmitProcess.run(List.of(s.toString()), Map.of(), l -> {}).trackingUrl())
        .isEqualTo("http://d:4041");
  }

  @Test
  void interruptKillsTheProcessTree() throws Exception {
    Path marker = tmp.resolve("child.pid");
    Path s = script("submit", "sleep 300 &\necho $! > " + marker + "\necho started >&2\nwait\n");
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                SparkSubmitProcess.run(List.of(s.toString()), Map.of(), l -> started.countDown());
              } catch (Throwable e) {
                thrown.set(e);
              }
            });
    t.start();
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    long child = Long.parseLong(Files.readString(marker).trim());
    t.interrupt();
    t.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    // Throws a TimeoutException when the child outlives the kill.
    ProcessHandle.of(child).ifPresent(h -> h.onExit().orTimeout(30, TimeUnit.SECONDS).join());
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }
}
