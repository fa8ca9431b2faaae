package dev.strata.conformance.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.format.FileStatus;
import dev.strata.format.StoragePaths;
import dev.strata.format.s3.S3Storage;
import dev.strata.format.testing.S3ProxyFixture;
import dev.strata.log.Action;
import dev.strata.log.Actions;
import dev.strata.log.AddFile;
import dev.strata.log.CommitResult;
import dev.strata.log.DeltaLog;
import dev.strata.log.Operation;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many writers commit blind appends to one {@code s3://} table at once, on a real S3 server whose
 * {@code If-None-Match: *} decides every version: 8 threads in this JVM and 2 other processes. The
 * versions must come out contiguous, with every commit present exactly once.
 */
class S3CommitRaceTest {
  @RegisterExtension static final S3ProxyFixture S3 = S3ProxyFixture.shared();

  private static final int THREADS = 8;
  private static final int PROCESSES = 2;

  @Test
  void threadsAndProcessesCommitContiguousVersionsWithNothingLostOrDoubled() throws Exception {
    race(4);
  }

  /** The same race, longer: crosses several checkpoint intervals while writers keep losing. */
  @Test
  @Tag("stress")
  void longRaceAcrossCheckpoints() throws Exception {
    race(15);
  }

  private void race(int commitsPerWriter) throws Exception {
    String table = "s3://" + S3.createBucket() + "/tables/race";
    try (S3Storage storage = S3.newStorage()) {
      S3CommitRace.createTable(DeltaLog.forTable(storage, table));

      List<Process> processes = new ArrayList<>();
      for (int p = 0; p < PROCESSES; p++) {
        processes.add(startWorker(table, "proc" + p, commitsPerWriter));
      }
      List<List<String>> processOutput = new ArrayList<>();
      List<Thread> readers = new ArrayList<>();
      for (Process process : processes) {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        processOutput.add(lines);
        Thread reader = new Thread(() -> readLines(process, lines));
        reader.start();
        readers.add(reader);
      }

      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Long>>> threadVersions = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        String writer = "thread" + t;
        threadVersions.add(
            pool.submit(
                () -> {
                  // Each thread is its own writer with its own view of the log.
                  DeltaLog log = DeltaLog.forTable(storage, table);
                  start.await();
                  List<Long> versions = new ArrayList<>();
                  for (int i = 0; i < commitsPerWriter; i++) {
                    CommitResult result =
                        log.startTransaction()
                            .commit(
                                List.of(S3CommitRace.add(S3CommitRace.fileName(writer, i))),
                                Operation.of("WRITE"));
                    versions.add(result.version());
                  }
                  return versions;
                }));
      }
      for (int p = 0; p < PROCESSES; p++) {
        List<String> lines = processOutput.get(p);
        while (!lines.contains("ready")) {
          assertThat(processes.get(p).isAlive()).as("worker output: %s", lines).isTrue();
          Thread.sleep(20);
        }
      }
      for (Process process : processes) {
        process.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
      }
      start.countDown();

      List<Long> committed = new ArrayList<>();
      for (Future<List<Long>> f : threadVersions) {
        committed.addAll(f.get(5, TimeUnit.MINUTES));
      }
      pool.shutdown();
      for (int p = 0; p < PROCESSES; p++) {
        Process process = processes.get(p);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        readers.get(p).join();
        assertThat(process.exitValue()).as("worker output: %s", processOutput.get(p)).isZero();
        for (String line : processOutput.get(p)) {
          if (line.startsWith("committed ")) {
            committed.add(Long.parseLong(line.split(" ")[1]));
          }
        }
      }

      int total = (THREADS + PROCESSES) * commitsPerWriter;
      assertThat(committed).hasSize(total).doesNotHaveDuplicates();
      assertThat(new HashSet<>(committed))
          .isEqualTo(
              new HashSet<>(java.util.stream.LongStream.rangeClosed(1, total).boxed().toList()));

      String logDir = StoragePaths.join(table, "_delta_log");
      List<String> commitFiles =
          storage.list(logDir, null).stream()
              .map(FileStatus::name)
              .filter(n -> n.matches("\\d{20}\\.json"))
              .toList();
      assertThat(commitFiles).hasSize(total + 1);
      for (int v = 0; v <= total; v++) {
        assertThat(commitFiles.get(v)).isEqualTo(String.format("%020d.json", v));
      }

      Set<String> expected = new HashSet<>();
      for (int t = 0; t < THREADS; t++) {
        for (int i = 0; i < commitsPerWriter; i++) {
          expected.add(S3CommitRace.fileName("thread" + t, i));
        }
      }
      for (int p = 0; p < PROCESSES; p++) {
        for (int i = 0; i < commitsPerWriter; i++) {
          expected.add(S3CommitRace.fileName("proc" + p, i));
        }
      }
      List<String> added = new ArrayList<>();
      for (int v = 1; v <= total; v++) {
        String json =
            new String(
                storage.read(StoragePaths.join(logDir, String.format("%020d.json", v))),
                StandardCharsets.UTF_8);
        List<AddFile> adds = new ArrayList<>();
        for (String line : json.split("\n")) {
          if (!line.isBlank()) {
            Action action = Actions.fromJson(line);
            if (action instanceof AddFile add) {
              adds.add(add);
            }
          }
        }
        assertThat(adds).as("adds of version %d", v).hasSize(1);
        added.add(adds.get(0).path());
      }
      assertThat(added).doesNotHaveDuplicates();
      assertThat(new HashSet<>(added)).isEqualTo(expected);

      DeltaLog reader = DeltaLog.forTable(storage, table);
      assertThat(reader.latestSnapshot().version()).isEqualTo(total);
      assertThat(reader.latestSnapshot().allFiles())
          .extracting(AddFile::path)
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  private Process startWorker(String table, String writer, int commitsPerWriter) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            S3CommitWorker.class.getName(),
            S3.endpoint().toString(),
            S3ProxyFixture.ACCESS_KEY,
            S3ProxyFixture.SECRET_KEY,
            table,
            writer,
            Integer.toString(commitsPerWriter));
    builder.redirectErrorStream(true);
    return builder.start();
  }

  private static void readLines(Process process, List<String> lines) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        lines.add(line);
      }
    } catch (java.io.IOException e) {
      lines.add("read error: " + e);
    }
  }
}
