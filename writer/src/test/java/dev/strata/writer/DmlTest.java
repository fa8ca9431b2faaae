package dev.strata.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.engine.Dataset;
import dev.strata.engine.SaveMode;
import dev.strata.engine.Strata;
import dev.strata.format.Row;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.CommitEntry;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DmlTest {
  static Strata strata;

  @TempDir Path dir;

  static final StructType SCHEMA =
      StructType.of(
          StructField.of("order_id", PrimitiveType.LONG),
          StructField.of("order_date", PrimitiveType.DATE),
          StructField.of("qty", PrimitiveType.INTEGER),
          StructField.of("status", PrimitiveType.STRING));

  @BeforeAll
  static void start() {
    strata = Strata.builder().parallelism(2).build();
  }

  @AfterAll
  static void stop() {
    strata.close();
  }

  static LocalDate day(int d) {
    return LocalDate.of(2024, 1, d);
  }

  /** Orders 0..n-1: order_date cycles over days 1..3, qty = id % 10, status NEW. */
  static List<Row> orders(int n) {
    List<Row> rows = new ArrayList<>();
    for (long id = 0; id < n; id++) {
      rows.add(Row.of(id, day((int) (id % 3) + 1), (int) (id % 10), "NEW"));
    }
    return rows;
  }

  private Dataset ds(List<Row> rows) {
    return strata.createDataset(rows, SCHEMA);
  }

  private String create(String name, List<Row> rows, boolean partitioned) {
    String t = dir.resolve(name).toString();
    var w = ds(rows).write();
    if (partitioned) {
      w.partitionBy("order_date");
    }
    w.save(t);
    return t;
  }

  private static List<Row> without(List<Row> rows, java.util.function.Predicate<Row> drop) {
    List<Row> out = new ArrayList<>();
    for (Row r : rows) {
      if (!drop.test(r)) {
        out.add(r);
      }
    }
    return out;
  }

  @Test
  void deleteByPartitionDropsWholeFilesWithoutRewriting() {
    List<Row> rows = orders(90);
    String t = create("del-part", rows, true);
    DmlMetrics m = StrataTable.forPath(strata, t).delete("order_date = DATE'2024-01-02'");
    assertThat(m.filesAdded()).isZero();
    assertThat(m.rowsAffected()).isEqualTo(30);
    assertThat(Tables.rows(t))
        .isEqualTo(Tables.sorted(without(rows, r -> r.get(1).equals(day(2)))));
    assertThat(Tables.snapshot(t).commitInfo().orElseThrow().operation()).isEqualTo("DELETE");
    Tables.assertNoOrphans(t);
  }

  @Test
  void deleteByDataColumnRewritesOnlyFilesWithMatches() {
    List<Row> rows = orders(90);
    String t = create("del-data", rows, true);
    DmlMetrics m =
        StrataTable.forPath(strata, t).delete("qty = 7 AND order_date = DATE'2024-01-01'");
    assertThat(m.rowsAffected()).isEqualTo(3);
    assertThat(m.rowsCopied()).isEqualTo(27);
    assertThat(Tables.rows(t))
        .isEqualTo(
            Tables.sorted(without(rows, r -> (int) r.get(2) == 7 && r.get(1).equals(day(1)))));
    DmlMetrics none = StrataTable.forPath(strata, t).delete("qty = 42");
    assertThat(none.version()).isEqualTo(-1);
    Tables.assertNoOrphans(t);
  }

  @Test
  void updateRewritesMatchingRows() {
    List<Row> rows = orders(60);
    String t = create("upd", rows, false);
    DmlMetrics m =
        StrataTable.forPath(strata, t)
            .update("qty < 2", Map.of("status", "'CANCELLED'", "qty", "qty + 100"));
    assertThat(m.rowsAffected()).isEqualTo(12);
    List<Row> expected = new ArrayList<>();
    for (Row r : rows) {
      int qty = (int) r.get(2);
      expected.add(qty < 2 ? Row.of(r.get(0), r.get(1), qty + 100, "CANCELLED") : r);
    }
    assertThat(Tables.rows(t)).isEqualTo(Tables.sorted(expected));
    Tables.assertNoOrphans(t);
  }

  @Test
  void updateOfAPartitionColumnMovesRows() {
    List<Row> rows = orders(30);
    String t = create("upd-part", rows, true);
    StrataTable.forPath(strata, t).update("order_id = 4", Map.of("order_date", "DATE'2024-01-09'"));
    assertThat(Tables.rows(t)).contains(Row.of(4L, day(9), 4, "NEW"));
    assertThat(Tables.snapshot(t).allFiles())
        .anyMatch(f -> "2024-01-09".equals(f.partitionValues().get("order_date")));
  }

  @Test
  void mergeUpdatesInsertsAndReportsMetrics() {
    List<Row> rows = orders(300);
    String t = create("merge", rows, true);
    List<Row> source = new ArrayList<>();
    source.add(Row.of(5L, day(3), 55, "PAID"));
    source.add(Row.of(6L, day(1), 66, "PAID"));
    source.add(Row.of(1000L, day(2), 1, "NEW"));
    MergeMetrics m =
        StrataTable.forPath(strata, t)
            .as("t")
            .merge(ds(source).as("s"), "t.order_id = s.order_id AND t.order_date = s.order_date")
            .whenMatched()
            .updateAll()
            .whenNotMatched()
            .insertAll()
            .execute();
    assertThat(m.rowsUpdated()).isEqualTo(2);
    assertThat(m.rowsInserted()).isEqualTo(1);
    assertThat(m.rowsDeleted()).isZero();
    assertThat(m.sourceRows()).isEqualTo(3);
    // only the two partitions holding the matched rows are read and rewritten
    assertThat(m.filesRemoved()).isLessThanOrEqualTo(4);
    List<Row> expected = without(rows, r -> (long) r.get(0) == 5 || (long) r.get(0) == 6);
    expected.addAll(source);
    assertThat(Tables.rows(t)).isEqualTo(Tables.sorted(expected));
    assertThat(m.rowsCopied() + m.rowsUpdated())
        .isEqualTo(
            Tables.snapshot(t).commitInfo().orElseThrow().operationMetrics().entrySet().stream()
                    .filter(e -> e.getKey().equals("numTargetRowsCopied"))
                    .mapToLong(e -> Long.parseLong(e.getValue()))
                    .sum()
                + 2);
    Tables.assertNoOrphans(t);
  }

  @Test
  void mergePrunesTargetFilesByKeyStatistics() {
    String t = dir.resolve("prune").toString();
    // ten appends of disjoint id ranges: ten files with narrow min/max on order_id
    try (Strata single = Strata.builder().parallelism(1).build()) {
      for (int k = 0; k < 10; k++) {
        List<Row> rows = new ArrayList<>();
        for (long id = k * 100L; id < k * 100L + 100; id++) {
          rows.add(Row.of(id, day(1), 1, "NEW"));
        }
        single.createDataset(rows, SCHEMA).write().mode(SaveMode.APPEND).save(t);
      }
    }
    assertThat(Tables.snapshot(t).numFiles()).isEqualTo(10);
    MergeMetrics m =
        StrataTable.forPath(strata, t)
            .as("t")
            .merge(ds(List.of(Row.of(250L, day(1), 9, "PAID"))).as("s"), "t.order_id = s.order_id")
            .whenMatched()
            .update(Map.of("status", "s.status", "qty", "s.qty"))
            .execute();
    assertThat(m.targetFilesScanned()).isEqualTo(1);
    assertThat(m.filesRemoved()).isEqualTo(1);
    assertThat(Tables.rows(t)).contains(Row.of(250L, day(1), 9, "PAID")).hasSize(1000);
  }

  @Test
  void mergeWithConditionalClausesDeletesAndNotMatchedBySource() {
    List<Row> rows = orders(30);
    String t = create("merge-cond", rows, false);
    List<Row> source = List.of(Row.of(1L, day(2), 0, "CANCELLED"), Row.of(2L, day(3), 5, "PAID"));
    MergeMetrics m =
        StrataTable.forPath(strata, t)
            .as("t")
            .merge(ds(source).as("s"), "t.order_id = s.order_id")
            .whenMatched("s.status = 'CANCELLED'")
            .delete()
            .whenMatched()
            .update(Map.of("status", "s.status"))
            .whenNotMatchedBySource("t.qty = 9")
            .delete()
            .execute();
    assertThat(m.rowsDeleted()).isEqualTo(1 + 3);
    assertThat(m.rowsUpdated()).isEqualTo(1);
    List<Row> expected = new ArrayList<>();
    for (Row r : rows) {
      long id = (long) r.get(0);
      if (id == 1 || (int) r.get(2) == 9) {
        continue;
      }
      expected.add(id == 2 ? Row.of(2L, r.get(1), r.get(2), "PAID") : r);
    }
    assertThat(Tables.rows(t)).isEqualTo(Tables.sorted(expected));
  }

  @Test
  void twoSourceRowsMatchingOneTargetRowFailAndChangeNothing() {
    List<Row> rows = orders(20);
    String t = create("merge-dup", rows, false);
    long version = Tables.snapshot(t).version();
    List<Row> source = List.of(Row.of(3L, day(1), 1, "A"), Row.of(3L, day(1), 2, "B"));
    assertThatThrownBy(
            () ->
                StrataTable.forPath(strata, t)
                    .as("t")
                    .merge(ds(source).as("s"), "t.order_id = s.order_id")
                    .whenMatched()
                    .updateAll()
                    .execute())
        .isInstanceOf(MultipleSourceRowsMatchException.class)
        .hasMessageContaining("DeltaMergeMultipleSourceRowsMatchingTargetRow");
    assertThat(Tables.snapshot(t).version()).isEqualTo(version);
    Tables.assertNoOrphans(t);
  }

  @Test
  void idempotentMergeAndDeleteRunOnce() {
    List<Row> rows = orders(20);
    String t = create("merge-idem", rows, false);
    List<Row> source = List.of(Row.of(100L, day(1), 1, "NEW"));
    for (int i = 0; i < 2; i++) {
      MergeMetrics m =
          StrataTable.forPath(strata, t)
              .as("t")
              .merge(ds(source).as("s"), "t.order_id = s.order_id")
              .whenNotMatched()
              .insertAll()
              .idempotent("loader", 7)
              .execute();
      assertThat(m.skipped()).isEqualTo(i == 1);
    }
    assertThat(Tables.rows(t)).hasSize(21);
    DmlMetrics d1 =
        StrataTable.forPath(strata, t).idempotent("cleaner", 1).delete("order_id = 100");
    DmlMetrics d2 =
        StrataTable.forPath(strata, t).idempotent("cleaner", 1).delete("order_id = 100");
    assertThat(d1.skipped()).isFalse();
    assertThat(d2.skipped()).isTrue();
    assertThat(Tables.rows(t)).hasSize(20);
    List<CommitEntry> history = StrataTable.forPath(strata, t).history();
    assertThat(history.get(0).info().operation()).isEqualTo("DELETE");
    assertThat(history.get(1).info().operation()).isEqualTo("MERGE");
  }

  @Test
  void mergeInsertWithExplicitValuesAndNullsForUnassignedColumns() {
    String t = create("merge-insert", orders(5), false);
    StructType src =
        StructType.of(
            StructField.of("id", PrimitiveType.LONG), StructField.of("q", PrimitiveType.INTEGER));
    StrataTable.forPath(strata, t)
        .as("t")
        .merge(strata.createDataset(List.of(Row.of(77L, 3)), src).as("s"), "t.order_id = s.id")
        .whenNotMatched()
        .insert(Map.of("order_id", "s.id", "qty", "s.q * 2"))
        .execute();
    assertThat(Tables.rows(t)).contains(Row.of(77L, null, 6, null));
  }

  @Test
  void onlyTheLastClauseOfAKindMayBeUnconditional() {
    String t = create("merge-order", orders(5), false);
    assertThatThrownBy(
            () ->
                StrataTable.forPath(strata, t)
                    .as("t")
                    .merge(ds(orders(3)).as("s"), "t.order_id = s.order_id")
                    .whenMatched()
                    .delete()
                    .whenMatched("s.qty > 1")
                    .updateAll()
                    .execute())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("last matched clause");
    assertThat(Tables.snapshot(t).version()).isZero();
  }
}
