package dev.strata.format.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.format.types.PrimitiveType;
import dev.strata.format.vector.ColumnVector;
import org.junit.jupiter.api.Test;

class DictionaryChoiceTest {
  private static ColumnVector longs(int rows, int distinct) {
    ColumnVector v = ColumnVector.allocate(PrimitiveType.LONG, rows);
    for (int i = 0; i < rows; i++) {
      v.append((long) (i % distinct));
    }
    return v;
  }

  @Test
  void smallFirstBatchOfUniqueValuesGetsNoDictionary() {
    // one partition's share of a 4096-row batch: ~136 rows, all distinct ids
    assertThat(ParquetFileWriterImpl.lowCardinality(longs(136, 136))).isFalse();
    assertThat(ParquetFileWriterImpl.lowCardinality(longs(136, 5))).isTrue();
  }

  @Test
  void tooFewValuesKeepTheDictionary() {
    assertThat(ParquetFileWriterImpl.lowCardinality(longs(10, 10))).isTrue();
  }

  @Test
  void largeSamplesUseTheDistinctRatio() {
    assertThat(ParquetFileWriterImpl.lowCardinality(longs(8192, 8192))).isFalse();
    assertThat(ParquetFileWriterImpl.lowCardinality(longs(8192, 100))).isTrue();
  }
}
