package dev.strata.format.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.format.LocalStorage;
import dev.strata.format.StoragePaths;
import dev.strata.format.parquet.ParquetDataWriter;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.BytesVector;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.format.vector.LongVector;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DictionaryChoiceTest {
  @TempDir Path dir;

  @Test
  void dictionaryOnlyForLowCardinalityColumns() throws Exception {
    StructType schema =
        StructType.of(
            StructField.of("id", PrimitiveType.LONG),
            StructField.of("status", PrimitiveType.STRING));
    LongVector ids = new LongVector(PrimitiveType.LONG, 10_000);
    BytesVector status = new BytesVector(PrimitiveType.STRING, 10_000);
    String[] values = {"NEW", "PAID", "SHIPPED"};
    for (int i = 0; i < 10_000; i++) {
      ids.appendLong(i * 31L);
      status.appendString(values[i % 3]);
    }
    LocalStorage storage = new LocalStorage();
    String path = StoragePaths.normalize(dir.resolve("d.parquet").toString());
    ParquetDataWriter w = ParquetDataWriter.open(storage, path, schema);
    w.write(new ColumnBatch(schema, new ColumnVector[] {ids, status}, 10_000));
    w.close();
    try (ParquetFileReader reader = ParquetFileReader.open(StorageInputFile.of(storage, path))) {
      ColumnChunkMetaData id = reader.getFooter().getBlocks().get(0).getColumns().get(0);
      ColumnChunkMetaData st = reader.getFooter().getBlocks().get(0).getColumns().get(1);
      assertThat(dictionary(id.getEncodings())).isFalse();
      assertThat(dictionary(st.getEncodings())).isTrue();
    }
  }

  private static boolean dictionary(Set<Encoding> encodings) {
    Set<Encoding> copy = EnumSet.copyOf(encodings);
    return copy.contains(Encoding.PLAIN_DICTIONARY) || copy.contains(Encoding.RLE_DICTIONARY);
  }
}
