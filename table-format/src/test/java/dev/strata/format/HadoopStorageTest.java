package dev.strata.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.format.parquet.ParquetDataReader;
import dev.strata.format.parquet.ParquetDataWriter;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Hadoop-backed storage, exercised through Hadoop's raw local file system. */
class HadoopStorageTest {
  @TempDir Path dir;
  private final HadoopStorage storage = new HadoopStorage("file", Map.of());

  @AfterEach
  void close() {
    storage.close();
  }

  private String path(String name) {
    return "file:" + dir.resolve(name);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsWritesAndRanges() {
    String p = path("a/b/data.bin");
    storage.write(p, bytes("hello world"));
    assertThat(storage.read(p)).isEqualTo(bytes("hello world"));
    assertThat(storage.readRange(p, 6, 5)).isEqualTo(bytes("world"));
    storage.write(p, bytes("replaced"));
    assertThat(storage.read(p)).isEqualTo(bytes("replaced"));
    assertThat(storage.status(p).orElseThrow().size()).isEqualTo(8);
    assertThat(storage.status(path("a/b"))).isEmpty();
    assertThat(storage.status(path("missing"))).isEmpty();
    assertThatThrownBy(() -> storage.read(path("missing")))
        .isInstanceOf(StorageFileNotFoundException.class);
    // no .crc side files: the raw local file system is used
    assertThat(dir.resolve("a/b/.data.bin.crc")).doesNotExist();
  }

  @Test
  void createIfAbsentHasOneWinner() {
    String p = path("_delta_log/00000000000000000000.json");
    assertThat(storage.createIfAbsent(p, bytes("first"))).isTrue();
    assertThat(storage.createIfAbsent(p, bytes("second"))).isFalse();
    assertThat(storage.read(p)).isEqualTo(bytes("first"));
  }

  @Test
  void streamingCreateAppearsOnCloseAndAbortLeavesNothing() throws IOException {
    String p = path("x=a%3Ab/part-0.parquet");
    try (AtomicOutput out = storage.create(p)) {
      out.write(bytes("partial"));
      assertThat(storage.exists(p)).isFalse();
      assertThat(storage.list(path("x=a%3Ab"), null)).isEmpty();
    }
    assertThat(storage.read(p)).isEqualTo(bytes("partial"));
    assertThat(Files.exists(dir.resolve("x=a%3Ab").resolve("part-0.parquet"))).isTrue();

    String q = path("x=a%3Ab/part-1.parquet");
    AtomicOutput out = storage.create(q);
    out.write(bytes("junk"));
    out.abort();
    assertThat(storage.exists(q)).isFalse();
    try (var files = Files.list(dir.resolve("x=a%3Ab"))) {
      assertThat(files.map(f -> f.getFileName().toString()).toList())
          .containsExactly("part-0.parquet");
    }
  }

  @Test
  void listsInOrderAfterAName() {
    for (String n : List.of("00003.json", "00001.json", "00002.json", ".00001.json.crc")) {
      storage.write(path("log/" + n), bytes(n));
    }
    storage.write(path("log/sub/nested.json"), bytes("n"));
    List<String> names = new ArrayList<>();
    storage.list(path("log"), "00001.json").forEach(f -> names.add(StoragePaths.name(f.path())));
    assertThat(names).containsExactly("00002.json", "00003.json");
    assertThat(storage.list(path("log"), null)).hasSize(3);
    assertThat(storage.list(path("nope"), null)).isEmpty();
    assertThat(storage.listRecursively(path("log")).stream().map(FileStatus::path).toList())
        .contains(path("log/sub/nested.json"), path("log/00001.json"))
        .hasSize(4);
    storage.deleteAll(List.of(path("log/00001.json"), path("log/gone.json")));
    assertThat(storage.list(path("log"), null)).hasSize(2);
    assertThat(storage.moveIfAbsent(path("log/00002.json"), path("log/00003.json"))).isFalse();
    assertThat(storage.moveIfAbsent(path("log/00002.json"), path("moved/2.json"))).isTrue();
    assertThat(storage.read(path("moved/2.json"))).isEqualTo(bytes("00002.json"));
    storage.deleteDirectoryTree(path("log"));
    assertThat(storage.listRecursively(path("log"))).isEmpty();
  }

  @Test
  void parquetFilesGoThroughIt() {
    StructType schema = StructType.of(StructField.of("id", PrimitiveType.LONG));
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 1000; i++) {
      rows.add(Row.of(i));
    }
    String p = path("t/part-0.parquet");
    ParquetDataWriter w = ParquetDataWriter.open(storage, p, schema);
    w.write(ColumnBatch.fromRows(schema, rows));
    assertThat(w.close().size()).isEqualTo(storage.status(p).orElseThrow().size());
    long sum = 0;
    try (CloseableIterator<ColumnBatch> it =
        ParquetDataReader.open(storage, storage.status(p).orElseThrow(), schema, null)) {
      while (it.hasNext()) {
        for (Row r : it.next().toRows()) {
          sum += (Long) r.get(0);
        }
      }
    }
    assertThat(sum).isEqualTo(499_500);
  }

  @Test
  void storagesPicksHadoopForOtherSchemesAndNamesUnknownOnes() {
    assertThatThrownBy(() -> Storages.forPath("nosuchfs://host/t"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("nosuchfs");
    Storage viaStorages =
        Storages.forPath(
            "localfs:/tmp/x", Map.of("fs.localfs.impl", "org.apache.hadoop.fs.RawLocalFileSystem"));
    assertThat(viaStorages).isInstanceOf(HadoopStorage.class);
    assertThat(viaStorages.scheme()).isEqualTo("localfs");
  }
}
