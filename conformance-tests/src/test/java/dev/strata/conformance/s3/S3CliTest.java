package dev.strata.conformance.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.cli.StrataCli;
import dev.strata.format.s3.S3Storage;
import dev.strata.format.testing.S3ProxyFixture;
import dev.strata.log.DeltaLog;
import dev.strata.log.Operation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code strata} command on {@code s3://} tables with the endpoint and keys given as options,
 * and the one clear error it prints for wrong keys or an unreachable endpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3CliTest {
  @RegisterExtension static final S3ProxyFixture S3 = S3ProxyFixture.shared();

  private String bucket;
  private String table;

  @BeforeAll
  void createTable() {
    bucket = S3.createBucket();
    table = "s3://" + bucket + "/tables/events";
    try (S3Storage s3 = S3.newStorage()) {
      DeltaLog log = DeltaLog.forTable(s3, table);
      S3CommitRace.createTable(log);
      for (int i = 0; i < 3; i++) {
        log.startTransaction()
            .commit(
                List.of(S3CommitRace.add(S3CommitRace.fileName("cli", i))), Operation.of("WRITE"));
      }
    }
  }

  private record Result(int code, String out, String err) {}

  private static Result strata(String endpoint, String secret, String... command) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--s3-endpoint",
                endpoint,
                "--s3-region",
                "us-east-1",
                "--s3-path-style",
                "--s3-access-key",
                S3ProxyFixture.ACCESS_KEY,
                "--s3-secret-key",
                secret));
    args.addAll(List.of(command));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        StrataCli.execute(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void historyOfAnS3TableThroughTheCommand() {
    Result result = strata(S3.endpoint().toString(), S3ProxyFixture.SECRET_KEY, "history", table);
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).contains("WRITE").contains("CREATE TABLE");
  }

  @Test
  void wrongKeysGiveOneClearError() {
    Result result = strata(S3.endpoint().toString(), "wrong-secret", "history", table);
    assertThat(result.code()).isNotZero();
    assertThat(result.err())
        .contains("Access denied")
        .contains(bucket)
        .contains(S3.endpoint().toString());
  }

  @Test
  void unreachableEndpointGivesOneClearError() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + port;
    Result result = strata(endpoint, S3ProxyFixture.SECRET_KEY, "history", table);
    assertThat(result.code()).isNotZero();
    assertThat(result.err()).contains("Cannot reach S3 endpoint " + endpoint).contains(bucket);
  }
}
