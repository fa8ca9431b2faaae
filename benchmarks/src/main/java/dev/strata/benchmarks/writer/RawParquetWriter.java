package dev.strata.benchmarks.writer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The baseline: the same rows written by plain parquet-mr ({@link ParquetWriter} with a minimal
 * {@link WriteSupport} straight from the arrays, default parquet-mr encodings) into one file on one
 * thread.
 */
final class RawParquetWriter {
  private RawParquetWriter() {}

  static final MessageType SCHEMA =
      Types.buildMessage()
          .required(PrimitiveTypeName.INT64)
          .named("order_id")
          .required(PrimitiveTypeName.INT64)
          .named("customer_id")
          .optional(PrimitiveTypeName.BINARY)
          .as(LogicalTypeAnnotation.stringType())
          .named("product_id")
          .required(PrimitiveTypeName.INT32)
          .named("quantity")
          .required(PrimitiveTypeName.INT64)
          .as(LogicalTypeAnnotation.decimalType(2, 10))
          .named("price")
          .required(PrimitiveTypeName.INT64)
          .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
          .named("order_ts")
          .required(PrimitiveTypeName.INT32)
          .as(LogicalTypeAnnotation.dateType())
          .named("order_date")
          .required(PrimitiveTypeName.BINARY)
          .as(LogicalTypeAnnotation.stringType())
          .named("status")
          .required(PrimitiveTypeName.BINARY)
          .as(LogicalTypeAnnotation.stringType())
          .named("comment")
          .named("spark_schema");

  /** Writes all rows of {@code data} to {@code file} with {@code codec}; returns the file size. */
  static long write(OrdersData data, Path file, CompressionCodecName codec) throws IOException {
    Binary[] statuses = new Binary[OrdersData.STATUSES.length];
    for (int i = 0; i < statuses.length; i++) {
      statuses[i] = Binary.fromString(OrdersData.STATUSES[i]);
    }
    Configuration conf = new Configuration(false);
    try (ParquetWriter<Integer> writer =
        new Builder(new LocalOutputFile(file), data, statuses)
            .withConf(conf)
            .withCompressionCodec(codec)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .build()) {
      for (int i = 0; i < data.rows; i++) {
        writer.write(i);
      }
    }
    return java.nio.file.Files.size(file);
  }

  private static final class Builder extends ParquetWriter.Builder<Integer, Builder> {
    private final OrdersData data;
    private final Binary[] statuses;

    Builder(LocalOutputFile file, OrdersData data, Binary[] statuses) {
      super(file);
      this.data = data;
      this.statuses = statuses;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Integer> getWriteSupport(Configuration conf) {
      return new RowWriteSupport(data, statuses);
    }
  }

  /** Writes row {@code i} of the arrays; the record type is the row index. */
  private static final class RowWriteSupport extends WriteSupport<Integer> {
    private final OrdersData d;
    private final Binary[] statuses;
    private RecordConsumer out;

    RowWriteSupport(OrdersData data, Binary[] statuses) {
      this.d = data;
      this.statuses = statuses;
    }

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(SCHEMA, new HashMap<>());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.out = recordConsumer;
    }

    @Override
    public void write(Integer row) {
      int i = row;
      out.startMessage();
      field(0, "order_id").addLong(d.orderId[i]);
      out.endField("order_id", 0);
      field(1, "customer_id").addLong(d.customerId[i]);
      out.endField("customer_id", 1);
      if (d.productId[i] != null) {
        field(2, "product_id").addBinary(Binary.fromString(d.productId[i]));
        out.endField("product_id", 2);
      }
      field(3, "quantity").addInteger(d.quantity[i]);
      out.endField("quantity", 3);
      field(4, "price").addLong(d.priceCents[i]);
      out.endField("price", 4);
      field(5, "order_ts").addLong(d.tsMicros[i]);
      out.endField("order_ts", 5);
      field(6, "order_date").addInteger(d.day[i]);
      out.endField("order_date", 6);
      field(7, "status").addBinary(statuses[d.status[i]]);
      out.endField("status", 7);
      field(8, "comment").addBinary(Binary.fromString(d.comment[i]));
      out.endField("comment", 8);
      out.endMessage();
    }

    private RecordConsumer field(int index, String name) {
      out.startField(name, index);
      return out;
    }
  }
}
