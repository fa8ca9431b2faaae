package dev.strata.conformance.writer;

import dev.strata.engine.SaveMode;
import dev.strata.engine.Strata;
import dev.strata.format.Row;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import java.util.ArrayList;
import java.util.List;

/**
 * The writer process the crash test kills: idempotent appends {@code 1..writes} of {@code rows}
 * rows each into a partitioned table, printing {@code DONE k} after write {@code k} committed.
 *
 * <p>Arguments: table, writes, rows.
 */
public final class CrashWriterMain {
  static final String APP_ID = "crash-test";

  static final StructType SCHEMA =
      StructType.of(
          StructField.of("id", PrimitiveType.LONG),
          StructField.of("batch", PrimitiveType.INTEGER),
          StructField.of("part", PrimitiveType.STRING),
          StructField.of("payload", PrimitiveType.STRING));

  private CrashWriterMain() {}

  public static void main(String[] args) {
    String table = args[0];
    int writes = Integer.parseInt(args[1]);
    int rows = Integer.parseInt(args[2]);
    System.out.println("START");
    System.out.flush();
    try (Strata strata = Strata.builder().parallelism(2).build()) {
      writeAll(
          strata,
          table,
          writes,
          rows,
          k -> {
            System.out.println("DONE " + k);
            System.out.flush();
          });
    }
    System.exit(0);
  }

  /** Writes batches 1..writes, each idempotent with (APP_ID, k). */
  static void writeAll(
      Strata strata, String table, int writes, int rows, java.util.function.IntConsumer done) {
    for (int k = 1; k <= writes; k++) {
      if (done != NO_PROGRESS) {
        System.out.println("BEGIN " + k);
        System.out.flush();
      }
      strata
          .createDataset(batch(k, rows), SCHEMA)
          .write()
          .mode(SaveMode.APPEND)
          .partitionBy("part")
          .targetFileSize(4096)
          .idempotent(APP_ID, k)
          .save(table);
      done.accept(k);
    }
  }

  /** A progress callback that prints nothing. */
  static final java.util.function.IntConsumer NO_PROGRESS = k -> {};

  static List<Row> batch(int k, int rows) {
    List<Row> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      out.add(Row.of(k * 1_000_000L + i, k, "p" + (i % 3), "payload-" + k + "-" + i));
    }
    return out;
  }
}
