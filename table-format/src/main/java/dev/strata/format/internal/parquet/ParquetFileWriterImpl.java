package dev.strata.format.internal.parquet;

import dev.strata.format.SchemaMismatchException;
import dev.strata.format.Storage;
import dev.strata.format.StrataException;
import dev.strata.format.internal.hadoop.HadoopConfigurations;
import dev.strata.format.parquet.DataFileInfo;
import dev.strata.format.parquet.ParquetWriteOptions;
import dev.strata.format.types.ArrayType;
import dev.strata.format.types.DataType;
import dev.strata.format.types.MapType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.format.vector.StructVector;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/** The implementation behind {@code ParquetDataWriter}. */
public final class ParquetFileWriterImpl {
  /**
   * A column is dictionary-encoded when its first batch has at most this share of distinct values.
   */
  static final double DICTIONARY_MAX_DISTINCT_RATIO = 0.3;

  private static final int DICTIONARY_SAMPLE = 8192;

  /**
   * Partitioned writes hand each file small first batches (a few hundred rows of one partition), so
   * the sample must be judged from few values: keeping dictionaries on unique ids and timestamps
   * made hashing them the largest cost of the medallion workload (JFR, ~30% of samples).
   */
  private static final int MIN_SAMPLE = 32;

  private final Storage storage;
  private final String path;
  private final StructType schema;
  private final ParquetWriteOptions options;
  private final StorageOutputFile outputFile;
  private final BatchWriteSupport.Cursor cursor = new BatchWriteSupport.Cursor();
  private final Map<String, Long> collectionNullCounts = new HashMap<>();
  private ParquetWriter<BatchWriteSupport.Cursor> writer;
  private long numRecords;
  private boolean finished;
  private boolean aborted;

  public ParquetFileWriterImpl(
      Storage storage, String path, StructType schema, ParquetWriteOptions options) {
    this.storage = storage;
    this.path = path;
    this.schema = schema;
    this.options = options;
    this.outputFile = new StorageOutputFile(storage, path);
    ParquetSchemas.toParquet(schema); // fail early on types Parquet cannot hold
  }

  public void write(ColumnBatch batch) {
    checkOpen();
    checkSchema(batch);
    if (batch.numRows() == 0) {
      return;
    }
    try {
      if (writer == null) {
        writer = build(batch);
      }
      cursor.batch(batch);
      for (int row = 0, n = batch.numRows(); row < n; row++) {
        cursor.row(row);
        writer.write(cursor);
      }
    } catch (IOException | RuntimeException e) {
      abort();
      throw failure("write", e);
    }
    numRecords += batch.numRows();
    countCollectionNulls(schema, batch.columns(), "", batch.numRows());
  }

  public long estimatedBytes() {
    return writer == null ? 0 : writer.getDataSize();
  }

  public long numRecords() {
    return numRecords;
  }

  public DataFileInfo finish() {
    checkOpen();
    try {
      if (writer == null) {
        writer = build(null);
      }
      writer.close();
    } catch (IOException | RuntimeException e) {
      abort();
      throw failure("finish", e);
    }
    finished = true;
    long size = outputFile.bytesWritten();
    String stats =
        new StatsJsonWriter(schema, options.numIndexedCols(), options.stringPrefixLength())
            .toJson(writer.getFooter(), numRecords, collectionNullCounts);
    return new DataFileInfo(path, size, numRecords, stats);
  }

  public void abort() {
    if (finished || aborted) {
      return;
    }
    aborted = true;
    outputFile.abort();
    if (writer != null) {
      try {
        writer.close(); // releases compressors; the output drops everything now
      } catch (IOException | RuntimeException ignored) {
        // the file is already discarded
      }
    }
  }

  private void checkOpen() {
    if (finished) {
      throw new IllegalStateException("Writer of " + path + " is already closed");
    }
    if (aborted) {
      throw new IllegalStateException("Writer of " + path + " was aborted");
    }
  }

  private void checkSchema(ColumnBatch batch) {
    StructType actual = batch.schema();
    if (actual.size() != schema.size()) {
      throw new SchemaMismatchException(
          "Cannot write batch "
              + actual.simpleString()
              + " to "
              + path
              + ": the file schema is "
              + schema.simpleString());
    }
    for (int i = 0; i < schema.size(); i++) {
      StructField expected = schema.field(i);
      ColumnVector column = batch.column(i);
      if (!sameShape(expected.type(), column.type())) {
        throw new SchemaMismatchException(
            "Column '"
                + expected.name()
                + "' of "
                + path
                + " is "
                + expected.type().simpleString()
                + " but the batch holds "
                + column.type().simpleString());
      }
      if (!expected.nullable() && column.mayHaveNulls() && column.nullCount() > 0) {
        throw new SchemaMismatchException(
            "Column '" + expected.name() + "' of " + path + " is not nullable but has nulls");
      }
    }
  }

  // Names and nullability may differ (the batch may come from an expression); the vector layout
  // must not.
  private static boolean sameShape(DataType a, DataType b) {
    if (a instanceof StructType sa && b instanceof StructType sb) {
      if (sa.size() != sb.size()) {
        return false;
      }
      for (int i = 0; i < sa.size(); i++) {
        if (!sameShape(sa.field(i).type(), sb.field(i).type())) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof ArrayType aa && b instanceof ArrayType ab) {
      return sameShape(aa.elementType(), ab.elementType());
    }
    if (a instanceof MapType ma && b instanceof MapType mb) {
      return sameShape(ma.keyType(), mb.keyType()) && sameShape(ma.valueType(), mb.valueType());
    }
    return a.equals(b);
  }

  private void countCollectionNulls(
      StructType struct, ColumnVector[] columns, String prefix, int n) {
    for (int i = 0; i < struct.size(); i++) {
      StructField field = struct.field(i);
      String name = prefix + ParquetSchemas.physicalName(field);
      if (field.type() instanceof ArrayType || field.type() instanceof MapType) {
        collectionNullCounts.merge(name, (long) columns[i].nullCount(), Long::sum);
      } else if (field.type() instanceof StructType child) {
        StructVector sv = (StructVector) columns[i];
        ColumnVector[] children = new ColumnVector[child.size()];
        for (int c = 0; c < children.length; c++) {
          children[c] = sv.child(c);
        }
        countCollectionNulls(child, children, name + ".", n);
      }
    }
  }

  private ParquetWriter<BatchWriteSupport.Cursor> build(ColumnBatch first) throws IOException {
    BatchWriteSupport support = new BatchWriteSupport(schema, Map.of());
    Builder builder =
        new Builder(outputFile, support)
            .withConf(HadoopConfigurations.shared())
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withCompressionCodec(codec(options.codec()))
            .withRowGroupSize(options.rowGroupSize())
            .withPageSize(options.pageSize())
            .withValidation(false)
            // per-value level histograms and byte counters that nothing here reads
            .withSizeStatisticsEnabled(false)
            .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0);
    switch (options.dictionary()) {
      case ALWAYS -> builder.withDictionaryEncoding(true);
      case NEVER -> builder.withDictionaryEncoding(false);
      case AUTO -> {
        builder.withDictionaryEncoding(true);
        if (first != null) {
          for (int i = 0; i < schema.size(); i++) {
            StructField field = schema.field(i);
            if (field.type() instanceof PrimitiveType || field.type().isNumeric()) {
              builder.withDictionaryEncoding(
                  ParquetSchemas.physicalName(field), lowCardinality(first.column(i)));
            }
          }
        }
      }
    }
    options
        .dictionaryOverrides()
        .forEach(
            (column, enabled) -> {
              int index = schema.indexOf(column);
              String name = index >= 0 ? ParquetSchemas.physicalName(schema.field(index)) : column;
              builder.withDictionaryEncoding(name, enabled);
            });
    return builder.build();
  }

  static boolean lowCardinality(ColumnVector column) {
    if (column.type() == PrimitiveType.BOOLEAN) {
      return false;
    }
    int n = Math.min(column.size(), DICTIONARY_SAMPLE);
    Set<Integer> distinct = new HashSet<>();
    int nonNull = 0;
    for (int row = 0; row < n; row++) {
      if (!column.isNull(row)) {
        nonNull++;
        distinct.add(column.hashAt(row));
      }
    }
    // too few values to judge: keep the dictionary, Parquet falls back to plain if it grows
    if (nonNull < MIN_SAMPLE) {
      return true;
    }
    return distinct.size() <= nonNull * DICTIONARY_MAX_DISTINCT_RATIO;
  }

  private static CompressionCodecName codec(ParquetWriteOptions.Codec codec) {
    return switch (codec) {
      case SNAPPY -> CompressionCodecName.SNAPPY;
      case ZSTD -> CompressionCodecName.ZSTD;
      case GZIP -> CompressionCodecName.GZIP;
      case NONE -> CompressionCodecName.UNCOMPRESSED;
    };
  }

  private StrataException failure(String what, Exception e) {
    if (e instanceof StrataException se) {
      return se;
    }
    return new StrataException(
        "Cannot " + what + " Parquet file " + path + ": " + e.getMessage(), e);
  }

  private static final class Builder
      extends ParquetWriter.Builder<BatchWriteSupport.Cursor, Builder> {
    private final BatchWriteSupport support;

    Builder(OutputFile file, BatchWriteSupport support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<BatchWriteSupport.Cursor> getWriteSupport(Configuration conf) {
      return support;
    }

    @Override
    protected WriteSupport<BatchWriteSupport.Cursor> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }
  }
}
