package dev.strata.cli.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.cli.CliRunner;
import dev.strata.cli.Json;
import dev.strata.format.Row;
import dev.strata.format.Storages;
import dev.strata.format.testing.S3ProxyFixture;
import dev.strata.maintenance.testing.TestTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The global --s3-* options reach every command: a table on an in-process S3 server. */
class S3CommandsTest {

  @Test
  void describeOptimizeVacuumOnS3() throws Exception {
    S3ProxyFixture s3 = S3ProxyFixture.shared();
    String table = "s3://" + s3.createBucket() + "/tables/orders";
    TestTable t =
        TestTable.create(
            Storages.forPath(table, s3.properties()),
            table,
            MaintenanceCommandsTest.SCHEMA,
            List.of("part"),
            Map.of());
    for (int c = 0; c < 4; c++) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        rows.add(Row.of((long) (c * 5 + i), "v", "a"));
      }
      t.append(rows);
    }
    String[] s3Options = {
      "--s3-endpoint",
      s3.endpoint().toString(),
      "--s3-region",
      "us-east-1",
      "--s3-path-style",
      "--s3-access-key",
      S3ProxyFixture.ACCESS_KEY,
      "--s3-secret-key",
      S3ProxyFixture.SECRET_KEY
    };

    JsonNode detail = Json.MAPPER.readTree(run("describe", table, "--format", "json", s3Options));
    assertThat(detail.get("numFiles").asLong()).isEqualTo(4);
    assertThat(run("optimize", table, null, null, s3Options)).contains("Committed version 5");
    assertThat(run("count", table, null, null, s3Options)).isEqualTo("20\n");
    String vacuum =
        run(
            "vacuum",
            table,
            "--retain",
            "0h",
            concat(s3Options, "--unsafe-allow-short-retention", "--dry-run"));
    assertThat(vacuum).contains("removed by the log: 4 files", "DRY RUN");
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static String run(String command, String table, String opt, String value, String[] s3) {
    List<String> args = new ArrayList<>(List.of(command, table));
    if (opt != null) {
      args.add(opt);
      args.add(value);
    }
    args.addAll(List.of(s3));
    CliRunner.Result result = CliRunner.run(args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result.out();
  }
}
