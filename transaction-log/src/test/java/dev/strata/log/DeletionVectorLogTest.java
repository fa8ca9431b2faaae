package dev.strata.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.format.CorruptFileException;
import dev.strata.format.Storage;
import dev.strata.log.internal.DeletionVectors;
import dev.strata.log.testing.TestTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/** The deletion-vector codec, the feature upgrade and conflicts on files with vectors. */
class DeletionVectorLogTest {
  @TempDir Path dir;

  private static AddFile file(String name) {
    return AddFile.of(name, Map.of(), 100, 1, "{\"numRecords\":100}");
  }

  private static AddFile withVector(AddFile f, DeletionVectorDescriptor dv) {
    return new AddFile(
        f.path(), f.partitionValues(), f.size(), 2, true, f.stats(), null, dv, null, null);
  }

  private static Roaring64NavigableMap rows(long... rows) {
    Roaring64NavigableMap map = new Roaring64NavigableMap();
    map.add(rows);
    return map;
  }

  @Test
  void vectorsRoundTripThroughTheFileFormat() throws IOException {
    DeltaLog log = TestTables.at(dir).create();
    Storage storage = log.storage();
    DeletionVectorFiles.Writer writer = DeletionVectorFiles.writer();
    // Rows past 2^32 use a second 32-bit bitmap in the portable 64-bit layout.
    DeletionVectorDescriptor a = writer.add(rows(0, 3, 4, 7, 11, 18, 29));
    DeletionVectorDescriptor b = writer.add(rows(5, (1L << 32) + 9));
    String path = writer.write(storage, log.tablePath());
    assertThat(Path.of(java.net.URI.create(path)).getFileName().toString())
        .startsWith("deletion_vector_")
        .endsWith(".bin");
    byte[] bytes = Files.readAllBytes(Path.of(java.net.URI.create(path)));
    assertThat(bytes[0]).isEqualTo((byte) 1);
    assertThat(a.offset()).isEqualTo(1);
    assertThat(b.offset()).isEqualTo(1 + 4 + a.sizeInBytes() + 4);
    assertThat(bytes).hasSize(1 + 8 + a.sizeInBytes() + 8 + b.sizeInBytes());
    // magic 1681511377, little-endian, right after the 4-byte big-endian size
    assertThat(
            java.nio.ByteBuffer.wrap(bytes, 5, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt())
        .isEqualTo(1681511377);
    assertThat(a.cardinality()).isEqualTo(7);
    assertThat(DeletionVectorFiles.path(log.tablePath(), a)).isEqualTo(path);

    long v = log.latestSnapshot().version();
    assertThat(
            DeletionVectorFiles.read(storage, log.tablePath(), v, withVector(file("x"), a))
                .toArray())
        .containsExactly(0, 3, 4, 7, 11, 18, 29);
    assertThat(
            DeletionVectorFiles.read(storage, log.tablePath(), v, withVector(file("y"), b))
                .toArray())
        .containsExactly(5, (1L << 32) + 9);
  }

  @Test
  void theSerializationIsTheMagicThenThePortable64BitLayout() throws IOException {
    // (PROTOCOL.md's inline example encodes its magic big-endian, a known error of the document:
    // delta-io/delta#1905; Delta and Kernel read and write it little-endian, as here.)
    byte[] bytes = DeletionVectors.serialize(rows(3, 4, 7, 11, 18, 29, (5L << 32) + 1));
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getInt()).isEqualTo(1681511377);
    assertThat(b.getLong()).isEqualTo(2); // two 32-bit bitmaps: high keys 0 and 5
    assertThat(b.getInt()).isZero();
    assertThat(b.getInt()).isEqualTo(12346); // the 32-bit portable cookie (no run containers)
    assertThat(DeletionVectors.deserialize(bytes).toArray())
        .containsExactly(3, 4, 7, 11, 18, 29, (5L << 32) + 1);
  }

  @Test
  void theLegacyNativeLayoutIsReadByPosition() throws IOException {
    // magic 1681511376, two bitmaps (high bits 0 and 1), each [size][32-bit bitmap], no keys
    org.roaringbitmap.RoaringBitmap low = org.roaringbitmap.RoaringBitmap.bitmapOf(3, 29);
    org.roaringbitmap.RoaringBitmap high = org.roaringbitmap.RoaringBitmap.bitmapOf(1);
    java.nio.ByteBuffer b =
        java.nio.ByteBuffer.allocate(
                16 + low.serializedSizeInBytes() + high.serializedSizeInBytes())
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.putInt(1681511376).putInt(2);
    for (org.roaringbitmap.RoaringBitmap bitmap : List.of(low, high)) {
      b.putInt(bitmap.serializedSizeInBytes());
      bitmap.serialize(b);
    }
    assertThat(DeletionVectors.deserialize(b.array()).toArray())
        .containsExactly(3, 29, (1L << 32) + 1);
  }

  @Test
  void aTruncatedOrMissingVectorNamesTableVersionAndFiles() throws IOException {
    DeltaLog log = TestTables.at(dir).create();
    DeletionVectorFiles.Writer writer = DeletionVectorFiles.writer();
    DeletionVectorDescriptor dv = writer.add(rows(1, 2));
    String path = writer.write(log.storage(), log.tablePath());
    Path local = Path.of(java.net.URI.create(path));
    byte[] bytes = Files.readAllBytes(local);
    Files.write(local, java.util.Arrays.copyOf(bytes, bytes.length - 3));
    AddFile add = withVector(file("data.parquet"), dv);
    assertThatThrownBy(() -> DeletionVectorFiles.read(log.storage(), log.tablePath(), 7, add))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining(local.getFileName().toString())
        .hasMessageContaining("data.parquet")
        .hasMessageContaining("version 7")
        .hasMessageContaining(log.tablePath());
    Files.delete(local);
    assertThatThrownBy(() -> DeletionVectorFiles.read(log.storage(), log.tablePath(), 7, add))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("is missing");
  }

  @Test
  void enablingThePropertyUpgradesALegacyProtocol() {
    DeltaLog log = TestTables.at(dir).create();
    Metadata m = log.latestSnapshot().metadata();
    log.startTransaction(log.latestSnapshot())
        .updateMetadata(m.withProperty("delta.enableDeletionVectors", "true"))
        .commit(List.of(), Operation.of("SET TBLPROPERTIES"));
    Protocol p = log.latestSnapshot().protocol();
    assertThat(p.minReaderVersion()).isEqualTo(3);
    assertThat(p.minWriterVersion()).isEqualTo(7);
    assertThat(p.readerFeatures()).containsExactly("deletionVectors");
    assertThat(p.writerFeatures()).containsExactly("appendOnly", "invariants", "deletionVectors");
    assertThat(Protocol.of(1, 3).withReaderWriterFeature("deletionVectors").writerFeatures())
        .containsExactly("appendOnly", "invariants", "checkConstraints", "deletionVectors");
    assertThat(p.withReaderWriterFeature("deletionVectors")).isSameAs(p);
  }

  @Test
  void tablesWithReaderFeaturesStrataDoesNotWriteAreStillRefused() {
    DeltaLog log = TestTables.at(dir).create();
    assertThatThrownBy(
            () ->
                log.startTransaction(log.latestSnapshot())
                    .updateProtocol(
                        new Protocol(
                            3,
                            7,
                            java.util.Set.of("deletionVectors", "timestampNtz"),
                            java.util.Set.of("deletionVectors", "timestampNtz"))))
        .isInstanceOf(ProtocolNotSupportedException.class)
        .hasMessageContaining("timestampNtz")
        .hasMessageContaining("requires the reader feature(s) [timestampNtz]");
  }

  @Test
  void twoBlindVectorUpdatesOfOneFileConflictByPath() {
    DeltaLog log = TestTables.at(dir).property("delta.enableDeletionVectors", "true").create();
    log.startTransaction(log.latestSnapshot())
        .commit(List.of(file("f.parquet")), Operation.of("WRITE"));
    Snapshot read = log.latestSnapshot();
    OptimisticTransaction first = log.startTransaction(read);
    OptimisticTransaction second = log.startTransaction(read);
    DeletionVectorDescriptor a =
        new DeletionVectorDescriptor("u", "ab^-aqEH.-t@S}K{vb[*k^", 1, 36, 3, null);
    DeletionVectorDescriptor b =
        new DeletionVectorDescriptor("u", "ab^-aqEH.-t@S}K{vb[*k^", 45, 36, 2, null);
    AddFile live = read.allFiles().get(0);
    first.commit(List.of(live.toRemove(3, true), withVector(live, a)), Operation.of("DELETE"));
    // The second removes the same (path, no vector) and adds another vector: a delete-delete.
    assertThatThrownBy(
            () ->
                second.commit(
                    List.of(live.toRemove(3, true), withVector(live, b)), Operation.of("DELETE")))
        .isInstanceOf(ConcurrentDeleteDeleteException.class)
        .hasMessageContaining("f.parquet");
  }

  @Test
  void writerFourIsWrittenUnlessAColumnIsGenerated() {
    DeltaLog plain = TestTables.at(dir.resolve("plain")).create();
    plain
        .startTransaction(plain.latestSnapshot())
        .updateProtocol(Protocol.of(1, 4))
        .commit(List.of(file("a.parquet")), Operation.of("WRITE"));
    assertThat(plain.latestSnapshot().protocol().minWriterVersion()).isEqualTo(4);
    assertThat(plain.latestSnapshot().protocol().supportsWriterFeature("changeDataFeed")).isTrue();

    DeltaLog generated = TestTables.at(dir.resolve("generated")).create();
    Metadata m = generated.latestSnapshot().metadata();
    java.util.List<dev.strata.format.types.StructField> fields = new java.util.ArrayList<>();
    for (var f : m.schema().fields()) {
      fields.add(f);
    }
    var first = fields.get(0);
    fields.set(
        0,
        new dev.strata.format.types.StructField(
            first.name(),
            first.type(),
            first.nullable(),
            Map.of("delta.generationExpression", "1 + 1")));
    generated
        .startTransaction(generated.latestSnapshot())
        .updateProtocol(Protocol.of(1, 3))
        .updateMetadata(m.withSchema(new dev.strata.format.types.StructType(fields)))
        .commit(List.of(), Operation.of("ALTER"));
    // Spark's writer-4 table with a generated column: refused before anything is written.
    java.nio.file.Path log = dir.resolve("generated/_delta_log");
    assertThat(log).isDirectory();
    OptimisticTransaction upgrade = generated.startTransaction(generated.latestSnapshot());
    assertThatThrownBy(
            () ->
                upgrade
                    .updateProtocol(Protocol.of(1, 4))
                    .commit(List.of(file("b.parquet")), Operation.of("WRITE")))
        .isInstanceOf(ProtocolNotSupportedException.class)
        .hasMessageContaining("generated column")
        .hasMessageContaining("writer version 4");
  }
}
