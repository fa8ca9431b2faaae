package dev.strata.format.testing;

import dev.strata.format.CloseableIterator;
import dev.strata.format.HadoopStorage;
import dev.strata.format.LocalStorage;
import dev.strata.format.Row;
import dev.strata.format.Storage;
import dev.strata.format.StoragePaths;
import dev.strata.format.parquet.ParquetDataReader;
import dev.strata.format.parquet.ParquetDataWriter;
import dev.strata.format.parquet.ParquetWriteOptions;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes and reads Parquet with every codec in a fresh JVM; a test checks it prints nothing. */
public final class QuietMain {
  private QuietMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("strata-quiet");
    StructType schema =
        StructType.of(
            StructField.of("id", PrimitiveType.LONG), StructField.of("s", PrimitiveType.STRING));
    ColumnBatch batch = ColumnBatch.fromRows(schema, List.of(Row.of(1L, "a"), Row.of(2L, "b")));
    for (Storage storage : List.of(new LocalStorage(), new HadoopStorage("file", Map.of()))) {
      for (ParquetWriteOptions.Codec codec : ParquetWriteOptions.Codec.values()) {
        String path =
            StoragePaths.normalize(dir.resolve(storage.scheme() + codec + ".parquet").toString());
        if (storage instanceof HadoopStorage) {
          path = "file:" + dir.resolve("h" + codec + ".parquet");
        }
        ParquetDataWriter w =
            ParquetDataWriter.open(
                storage, path, schema, ParquetWriteOptions.builder().codec(codec).build());
        w.write(batch);
        w.close();
        try (CloseableIterator<ColumnBatch> it =
            ParquetDataReader.open(storage, path, schema, null)) {
          while (it.hasNext()) {
            it.next();
          }
        }
      }
    }
    try (var files = Files.list(dir)) {
      files.forEach(f -> f.toFile().delete());
    }
    Files.delete(dir);
  }
}
