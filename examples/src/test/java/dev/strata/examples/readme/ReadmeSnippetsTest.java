package dev.strata.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.Strata;
import dev.strata.engine.events.Status;
import dev.strata.format.Row;
import dev.strata.log.CommitEntry;
import dev.strata.pipeline.RunResult;
import dev.strata.pipeline.TableRunLog;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README cannot drift from the code: every {@code ```java} block of README.md is one of the
 * regions of {@link ReadmeSnippets} (which the build compiles), every region is in the README, and
 * each region runs here on a small lakehouse with the results the README describes.
 */
class ReadmeSnippetsTest {
  private static final Pattern README_BLOCK = Pattern.compile("(?s)```java\\n(.*?)```");
  private static final Pattern REGION =
      Pattern.compile("(?s)// README: ([a-z-]+)\\n(.*?)\\n[ ]*// END README");

  @TempDir Path dir;
  private String lake;

  @BeforeEach
  void data() throws IOException {
    Path l = Files.createDirectories(dir.resolve("lakehouse"));
    lake = l.toString();
    Files.writeString(
        l.resolve("orders.csv"),
        """
        order_id,customer,amount,order_date
        1,acme,120.00,2024-01-01
        2,bolt,15.50,2024-01-01
        3,acme,40.00,2024-01-02
        4,cora,0.00,2024-01-02
        5,bolt,99.99,2024-01-03
        6,dune,250.00,2024-01-03
        """);
    Files.writeString(
        l.resolve("updates.csv"),
        """
        order_id,customer,amount,order_date,deleted
        1,acme,120.00,2024-01-01,true
        3,acme,45.00,2024-01-02,false
        5,bolt,10.00,2024-01-03,false
        7,eve,70.00,2024-01-03,false
        """);
  }

  static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("README.md"))) {
      p = p.getParent();
    }
    assertThat(p).as("README.md above " + Path.of("").toAbsolutePath()).isNotNull();
    return p;
  }

  static List<String> readmeBlocks() throws IOException {
    String readme = Files.readString(repositoryRoot().resolve("README.md"));
    List<String> blocks = new ArrayList<>();
    Matcher m = README_BLOCK.matcher(readme);
    while (m.find()) {
      blocks.add(m.group(1).stripTrailing());
    }
    return blocks;
  }

  static List<String> regions() throws IOException {
    Path source =
        repositoryRoot()
            .resolve("examples/src/test/java/dev/strata/examples/readme/ReadmeSnippets.java");
    Matcher m = REGION.matcher(Files.readString(source));
    List<String> regions = new ArrayList<>();
    while (m.find()) {
      regions.add(dedent(m.group(2)));
    }
    return regions;
  }

  static String dedent(String text) {
    List<String> lines = text.lines().toList();
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    StringBuilder out = new StringBuilder();
    for (String l : lines) {
      out.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
    }
    return out.toString().stripTrailing();
  }

  @Test
  void everyJavaBlockOfTheReadmeIsACompiledSnippetAndBack() throws IOException {
    List<String> blocks = readmeBlocks();
    List<String> regions = regions();
    assertThat(regions).hasSizeGreaterThanOrEqualTo(4);
    assertThat(blocks)
        .as("README ```java blocks that are not (exactly) a region of ReadmeSnippets.java")
        .isSubsetOf(regions);
    assertThat(regions)
        .as("regions of ReadmeSnippets.java missing from the README")
        .isSubsetOf(blocks);
  }

  @Test
  void tourComputesDailyRevenue() {
    ReadmeSnippets.tour(lake);
    List<Row> rows;
    try (Strata strata = Strata.local()) {
      rows = strata.read().table(lake + "/gold/daily_revenue").orderBy("order_date").collect();
    }
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).get("orders")).isEqualTo(2L);
    assertThat(new BigDecimal(rows.get(0).get("revenue").toString()))
        .isEqualByComparingTo("135.50");
    assertThat(((Number) rows.get(2).get("big_orders")).longValue()).isEqualTo(1);
  }

  @Test
  void writeModesCommitOneVersionEachAndTheReplayIsSkipped() {
    List<CommitEntry> history = ReadmeSnippets.write(lake);
    assertThat(history).hasSize(5);
    // newest first
    assertThat(history.get(0).info().userMetadata()).isEqualTo("added the channel column");
    assertThat(history.get(0).txns()).isNotEmpty();
    try (Strata strata = Strata.local()) {
      List<Row> rows =
          strata.read().table(lake + "/bronze/orders").orderBy("order_id", "channel").collect();
      // 6 created + order 1 appended, then day 2 and 3 replaced by themselves, then 6 with channel
      assertThat(rows).hasSize(13);
      assertThat(strata.read().table(lake + "/bronze/orders").schema().fieldNames())
          .contains("channel");
    }
  }

  @Test
  void tableMergesDeletesUpdatesAndTravelsInTime() {
    List<Long> r = ReadmeSnippets.table(lake);
    // inserted, updated, deleted by MERGE; deleted by DELETE; updated by UPDATE
    assertThat(r.subList(0, 5)).containsExactly(1L, 2L, 2L, 1L, 1L);
    // version 0 had the 6 orders; now 3, 5, 6 and 7 are left, at version 3
    assertThat(r.subList(5, 8)).containsExactly(6L, 4L, 3L);
  }

  @Test
  void pipelineRunsThreeDaysOfBronzeAndSilver() {
    ReadmeSnippets.pipeline(lake);
    try (Strata strata = Strata.local()) {
      RunResult r = TableRunLog.forLakehouse(strata, lake).runs("orders", 1).get(0);
      assertThat(r.status()).as(r.summary()).isEqualTo(Status.SUCCEEDED);
      assertThat(r.outcomes()).hasSize(6);
      assertThat(strata.read().table(lake + "/silver/orders").count()).isEqualTo(5);
    }
  }

  @Test
  void pipelineMergeDeletesAndInsertsByItsClauses() {
    RunResult r = ReadmeSnippets.pipelineMerge(lake);
    assertThat(r.status()).as(r.summary()).isEqualTo(Status.SUCCEEDED);
    try (Strata strata = Strata.local()) {
      // Order 1 was a delete of nothing: not inserted, though the table did not exist yet.
      assertThat(
              strata.read().table(lake + "/silver/orders").orderBy("order_id").collect().stream()
                  .map(row -> row.get("order_id")))
          .containsExactly(3L, 5L, 7L);
    }
  }
}
