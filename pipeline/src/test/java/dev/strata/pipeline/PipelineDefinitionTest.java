package dev.strata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineDefinitionTest {
  @TempDir Path tmp;

  private static Step step(String name, String target, String... reads) {
    TransformStep.Builder b = Step.named(name).target(target).transform((in, k) -> in.get("x"));
    for (int i = 0; i < reads.length; i++) {
      b.input("in" + i, reads[i]);
    }
    return b.build();
  }

  @Test
  void dependenciesFollowFromTheTablesAStepReads() {
    Pipeline p =
        Pipeline.builder("p")
            .lakehouse(tmp.toString())
            .partitioning(Partitioning.daily("d"))
            .step(step("gold", "gold/t", "silver/t"))
            .step(step("silver", "silver/t", "bronze/t", "file:/elsewhere/dim"))
            .step(step("bronze", "bronze/t"))
            .build();
    assertThat(p.steps()).extracting(Step::name).containsExactly("bronze", "silver", "gold");
    assertThat(p.dependencies("silver")).containsExactly("bronze");
    assertThat(p.dependencies("gold")).containsExactly("silver");
    assertThat(p.dependencies("bronze")).isEmpty();
    assertThat(p.table("silver/t")).isEqualTo("file:" + tmp.toAbsolutePath() + "/silver/t");
    assertThat(p.table("file:/elsewhere/dim")).isEqualTo("file:/elsewhere/dim");
    // The same table named by its absolute location is the same dependency.
    Pipeline q =
        Pipeline.builder("q")
            .lakehouse(tmp.toString())
            .partitioning(Partitioning.daily("d"))
            .step(step("a", "a/t"))
            .step(step("b", "b/t", tmp.resolve("a/t").toString()))
            .build();
    assertThat(q.dependencies("b")).containsExactly("a");
  }

  @Test
  void badDefinitionsAreRejectedWithWhatToDo() {
    assertThatThrownBy(
            () ->
                Pipeline.builder("p")
                    .lakehouse(tmp.toString())
                    .partitioning(Partitioning.daily("d"))
                    .step(step("a", "t"))
                    .step(step("b", "t"))
                    .build())
        .hasMessageContaining("both write");
    assertThatThrownBy(
            () -> Pipeline.builder("p").lakehouse(tmp.toString()).step(step("a", "t")).build())
        .hasMessageContaining("no partitioning");
    assertThatThrownBy(() -> Pipeline.builder("bad name"))
        .hasMessageContaining("Invalid pipeline name");
    assertThatThrownBy(() -> Step.named("a/b")).hasMessageContaining("Invalid step name");
    assertThatThrownBy(() -> Pipeline.builder("p").lakehouse(tmp.toString()).build())
        .hasMessageContaining("no steps");
    assertThatThrownBy(() -> Step.named("a").input("x", "t").input("x", "u"))
        .hasMessageContaining("twice");
  }

  @Test
  void partitionRangesAndKeys() {
    assertThat(Partitioning.daily("d").range("2024-02-27", "2024-03-01"))
        .extracting(PartitionKey::value)
        .containsExactly("2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01");
    assertThatThrownBy(() -> Partitioning.daily("d").range("2024-03-01", "2024-02-01"))
        .hasMessageContaining("before");
    Partitioning regions = Partitioning.keys("region", List.of("eu", "us", "apac"));
    assertThat(regions.range("us", "apac"))
        .extracting(PartitionKey::value)
        .containsExactly("us", "apac");
    assertThatThrownBy(() -> regions.range("eu", "mars"))
        .hasMessageContaining("Unknown partition key mars");
    assertThatThrownBy(() -> PartitionKey.of("a'b")).hasMessageContaining("quote");
  }

  @Test
  void mergeConditionWithinPartitionJoinsThePartitionColumn() {
    assertThat(WriteMode.merge("id").condition("day")).isEqualTo("t.id = s.id");
    assertThat(WriteMode.merge("id", "k").withinPartition().condition("day"))
        .isEqualTo("t.id = s.id AND t.k = s.k AND t.day = s.day");
    assertThat(RetryPolicy.DEFAULT.backoffAfter(1)).hasSeconds(1);
    assertThat(RetryPolicy.DEFAULT.backoffAfter(2)).hasSeconds(2);
  }
}
