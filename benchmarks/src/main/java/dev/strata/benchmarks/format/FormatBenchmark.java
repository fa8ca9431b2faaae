package dev.strata.benchmarks.format;

import dev.strata.format.CloseableIterator;
import dev.strata.format.LocalStorage;
import dev.strata.format.StoragePaths;
import dev.strata.format.parquet.DataFileInfo;
import dev.strata.format.parquet.ParquetDataReader;
import dev.strata.format.parquet.ParquetDataWriter;
import dev.strata.format.parquet.ParquetWriteOptions;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.BytesVector;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.format.vector.DecimalVector;
import dev.strata.format.vector.IntVector;
import dev.strata.format.vector.LongVector;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/**
 * Strata's Parquet writer and reader against parquet-avro on the orders schema of
 * shared/bench/WORKLOAD.md, same data, same codec (snappy), in one JVM.
 *
 * <p>Usage: {@code FormatBenchmark [rows]} (default 5,000,000). Prints rows/s (wall and per
 * CPU-second of the benchmark thread, since the machine's cores are shared) and the ratios.
 */
public final class FormatBenchmark {
  static final StructType ORDERS =
      StructType.of(
          StructField.of("order_id", PrimitiveType.LONG),
          StructField.of("customer_id", PrimitiveType.LONG),
          StructField.of("product_id", PrimitiveType.STRING),
          StructField.of("quantity", PrimitiveType.INTEGER),
          StructField.of("price", new DecimalType(10, 2)),
          StructField.of("order_ts", PrimitiveType.TIMESTAMP),
          StructField.of("order_date", PrimitiveType.DATE),
          StructField.of("status", PrimitiveType.STRING),
          StructField.of("comment", PrimitiveType.STRING));

  static final String[] STATUSES = {"NEW", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"};
  static final String[] WORDS =
      ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november"
              + " oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu red"
              + " green blue amber black white grey pink gold silver copper iron steel stone wood"
              + " glass paper cloth box crate pallet parcel letter gift fast slow early late urgent")
          .split(" ");

  private static final int BATCH = ColumnBatch.DEFAULT_ROWS;
  private static final int DISTINCT_BATCHES = 256; // ~1M distinct rows, reused cyclically

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private FormatBenchmark() {}

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 5_000_000L;
    Path dir = Files.createTempDirectory("strata-format-bench");
    try {
      List<ColumnBatch> batches = synthesize();
      Schema avroSchema = avroSchema();
      System.out.printf(Locale.ROOT, "Orders rows: %,d (snappy), warming up...%n", rows);
      long warm = Math.min(rows, 600_000);
      writeStrata(dir.resolve("warm-s.parquet"), batches, warm);
      writeAvro(dir.resolve("warm-a.parquet"), batches, avroSchema, warm);
      readStrata(dir.resolve("warm-s.parquet"));
      readAvro(dir.resolve("warm-a.parquet"));

      Path strataFile = dir.resolve("strata.parquet");
      Path avroFile = dir.resolve("avro.parquet");
      Result ws = time(() -> writeStrata(strataFile, batches, rows));
      Result wa = time(() -> writeAvro(avroFile, batches, avroSchema, rows));
      Result rs = time(() -> readStrata(strataFile));
      Result ra = time(() -> readAvro(avroFile));
      if (rs.rows != rows || ra.rows != rows) {
        throw new IllegalStateException("read back " + rs.rows + " / " + ra.rows + " rows");
      }
      System.out.printf(
          Locale.ROOT,
          "write  strata %s  (%,d bytes)%n       avro   %s  (%,d bytes)%n",
          ws.format(rows),
          Files.size(strataFile),
          wa.format(rows),
          Files.size(avroFile));
      System.out.printf(
          Locale.ROOT, "read   strata %s%n       avro   %s%n", rs.format(rows), ra.format(rows));
      System.out.printf(
          Locale.ROOT,
          "ratio  write %.2fx wall, %.2fx cpu (goal >= 1.3x); read %.2fx wall, %.2fx cpu (goal >= 2x)%n",
          wa.wallNanos / (double) ws.wallNanos,
          wa.cpuNanos / (double) ws.cpuNanos,
          ra.wallNanos / (double) rs.wallNanos,
          ra.cpuNanos / (double) rs.cpuNanos);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  interface Body {
    long run() throws Exception;
  }

  record Result(long rows, long wallNanos, long cpuNanos) {
    String format(long n) {
      return String.format(
          Locale.ROOT,
          "%,12.0f rows/s wall  %,12.0f rows/cpu-s  (%.2f s)",
          n / (wallNanos / 1e9),
          n / (cpuNanos / 1e9),
          wallNanos / 1e9);
    }
  }

  static Result time(Body body) throws Exception {
    System.gc();
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    long rows = body.run();
    return new Result(rows, System.nanoTime() - t0, THREADS.getCurrentThreadCpuTime() - cpu0);
  }

  /** Deterministic orders rows shaped like gen_orders.py output. */
  static List<ColumnBatch> synthesize() {
    SplittableRandom random = new SplittableRandom(42);
    List<ColumnBatch> batches = new ArrayList<>();
    long orderId = 1;
    int day0 = (int) LocalDate.of(2024, 1, 1).toEpochDay();
    for (int b = 0; b < DISTINCT_BATCHES; b++) {
      ColumnVector[] v = new ColumnVector[ORDERS.size()];
      for (int c = 0; c < v.length; c++) {
        v[c] = ColumnVector.allocate(ORDERS.field(c).type(), BATCH);
      }
      for (int i = 0; i < BATCH; i++) {
        int day = random.nextInt(30);
        ((LongVector) v[0]).appendLong(orderId++);
        ((LongVector) v[1]).appendLong(1 + random.nextInt(200_000));
        ((BytesVector) v[2])
            .appendString(String.format(Locale.ROOT, "P%04d", 1 + random.nextInt(1000)));
        ((IntVector) v[3]).appendInt(1 + random.nextInt(10));
        ((DecimalVector) v[4]).appendUnscaledLong(100 + random.nextInt(49_901));
        ((LongVector) v[5])
            .appendLong(((day0 + day) * 86_400L + random.nextInt(79_200)) * 1_000_000L);
        ((IntVector) v[6]).appendInt(day0 + day);
        ((BytesVector) v[7]).appendString(STATUSES[random.nextInt(STATUSES.length)]);
        StringBuilder comment = new StringBuilder();
        for (int w = 0; w < 5; w++) {
          if (w > 0) {
            comment.append(' ');
          }
          comment.append(WORDS[random.nextInt(WORDS.length)]);
        }
        ((BytesVector) v[8]).appendString(comment.toString());
      }
      batches.add(new ColumnBatch(ORDERS, v, BATCH));
    }
    return batches;
  }

  static long writeStrata(Path file, List<ColumnBatch> batches, long rows) {
    LocalStorage storage = new LocalStorage();
    ParquetDataWriter writer =
        ParquetDataWriter.open(
            storage,
            StoragePaths.normalize(file.toString()),
            ORDERS,
            ParquetWriteOptions.defaults());
    long left = rows;
    for (int b = 0; left > 0; b++) {
      ColumnBatch batch = batches.get(b % batches.size());
      if (left < batch.numRows()) {
        batch = batch.slice(0, (int) left);
      }
      writer.write(batch);
      left -= batch.numRows();
    }
    DataFileInfo info = writer.close();
    return info.numRecords();
  }

  static long readStrata(Path file) {
    LocalStorage storage = new LocalStorage();
    long rows = 0;
    long checksum = 0;
    try (CloseableIterator<ColumnBatch> it =
        ParquetDataReader.open(storage, StoragePaths.normalize(file.toString()), ORDERS, null)) {
      while (it.hasNext()) {
        ColumnBatch batch = it.next();
        rows += batch.numRows();
        checksum += ((LongVector) batch.column(0)).getLong(batch.numRows() - 1);
      }
    }
    if (checksum == 42) {
      System.out.print("");
    }
    return rows;
  }

  /** Hadoop's local file system without .crc side files, so both sides write the same bytes. */
  static Configuration rawLocal() {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
    conf.setBoolean("fs.file.impl.disable.cache", true);
    return conf;
  }

  static Schema avroSchema() {
    Schema decimal = LogicalTypes.decimal(10, 2).addToSchema(Schema.create(Schema.Type.BYTES));
    Schema ts = LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
    Schema date = LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
    return SchemaBuilder.record("orders")
        .fields()
        .name("order_id")
        .type()
        .optional()
        .longType()
        .name("customer_id")
        .type()
        .optional()
        .longType()
        .name("product_id")
        .type()
        .optional()
        .stringType()
        .name("quantity")
        .type()
        .optional()
        .intType()
        .name("price")
        .type(Schema.createUnion(Schema.create(Schema.Type.NULL), decimal))
        .withDefault(null)
        .name("order_ts")
        .type(Schema.createUnion(Schema.create(Schema.Type.NULL), ts))
        .withDefault(null)
        .name("order_date")
        .type(Schema.createUnion(Schema.create(Schema.Type.NULL), date))
        .withDefault(null)
        .name("status")
        .type()
        .optional()
        .stringType()
        .name("comment")
        .type()
        .optional()
        .stringType()
        .endRecord();
  }

  static long writeAvro(Path file, List<ColumnBatch> batches, Schema schema, long rows)
      throws IOException {
    Configuration conf = rawLocal();
    long written = 0;
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(
                HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf))
            .withSchema(schema)
            .withConf(conf)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .build()) {
      GenericData.Record record = new GenericData.Record(schema);
      for (int b = 0; written < rows; b++) {
        ColumnBatch batch = batches.get(b % batches.size());
        LongVector id = (LongVector) batch.column(0);
        LongVector customer = (LongVector) batch.column(1);
        BytesVector product = (BytesVector) batch.column(2);
        IntVector quantity = (IntVector) batch.column(3);
        DecimalVector price = (DecimalVector) batch.column(4);
        LongVector ts = (LongVector) batch.column(5);
        IntVector date = (IntVector) batch.column(6);
        BytesVector status = (BytesVector) batch.column(7);
        BytesVector comment = (BytesVector) batch.column(8);
        for (int i = 0; i < batch.numRows() && written < rows; i++, written++) {
          record.put(0, id.getLong(i));
          record.put(1, customer.getLong(i));
          record.put(2, new Utf8(product.getBytes(i)));
          record.put(3, quantity.getInt(i));
          record.put(
              4, ByteBuffer.wrap(BigInteger.valueOf(price.getUnscaledLong(i)).toByteArray()));
          record.put(5, ts.getLong(i));
          record.put(6, date.getInt(i));
          record.put(7, new Utf8(status.getBytes(i)));
          record.put(8, new Utf8(comment.getBytes(i)));
          writer.write(record);
        }
      }
    }
    return written;
  }

  static long readAvro(Path file) throws IOException {
    Configuration conf = rawLocal();
    long rows = 0;
    long checksum = 0;
    try (ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(
                HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf))
            .withConf(conf)
            .build()) {
      GenericRecord r;
      while ((r = reader.read()) != null) {
        rows++;
        checksum += (Long) r.get(0);
      }
    }
    if (checksum == 42) {
      System.out.print(StandardCharsets.UTF_8.name());
    }
    return rows;
  }
}
