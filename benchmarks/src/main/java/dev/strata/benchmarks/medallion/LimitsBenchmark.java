package dev.strata.benchmarks.medallion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The limits Strata's stages are compared with, measured in the same JVM and run: raw parquet-mr
 * writing the orders rows into one file on one thread (snappy), reading and splitting the CSV
 * alone, and sequential disk writes. Then the medallion workload runs once and each stage is
 * printed as a ratio to its limit.
 */
public final class LimitsBenchmark {
  private static final MessageType ORDERS =
      MessageTypeParser.parseMessageType(
          """
          message orders {
            required int64 order_id;
            required int64 customer_id;
            optional binary product_id (STRING);
            required int32 quantity;
            required int64 price (DECIMAL(10,2));
            required int64 order_ts (TIMESTAMP(MICROS,true));
            required int32 order_date (DATE);
            required binary status (STRING);
            required binary comment (STRING);
          }
          """);

  private LimitsBenchmark() {}

  /** Runs the limits; returns the exit code. */
  public static int run(String[] args) throws Exception {
    Map<String, String> options = MedallionBenchmark.parse(args);
    Path data = Path.of(options.getOrDefault("data", "."));
    Path scratch = Files.createTempDirectory("strata-limits");
    try {
      Map<String, Object> limits = new LinkedHashMap<>();
      // warm-up pass so the JIT has compiled the parsing and encoding loops
      csvRead(data);
      rawParquetWrite(data, scratch.resolve("warmup.parquet"));
      long csvMs = time(() -> csvRead(data));
      long rawMs = time(() -> rawParquetWrite(data, scratch.resolve("raw.parquet")));
      long rawBytes = Files.size(scratch.resolve("raw.parquet"));
      double diskMBs = diskWrite(scratch.resolve("disk.bin"), 512L * 1024 * 1024);
      limits.put("csvReadMs", csvMs);
      limits.put("rawParquetWriteMs", rawMs);
      limits.put("rawParquetBytes", rawBytes);
      limits.put("sequentialDiskWriteMBps", diskMBs);
      System.out.printf(
          "limits: csv read %d ms, raw parquet-mr write (1 thread, snappy) %d ms (%d bytes), disk %.0f MB/s%n",
          csvMs, rawMs, rawBytes, diskMBs);

      Path warehouse = scratch.resolve("warehouse");
      Path results = scratch.resolve("medallion.json");
      int exit =
          MedallionBenchmark.run(
              new String[] {
                "--data",
                data.toString(),
                "--warehouse",
                warehouse.toString(),
                "--out",
                results.toString()
              });
      Map<?, ?> medallion = new ObjectMapper().readValue(results.toFile(), Map.class);
      Map<?, ?> run = (Map<?, ?>) ((List<?>) medallion.get("runs")).get(0);
      Map<String, Object> ratios = new LinkedHashMap<>();
      for (Object o : (List<?>) run.get("stages")) {
        Map<?, ?> stage = (Map<?, ?>) o;
        String name = (String) stage.get("stage");
        long wall = ((Number) stage.get("wallMs")).longValue();
        long limit = name.equals("bronze") ? rawMs : csvMs;
        String against = name.equals("bronze") ? "raw parquet-mr write" : "CSV read";
        double ratio = (double) wall / Math.max(1, limit);
        ratios.put(name, Map.of("wallMs", wall, "limit", against, "ratio", ratio));
        System.out.printf("%-9s %7d ms = %.2f x %s%n", name, wall, ratio, against);
      }
      limits.put("stages", ratios);
      limits.put("correct", medallion.get("correct"));
      if (options.containsKey("out")) {
        Files.writeString(
            Path.of(options.get("out")),
            new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(limits));
      }
      return exit;
    } finally {
      MedallionBenchmark.deleteTree(scratch);
    }
  }

  private interface Work {
    void run() throws Exception;
  }

  private static long time(Work work) throws Exception {
    long t0 = System.nanoTime();
    work.run();
    return (System.nanoTime() - t0) / 1_000_000;
  }

  /** Reads orders.csv and splits every line: the floor of any CSV-reading stage. */
  static long csvRead(Path data) throws IOException {
    long fields = 0;
    try (BufferedReader reader =
        Files.newBufferedReader(data.resolve("orders.csv"), StandardCharsets.UTF_8)) {
      reader.readLine();
      String line;
      while ((line = reader.readLine()) != null) {
        fields += line.split(",", -1).length;
      }
    }
    return fields;
  }

  /** Writes every orders row into one Parquet file with parquet-mr's example writer. */
  static void rawParquetWrite(Path data, Path out) throws IOException {
    Files.deleteIfExists(out);
    SimpleGroupFactory groups = new SimpleGroupFactory(ORDERS);
    Configuration conf = new Configuration(false);
    try (ParquetWriter<Group> writer =
            ExampleParquetWriter.builder(new LocalOutputFile(out))
                .withType(ORDERS)
                .withConf(conf)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
        BufferedReader reader =
            Files.newBufferedReader(data.resolve("orders.csv"), StandardCharsets.UTF_8)) {
      reader.readLine();
      String line;
      while ((line = reader.readLine()) != null) {
        String[] f = line.split(",", -1);
        Group g = groups.newGroup();
        g.add("order_id", Long.parseLong(f[0]));
        g.add("customer_id", Long.parseLong(f[1]));
        if (!f[2].isEmpty()) {
          g.add("product_id", f[2]);
        }
        g.add("quantity", Integer.parseInt(f[3]));
        g.add("price", new BigDecimal(f[4]).movePointRight(2).longValueExact());
        LocalDateTime ts = LocalDateTime.parse(f[5]);
        g.add("order_ts", ts.toEpochSecond(ZoneOffset.UTC) * 1_000_000L);
        g.add("order_date", (int) LocalDate.parse(f[6]).toEpochDay());
        g.add("status", f[7]);
        g.add("comment", f[8]);
        writer.write(g);
      }
    }
  }

  /** Sequential write speed of the scratch disk, with a final fsync, in MB/s. */
  static double diskWrite(Path file, long bytes) throws IOException {
    ByteBuffer block = ByteBuffer.allocateDirect(4 * 1024 * 1024);
    long t0 = System.nanoTime();
    try (FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      for (long written = 0; written < bytes; written += block.capacity()) {
        block.clear();
        while (block.hasRemaining()) {
          channel.write(block);
        }
      }
      channel.force(true);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Files.deleteIfExists(file);
    return bytes / 1024.0 / 1024.0 / seconds;
  }
}
