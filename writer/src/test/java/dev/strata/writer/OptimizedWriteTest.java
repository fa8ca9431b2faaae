package dev.strata.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.engine.Dataset;
import dev.strata.engine.JobMetrics;
import dev.strata.engine.StageMetrics;
import dev.strata.engine.Strata;
import dev.strata.format.Row;
import dev.strata.format.StrataException;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.AddFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small partitioned writes get one file per table partition; large ones stay parallel. */
class OptimizedWriteTest {
  static Strata strata;

  @TempDir Path dir;

  static final StructType SCHEMA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG),
          StructField.of("day", PrimitiveType.STRING),
          StructField.of("note", PrimitiveType.STRING));

  @BeforeAll
  static void start() {
    strata = Strata.builder().parallelism(4).build();
  }

  @AfterAll
  static void stop() {
    strata.close();
  }

  static Dataset rows(int n) {
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      rows.add(Row.of(i, "2024-01-0" + (1 + i % 5), "note-" + i));
    }
    return strata.createDataset(rows, SCHEMA);
  }

  static Map<String, Integer> filesPerPartition(String table) {
    Map<String, Integer> out = new HashMap<>();
    for (AddFile f : Tables.snapshot(table).allFiles()) {
      out.merge(f.partitionValues().get("day"), 1, Integer::sum);
    }
    return out;
  }

  @Test
  void smallPartitionedWriteHasOneFilePerPartition() {
    Dataset data = rows(1000);
    assertThat(data.numPartitions()).isEqualTo(4);
    String t = dir.resolve("small").toString();
    data.write().partitionBy("day").save(t);
    assertThat(filesPerPartition(t))
        .hasSize(5)
        .allSatisfy((day, files) -> assertThat(files).isEqualTo(1));
    assertThat(Tables.rows(t)).hasSize(1000);
    // appends to the partitioned table (no partitionBy given) are clustered too
    rows(500).write().mode("append").save(t);
    assertThat(filesPerPartition(t)).allSatisfy((day, files) -> assertThat(files).isEqualTo(2));
    assertThat(Tables.rows(t)).hasSize(1500);
  }

  @Test
  void largeOrDisabledWritesRunEveryInputTask() {
    Dataset data = rows(1000);
    String t = dir.resolve("large").toString();
    // an input larger than the target file size is not clustered: each of the 4 tasks writes
    // its own rows of every partition, in parallel
    assertThat(data.estimatedSizeInBytes()).isGreaterThan(4096);
    data.write().partitionBy("day").targetFileSize(4096).save(t);
    JobMetrics job = strata.lastJob();
    assertThat(job.stages()).hasSize(1);
    assertThat(job.stages().get(0).numTasks()).isEqualTo(4);
    assertThat(filesPerPartition(t))
        .hasSize(5)
        .allSatisfy((day, files) -> assertThat(files).isGreaterThanOrEqualTo(4));
    assertThat(Tables.rows(t)).hasSize(1000);

    String off = dir.resolve("off").toString();
    data.write().partitionBy("day").option("strata.write.optimize", "false").save(off);
    assertThat(filesPerPartition(off)).allSatisfy((day, files) -> assertThat(files).isEqualTo(4));

    String on = dir.resolve("on").toString();
    data.write()
        .partitionBy("day")
        .targetFileSize(4096)
        .option("strata.write.optimize", "true")
        .save(on);
    assertThat(strata.lastJob().stages().stream().map(StageMetrics::exchange)).contains("hash");
    assertThat(Tables.rows(on)).hasSize(1000);
  }

  @Test
  void sortedWriteKeepsOneFileOpenPerTask() {
    Dataset data = rows(1000);
    String t = dir.resolve("sorted").toString();
    data.write().partitionBy("day").option("strata.write.optimize", "sort").save(t);
    // range-partitioned by day: a day lands in one task, or at most two at a range boundary
    assertThat(filesPerPartition(t))
        .hasSize(5)
        .allSatisfy((day, files) -> assertThat(files).isBetween(1, 2));
    assertThat(filesPerPartition(t).values().stream().mapToInt(Integer::intValue).sum())
        .isLessThanOrEqualTo(5 + 3);
    assertThat(Tables.rows(t))
        .containsExactlyInAnyOrderElementsOf(Tables.rows(writeUnsorted(data)));
  }

  private String writeUnsorted(Dataset data) {
    String t = dir.resolve("unsorted").toString();
    data.write().partitionBy("day").option("strata.write.optimize", "false").save(t);
    return t;
  }

  @Test
  void invalidOptionChangesNothing() {
    String t = dir.resolve("bad").toString();
    assertThatThrownBy(
            () ->
                rows(10)
                    .write()
                    .partitionBy("day")
                    .option("strata.write.optimize", "maybe")
                    .save(t))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("strata.write.optimize");
    assertThat(dir.resolve("bad").resolve("_delta_log")).doesNotExist();
  }
}
