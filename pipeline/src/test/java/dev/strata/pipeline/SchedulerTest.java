package dev.strata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.engine.events.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The orchestration alone: DAG expansion, versions, retries, failure isolation, parallelism and
 * cancellation, with steps that are plain Java code recording their "commits" in a map.
 */
class SchedulerTest {
  private static final RetryPolicy ONCE = RetryPolicy.none();
  private final Map<String, Long> txns = new ConcurrentHashMap<>();
  private final List<String> executed = Collections.synchronizedList(new ArrayList<>());

  private static StepGraph.StepNode step(String name, String... deps) {
    return new StepGraph.StepNode(name, true, List.of(deps), null);
  }

  private static List<PartitionKey> days(int n) {
    return Partitioning.daily("d").range("2024-01-01", "2024-01-0" + n);
  }

  private List<PlanNode> plan(StepGraph g, List<PartitionKey> keys, boolean force, RetryPolicy r) {
    List<PlanNode> nodes = Planner.expand("p", g, keys, s -> "mem:" + s, r);
    Planner.assignVersions(
        nodes,
        (s, app) -> txns.containsKey(app) ? OptionalLong.of(txns.get(app)) : OptionalLong.empty(),
        force);
    return nodes;
  }

  private Scheduler.Work committing(Set<String> failing) {
    return (n, version, attempt) -> {
      executed.add(n.jobTag() + "#" + attempt);
      if (failing.contains(n.jobTag())) {
        throw new IllegalStateException("boom " + n.jobTag());
      }
      txns.merge(n.appId, version, Math::max);
      return new Scheduler.NodeResult(10, OptionalLong.of(version), Map.of(), false, null);
    };
  }

  private static Map<String, Status> statuses(List<PlanNode> nodes) {
    Map<String, Status> m = new java.util.TreeMap<>();
    nodes.forEach(n -> m.put(n.jobTag(), n.status));
    return m;
  }

  private void run(List<PlanNode> nodes, Scheduler.Work w, int parallelism) {
    new Scheduler("r", "p", nodes, w, parallelism, new RunListener() {}, Clock.systemUTC()).run();
  }

  @Test
  void cycleIsRejectedAndNamed() {
    assertThatThrownBy(
            () ->
                StepGraph.of(
                    "p", List.of(step("a", "c"), step("b", "a"), step("c", "b"), step("d"))))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("cycle")
        .hasMessageContaining("a -> b -> c -> a");
    assertThatThrownBy(() -> StepGraph.of("p", List.of(step("a", "a"))))
        .hasMessageContaining("a -> a");
    assertThatThrownBy(() -> StepGraph.of("p", List.of(step("a", "x"))))
        .hasMessageContaining("unknown step 'x'");
  }

  @Test
  void topologicalOrderPutsReadersAfterWhatTheyRead() {
    StepGraph g =
        StepGraph.of(
            "p", List.of(step("gold", "silver"), step("silver", "bronze"), step("bronze")));
    assertThat(g.topological())
        .extracting(StepGraph.StepNode::name)
        .containsExactly("bronze", "silver", "gold");
  }

  @Test
  void failureStopsOnlyItsDependentsAndRerunRedoesOnlyThem() {
    StepGraph g =
        StepGraph.of(
            "p",
            List.of(
                step("bronze"),
                step("silver", "bronze"),
                step("gold", "silver"),
                step("audit", "bronze")));
    List<PlanNode> nodes = plan(g, days(3), false, ONCE);
    run(nodes, committing(Set.of("silver/2024-01-02")), 2);
    Map<String, Status> s = statuses(nodes);
    assertThat(s.get("silver/2024-01-02")).isEqualTo(Status.FAILED);
    assertThat(s.get("gold/2024-01-02")).isEqualTo(Status.UPSTREAM_FAILED);
    assertThat(s.get("audit/2024-01-02")).isEqualTo(Status.SUCCEEDED);
    assertThat(s.get("gold/2024-01-01")).isEqualTo(Status.SUCCEEDED);
    assertThat(s.get("gold/2024-01-03")).isEqualTo(Status.SUCCEEDED);
    assertThat(executed).doesNotContain("gold/2024-01-02#1");
    assertThat(
            nodes.stream()
                .filter(n -> n.jobTag().equals("gold/2024-01-02"))
                .findFirst()
                .get()
                .error)
        .contains("silver/2024-01-02 failed");

    executed.clear();
    List<PlanNode> rerun = plan(g, days(3), false, ONCE);
    run(rerun, committing(Set.of()), 2);
    assertThat(executed).containsExactlyInAnyOrder("silver/2024-01-02#1", "gold/2024-01-02#1");
    assertThat(statuses(rerun).values()).allMatch(Status::isDone);
    assertThat(rerun).allMatch(n -> n.version == 1);

    executed.clear();
    List<PlanNode> again = plan(g, days(3), false, ONCE);
    run(again, committing(Set.of()), 2);
    assertThat(executed).isEmpty();
    assertThat(statuses(again).values()).containsOnly(Status.SKIPPED);
  }

  @Test
  void retriesUntilAnAttemptSucceeds() {
    StepGraph g =
        StepGraph.of(
            "p",
            List.of(
                new StepGraph.StepNode(
                    "a", true, List.of(), RetryPolicy.of(3, Duration.ofMillis(5))),
                step("b", "a")));
    AtomicInteger calls = new AtomicInteger();
    Scheduler.Work flaky =
        (n, v, attempt) -> {
          executed.add(n.jobTag() + "#" + attempt);
          if (n.step.equals("a") && calls.incrementAndGet() == 1) {
            throw new RuntimeException("transient");
          }
          return new Scheduler.NodeResult(1, OptionalLong.of(0), Map.of(), false, null);
        };
    List<PlanNode> nodes = plan(g, days(1), false, ONCE);
    run(nodes, flaky, 1);
    PlanNode a = nodes.get(0);
    assertThat(a.status).isEqualTo(Status.SUCCEEDED);
    assertThat(a.attempts)
        .extracting(Attempt::status)
        .containsExactly(Status.FAILED, Status.SUCCEEDED);
    assertThat(a.attempts.get(0).error()).contains("transient");
    assertThat(a.outcome().retried()).isTrue();
    assertThat(executed).containsExactly("a/2024-01-01#1", "a/2024-01-01#2", "b/2024-01-01#1");
  }

  @Test
  void givesUpAfterMaxAttempts() {
    StepGraph g = StepGraph.of("p", List.of(step("a")));
    List<PlanNode> nodes = plan(g, days(1), false, RetryPolicy.of(3, Duration.ZERO));
    run(nodes, committing(Set.of("a/2024-01-01")), 1);
    assertThat(nodes.get(0).status).isEqualTo(Status.FAILED);
    assertThat(nodes.get(0).attempts).hasSize(3);
    assertThat(nodes.get(0).error).contains("boom a/2024-01-01");
  }

  @Test
  void runsIndependentPartitionsInParallelUpToTheLimit() {
    StepGraph g = StepGraph.of("p", List.of(step("a")));
    List<PlanNode> nodes = plan(g, days(6), false, ONCE);
    AtomicInteger now = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    // Three attempts must be inside execute() at the same moment for any of them to pass the latch.
    CountDownLatch threeInside = new CountDownLatch(3);
    Scheduler.Work w =
        (n, v, attempt) -> {
          peak.accumulateAndGet(now.incrementAndGet(), Math::max);
          threeInside.countDown();
          if (!threeInside.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never had three concurrent attempts");
          }
          now.decrementAndGet();
          return new Scheduler.NodeResult(1, OptionalLong.empty(), Map.of(), false, null);
        };
    run(nodes, w, 3);
    assertThat(statuses(nodes).values()).containsOnly(Status.SUCCEEDED);
    assertThat(peak.get()).isEqualTo(3);
  }

  @Test
  void forceStartsANewGenerationForTheRequestedPartitionsOnly() {
    StepGraph g = StepGraph.of("p", List.of(step("a"), step("b", "a")));
    run(plan(g, days(3), false, ONCE), committing(Set.of()), 2);
    executed.clear();
    List<PlanNode> forced = plan(g, List.of(PartitionKey.of("2024-01-02")), true, ONCE);
    run(forced, committing(Set.of()), 2);
    assertThat(executed).containsExactlyInAnyOrder("a/2024-01-02#1", "b/2024-01-02#1");
    assertThat(forced).allMatch(n -> n.version == 2);
    executed.clear();
    List<PlanNode> all = plan(g, days(3), false, ONCE);
    run(all, committing(Set.of()), 2);
    assertThat(executed).isEmpty();
    assertThat(all)
        .filteredOn(n -> n.key.value().equals("2024-01-02"))
        .allMatch(n -> n.version == 2);
  }

  @Test
  void unpartitionedStepIsRedoneWhenWhatItReadsChanged() {
    StepGraph g =
        StepGraph.of(
            "p", List.of(step("a"), new StepGraph.StepNode("summary", false, List.of("a"), null)));
    List<PlanNode> first = plan(g, days(2), false, ONCE);
    assertThat(first).hasSize(3);
    assertThat(first.get(2).deps).hasSize(2);
    run(first, committing(Set.of()), 2);
    executed.clear();
    run(plan(g, days(2), false, ONCE), committing(Set.of()), 2);
    assertThat(executed).isEmpty();
    List<PlanNode> newDay = plan(g, days(3), false, ONCE);
    run(newDay, committing(Set.of()), 2);
    assertThat(executed).containsExactlyInAnyOrder("a/2024-01-03#1", "summary#1");
    assertThat(txns.get("p/summary/all")).isEqualTo(2);
  }

  @Test
  void cancelInterruptsRunningWorkAndStartsNothingNew() throws Exception {
    StepGraph g = StepGraph.of("p", List.of(step("a"), step("b", "a")));
    List<PlanNode> nodes = plan(g, days(4), false, RetryPolicy.of(5, Duration.ZERO));
    CountDownLatch twoRunning = new CountDownLatch(2);
    Scheduler.Work blocking =
        (n, v, attempt) -> {
          executed.add(n.jobTag());
          twoRunning.countDown();
          Thread.sleep(TimeUnit.MINUTES.toMillis(5));
          return new Scheduler.NodeResult(1, OptionalLong.empty(), Map.of(), false, null);
        };
    Scheduler s =
        new Scheduler("r", "p", nodes, blocking, 2, new RunListener() {}, Clock.systemUTC());
    Thread t = new Thread(s::run);
    t.start();
    assertThat(twoRunning.await(30, TimeUnit.SECONDS)).isTrue();
    s.cancel();
    t.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(t.isAlive()).isFalse();
    assertThat(executed).hasSize(2);
    assertThat(statuses(nodes).values()).containsOnly(Status.CANCELLED);
    assertThat(nodes)
        .filteredOn(n -> !n.attempts.isEmpty())
        .hasSize(2)
        .allMatch(n -> n.attempts.size() == 1);
  }
}
