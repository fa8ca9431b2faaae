package dev.strata.conformance.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.DataReader;
import dev.strata.engine.Strata;
import dev.strata.log.DeltaLog;
import java.util.List;

/** What the Spark conformance tests share: comparing one table as Spark and Strata read it. */
final class SparkTables {
  private SparkTables() {}

  /** The SQL identifier of the Delta table at {@code path}. */
  static String delta(String path) {
    return "delta.`" + path + "`";
  }

  /** Spark's rows of the table, latest or at {@code version}. */
  static List<String> sparkRows(SparkPeer spark, String path, Long version) {
    return spark.rows(
        "SELECT * FROM " + delta(path) + (version == null ? "" : " VERSION AS OF " + version));
  }

  /** Strata's rows of the table, latest or at {@code version}, in Spark's canonical form. */
  static List<String> strataRows(Strata strata, String path, Long version) {
    DataReader reader = strata.read();
    if (version != null) {
      reader = reader.versionAsOf(version);
    }
    return reader.table(path).collect().stream().map(Canonical::row).toList();
  }

  /** The latest version in the table's log, as Strata's log reads it. */
  static long latestVersion(String path) {
    return DeltaLog.forTable(path).latestSnapshot().version();
  }

  /**
   * Spark and Strata read the same multiset of rows (latest or at {@code version}); returns them.
   */
  static List<String> assertSameRows(SparkPeer spark, Strata strata, String path, Long version) {
    List<String> viaStrata = strataRows(strata, path, version);
    List<String> viaSpark = sparkRows(spark, path, version);
    assertThat(viaSpark)
        .as(
            "rows Spark reads vs rows Strata reads of %s at %s",
            path, version == null ? "latest" : "v" + version)
        .containsExactlyInAnyOrderElementsOf(viaStrata);
    return viaStrata;
  }

  /** Every version from {@code from} to the latest reads the same through Spark and Strata. */
  static void assertSameAtEveryVersion(SparkPeer spark, Strata strata, String path, long from) {
    long latest = latestVersion(path);
    for (long v = from; v <= latest; v++) {
      assertSameRows(spark, strata, path, v);
    }
  }
}
