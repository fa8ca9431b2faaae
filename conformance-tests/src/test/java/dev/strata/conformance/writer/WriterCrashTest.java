package dev.strata.conformance.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.Strata;
import dev.strata.format.CloseableIterator;
import dev.strata.format.FileStatus;
import dev.strata.format.PartitionPaths;
import dev.strata.format.PartitionValues;
import dev.strata.format.Row;
import dev.strata.format.StoragePaths;
import dev.strata.format.Storages;
import dev.strata.format.parquet.ParquetDataReader;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.log.AddFile;
import dev.strata.log.DeltaLog;
import dev.strata.log.RemoveFile;
import dev.strata.log.Snapshot;
import dev.strata.writer.StrataTable;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writer JVM with {@code kill -9} at random moments (while tasks write, between task commit
 * and job commit, during the log write) and checks what is left: the table reads, holds exactly the
 * writes that committed, {@code abortStaleWrites} removes every leftover, and rerunning the same
 * idempotent writes commits each one exactly once.
 */
class WriterCrashTest {
  static final int WRITES = 5;
  static final int ROWS = 1000;

  static Strata strata;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    strata = Strata.builder().parallelism(2).build();
  }

  @AfterAll
  static void stop() {
    strata.close();
  }

  @Test
  void killedWritersLeaveOnlyCommittedWrites() throws Exception {
    trials(10, 42);
  }

  @Tag("stress")
  @Test
  void fiftyKilledWriters() throws Exception {
    trials(50, 7);
  }

  private void trials(int count, long seed) throws Exception {
    Random random = new Random(seed);
    int killed = 0;
    int stagedLeftovers = 0;
    int promotedOrphans = 0;
    for (int trial = 0; trial < count; trial++) {
      String table = StoragePaths.normalize(dir.resolve("t" + trial).toString());
      // let 0..WRITES-2 writes finish, then kill somewhere inside the next one (a later write
      // always follows, so the writer is still running when the kill lands)
      int completeBefore = random.nextInt(WRITES - 1);
      if (runAndKill(table, completeBefore, random)) {
        killed++;
      }
      // What the kill left: staged files (killed while tasks wrote or committed) and promoted
      // files no commit names (killed between task commit and job commit, or in the log write).
      var storage = Storages.forPath(table);
      if (!storage.listRecursively(StoragePaths.join(table, "_temporary")).isEmpty()) {
        stagedLeftovers++;
      }
      if (!unreferencedDataFiles(table).isEmpty()) {
        promotedOrphans++;
      }
      StrataTable.abortStaleWrites(table, Duration.ZERO);
      int committed = verifyCommitted(table);
      assertThat(committed).as("trial %d", trial).isBetween(completeBefore, WRITES);
      assertNoLeftovers(table);

      CrashWriterMain.writeAll(strata, table, WRITES, ROWS, CrashWriterMain.NO_PROGRESS);
      assertThat(verifyCommitted(table)).isEqualTo(WRITES);
      assertThat(DeltaLog.forTable(table).latestSnapshot().txnVersion(CrashWriterMain.APP_ID))
          .hasValue(WRITES);
      assertNoLeftovers(table);
    }
    System.out.printf(
        "crash trials=%d killed=%d withStagedLeftovers=%d withPromotedOrphans=%d%n",
        count, killed, stagedLeftovers, promotedOrphans);
    assertThat(killed).as("trials that were killed mid-run").isPositive();
    if (count >= 50) {
      assertThat(stagedLeftovers).as("trials killed inside a write").isPositive();
    }
  }

  /** Runs the writer and kills it; returns false if it finished before the kill. */
  private boolean runAndKill(String table, int completeBefore, Random random) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                CrashWriterMain.class.getName(),
                table,
                Integer.toString(WRITES),
                Integer.toString(ROWS))
            .redirectErrorStream(true)
            .start();
    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Map<String, Long> seenAt = new java.util.concurrent.ConcurrentHashMap<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  seenAt.put(line, System.nanoTime());
                  lines.add(line);
                }
              } catch (Exception e) {
                // process killed
              }
            });
    reader.setDaemon(true);
    reader.start();
    // Wait until write completeBefore+1 begins, then kill at a random point of its expected
    // duration (the previous write's, or a guess for the first one, which also warms up).
    String awaited = "BEGIN " + (completeBefore + 1);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && line.equals(awaited)) {
        break;
      }
      if (!p.isAlive() && lines.isEmpty()) {
        throw new AssertionError("writer exited before " + awaited);
      }
      assertThat(System.nanoTime()).as("writer reached " + awaited).isLessThan(deadline);
    }
    long expectedMs = 1500;
    if (completeBefore > 0) {
      Long begin = seenAt.get("BEGIN " + completeBefore);
      Long done = seenAt.get("DONE " + completeBefore);
      if (begin != null && done != null) {
        expectedMs = Math.max(20, (done - begin) / 1_000_000);
      }
    }
    Thread.sleep(random.nextInt((int) expectedMs + 1));
    boolean alive = p.isAlive();
    new ProcessBuilder("kill", "-9", Long.toString(p.pid())).start().waitFor();
    p.waitFor(30, TimeUnit.SECONDS);
    return alive;
  }

  /** Checks the table holds exactly batches 1..m (m = committed txn version); returns m. */
  private static int verifyCommitted(String table) {
    DeltaLog log = DeltaLog.forTable(table);
    if (!log.tableExists()) {
      return 0;
    }
    Snapshot snapshot = log.latestSnapshot();
    int committed = (int) snapshot.txnVersion(CrashWriterMain.APP_ID).orElse(0);
    Map<Integer, Set<Long>> idsByBatch = new HashMap<>();
    long total = 0;
    for (Row row : readAll(table, snapshot)) {
      int batch = (Integer) row.get(1);
      assertThat(idsByBatch.computeIfAbsent(batch, b -> new HashSet<>()).add((Long) row.get(0)))
          .as("row %s appears once", row)
          .isTrue();
      total++;
    }
    Set<Integer> expected = new HashSet<>();
    for (int k = 1; k <= committed; k++) {
      expected.add(k);
      assertThat(idsByBatch.get(k)).as("batch %d", k).hasSize(ROWS);
    }
    assertThat(idsByBatch.keySet()).isEqualTo(expected);
    assertThat(total).isEqualTo((long) committed * ROWS);
    return committed;
  }

  /** Reads every live file straight from Parquet, partition values from the log. */
  static List<Row> readAll(String table, Snapshot snapshot) {
    StructType schema = snapshot.schema();
    StructType data = schema.without(snapshot.partitionColumns());
    List<Row> rows = new ArrayList<>();
    var storage = Storages.forPath(table);
    for (AddFile file : snapshot.allFiles()) {
      String path = StoragePaths.join(table, PartitionPaths.decodeAddPath(file.path()));
      try (CloseableIterator<ColumnBatch> it = ParquetDataReader.open(storage, path, data, null)) {
        while (it.hasNext()) {
          ColumnBatch b = it.next();
          for (int i = 0; i < b.numRows(); i++) {
            Object[] values = new Object[schema.size()];
            for (int c = 0; c < schema.size(); c++) {
              String name = schema.field(c).name();
              values[c] =
                  snapshot.partitionColumns().contains(name)
                      ? PartitionValues.parse(
                          schema.field(c).type(), file.partitionValues().get(name))
                      : b.column(data.indexOf(name)).get(i);
            }
            rows.add(Row.of(values));
          }
        }
      }
    }
    return rows;
  }

  private static void assertNoLeftovers(String table) {
    var storage = Storages.forPath(table);
    assertThat(storage.listRecursively(StoragePaths.join(table, "_temporary"))).isEmpty();
    assertThat(unreferencedDataFiles(table)).isEmpty();
  }

  /** Data files outside the log and staging area that no add or tombstone names. */
  private static List<String> unreferencedDataFiles(String table) {
    var storage = Storages.forPath(table);
    DeltaLog log = DeltaLog.forTable(table);
    Set<String> referenced = new HashSet<>();
    if (log.tableExists()) {
      Snapshot s = log.latestSnapshot();
      for (AddFile f : s.allFiles()) {
        referenced.add(PartitionPaths.decodeAddPath(f.path()));
      }
      for (RemoveFile f : s.tombstones()) {
        referenced.add(PartitionPaths.decodeAddPath(f.path()));
      }
    }
    List<String> unreferenced = new ArrayList<>();
    for (FileStatus f : storage.listRecursively(table)) {
      String rel = StoragePaths.relativize(table, f.path());
      if (rel.startsWith("_delta_log") || rel.startsWith("_temporary")) {
        continue;
      }
      if (!referenced.contains(rel)) {
        unreferenced.add(rel);
      }
    }
    return unreferenced;
  }
}
