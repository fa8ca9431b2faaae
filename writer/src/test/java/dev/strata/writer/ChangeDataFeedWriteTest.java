package dev.strata.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.engine.SaveMode;
import dev.strata.engine.Strata;
import dev.strata.format.Row;
import dev.strata.format.StrataException;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.log.Action;
import dev.strata.log.AddCDCFile;
import dev.strata.log.ChangeDataFeed;
import dev.strata.log.DeltaLog;
import dev.strata.log.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * UPDATE, DELETE and MERGE on tables with {@code delta.enableChangeDataFeed=true} write {@code
 * _change_data/} files; the feed of each version is exactly the rows that changed.
 */
class ChangeDataFeedWriteTest {
  static Strata strata;

  @TempDir Path dir;

  static final StructType SCHEMA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG),
          StructField.of("part", PrimitiveType.STRING),
          StructField.of("v", PrimitiveType.LONG));

  @BeforeAll
  static void start() {
    strata = Strata.builder().parallelism(2).build();
  }

  @AfterAll
  static void stop() {
    strata.close();
  }

  static List<Row> rows(long from, long to) {
    List<Row> out = new ArrayList<>();
    for (long id = from; id < to; id++) {
      out.add(Row.of(id, "p" + (id % 2), id * 10));
    }
    return out;
  }

  private String create(String name, boolean vectors) {
    String t = dir.resolve(name).toString();
    var w =
        strata
            .createDataset(rows(0, 100), SCHEMA)
            .write()
            .partitionBy("part")
            .property("delta.enableChangeDataFeed", "true");
    if (vectors) {
      w.property("delta.enableDeletionVectors", "true");
    }
    w.save(t);
    return t;
  }

  /** The feed of one version as sorted "id,part,v,type" strings. */
  static List<String> changes(String t, long version) {
    List<String> out = new ArrayList<>();
    for (ColumnBatch b :
        ChangeDataFeed.forTable(DeltaLog.forTable(t))
            .startingVersion(version)
            .endingVersion(version)
            .read()) {
      for (Row r : b.toRows()) {
        assertThat(r.get(4)).isEqualTo(version);
        assertThat(r.get(5)).isNotNull();
        out.add(r.get(0) + "," + r.get(1) + "," + r.get(2) + "," + r.get(3));
      }
    }
    return out.stream().sorted().toList();
  }

  static String c(long id, long v, String type) {
    return id + ",p" + (id % 2) + "," + v + "," + type;
  }

  static List<String> sorted(List<String> in) {
    return in.stream().sorted().toList();
  }

  private static long cdcActions(String t, long version) {
    List<Action> actions = DeltaLog.forTable(t).commitActions(version);
    return actions.stream().filter(a -> a instanceof AddCDCFile).count();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void updateDeleteAndMergeRecordExactlyTheChangedRows(boolean vectors) throws Exception {
    String t = create(vectors ? "dv" : "cow", vectors);
    Protocol p = DeltaLog.forTable(t).latestSnapshot().protocol();
    assertThat(p.minWriterVersion()).isEqualTo(7);
    assertThat(p.writerFeatures()).contains("changeDataFeed");
    StrataTable table = StrataTable.forPath(strata, t);

    // The first version: every row inserted, read from the adds.
    assertThat(changes(t, 0)).hasSize(100).allMatch(s -> s.endsWith(",insert"));

    long delete = table.delete("v % 30 = 0").version();
    assertThat(cdcActions(t, delete)).isPositive();
    assertThat(Files.isDirectory(Path.of(t, "_change_data"))).isTrue();
    List<String> want = new ArrayList<>();
    for (long id = 0; id < 100; id += 3) {
      want.add(c(id, id * 10, "delete"));
    }
    assertThat(changes(t, delete)).isEqualTo(sorted(want));

    long update = table.update("id >= 95", Map.of("v", "v + 1")).version();
    want.clear();
    for (long id = 95; id < 100; id++) {
      if (id % 3 != 0) {
        want.add(c(id, id * 10, "update_preimage"));
        want.add(c(id, id * 10 + 1, "update_postimage"));
      }
    }
    assertThat(changes(t, update)).isEqualTo(sorted(want));

    List<Row> source = new ArrayList<>();
    source.add(Row.of(1L, "p1", -1L)); // matched: update
    source.add(Row.of(2L, "p0", -2L)); // matched, s.v = -2: delete
    source.add(Row.of(3L, "p1", -3L)); // deleted before: insert
    source.add(Row.of(200L, "p0", -200L)); // new: insert
    long merge =
        table
            .as("t")
            .merge(strata.createDataset(source, SCHEMA).as("s"), "t.id = s.id")
            .whenMatched("s.v = -2")
            .delete()
            .whenMatched()
            .updateAll()
            .whenNotMatched()
            .insertAll()
            .execute()
            .version();
    assertThat(changes(t, merge))
        .isEqualTo(
            sorted(
                List.of(
                    c(1, 10, "update_preimage"),
                    c(1, -1, "update_postimage"),
                    c(2, 20, "delete"),
                    c(3, -3, "insert"),
                    c(200, -200, "insert"))));

    // An append has no change files: its rows come from the adds.
    long append =
        strata
            .createDataset(rows(300, 302), SCHEMA)
            .write()
            .mode(SaveMode.APPEND)
            .save(t)
            .version();
    assertThat(cdcActions(t, append)).isZero();
    assertThat(changes(t, append))
        .isEqualTo(sorted(List.of(c(300, 3000, "insert"), c(301, 3010, "insert"))));

    // A DELETE of whole partitions commits removes only; the feed reads them as deletes.
    long dropped = table.delete("part = 'p1'").version();
    assertThat(cdcActions(t, dropped)).isZero();
    assertThat(changes(t, dropped))
        .allMatch(s -> s.contains(",p1,") && s.endsWith(",delete"))
        .hasSize(strata.read().versionAsOf(append).table(t).where("part = 'p1'").collect().size());

    // The whole range at once, through the engine, is every version's changes in turn.
    long total = 0;
    for (long v = delete; v <= dropped; v++) {
      total += changes(t, v).size();
    }
    var feed = strata.read().changes(t).startingVersion(delete).load();
    assertThat(feed.count()).isEqualTo(total);
    assertThat(feed.where("_change_type = 'update_postimage' AND id = 1").count()).isEqualTo(1);
  }

  @Test
  void versionsWithoutTheFeedAreAClearError() {
    String t = dir.resolve("off").toString();
    strata.createDataset(rows(0, 10), SCHEMA).write().save(t);
    StrataTable table = StrataTable.forPath(strata, t);
    table.delete("id = 1");
    long on = table.setProperties(Map.of("delta.enableChangeDataFeed", "true"));
    long delete = table.delete("id = 2").version();
    assertThat(changes(t, delete)).containsExactly("2,p0,20,delete");
    assertThat(changes(t, on)).isEmpty();
    assertThatThrownBy(
            () -> ChangeDataFeed.forTable(DeltaLog.forTable(t)).startingVersion(1).read())
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("version 1")
        .hasMessageContaining("delta.enableChangeDataFeed");
  }

  @Test
  void aCommitWithoutChangeFilesYieldsTheRowsItsNewVectorDeletes() throws Exception {
    String t = create("dvdiff", true);
    DeltaLog log = DeltaLog.forTable(t);
    dev.strata.log.Snapshot s = log.latestSnapshot();
    dev.strata.log.ScanFile file = s.scan().build().files().get(0);
    List<Row> physical = new ArrayList<>();
    try (var batches = file.read()) {
      while (batches.hasNext()) {
        physical.addAll(batches.next().toRows());
      }
    }
    // Another writer marks rows 0 and 2 of the file in a vector and writes no change files.
    org.roaringbitmap.longlong.Roaring64NavigableMap marked =
        new org.roaringbitmap.longlong.Roaring64NavigableMap();
    marked.addLong(0);
    marked.addLong(2);
    dev.strata.log.DeletionVectorFiles.Writer writer = dev.strata.log.DeletionVectorFiles.writer();
    dev.strata.log.DeletionVectorDescriptor dv = writer.add(marked);
    writer.write(log.storage(), log.tablePath());
    dev.strata.log.AddFile old = file.add();
    long v =
        log.startTransaction(s)
            .commit(
                List.of(
                    old.toRemove(System.currentTimeMillis(), true),
                    new dev.strata.log.AddFile(
                        old.path(),
                        old.partitionValues(),
                        old.size(),
                        old.modificationTime(),
                        true,
                        old.stats(),
                        null,
                        dv,
                        null,
                        null)),
                dev.strata.log.Operation.of("DELETE"))
            .version();
    assertThat(changes(t, v))
        .isEqualTo(
            sorted(
                List.of(
                    physical.get(0).get(0)
                        + ","
                        + physical.get(0).get(1)
                        + ","
                        + physical.get(0).get(2)
                        + ",delete",
                    physical.get(2).get(0)
                        + ","
                        + physical.get(2).get(1)
                        + ","
                        + physical.get(2).get(2)
                        + ",delete")));
  }
}
