package dev.strata.conformance.s3;

import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.log.AddFile;
import dev.strata.log.DeltaLog;
import dev.strata.log.Metadata;
import dev.strata.log.Operation;
import java.util.List;
import java.util.Map;

/** What the S3 commit-race writers share: the table they create and the files they add. */
final class S3CommitRace {
  static final StructType SCHEMA =
      new StructType(
          List.of(
              new StructField("id", PrimitiveType.LONG, true, Map.of()),
              new StructField("writer", PrimitiveType.STRING, true, Map.of())));

  private S3CommitRace() {}

  static String fileName(String writer, int commit) {
    return "part-" + writer + "-" + String.format("%04d", commit) + ".snappy.parquet";
  }

  static AddFile add(String path) {
    return AddFile.of(path, Map.of(), 1_000, System.currentTimeMillis(), null);
  }

  static void createTable(DeltaLog log) {
    log.startTransaction()
        .updateMetadata(Metadata.create(SCHEMA, List.of(), Map.of()))
        .commit(List.of(), Operation.of("CREATE TABLE"));
  }
}
