package dev.strata.conformance.s3;

import dev.strata.format.s3.S3Storage;
import dev.strata.format.s3.S3StorageConfig;
import dev.strata.log.CommitResult;
import dev.strata.log.DeltaLog;
import dev.strata.log.Operation;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A separate writer process for the S3 commit race: commits blind appends of one file each to a
 * table on an S3 endpoint and prints {@code committed <version> <path>} per commit.
 *
 * <p>Arguments: endpoint, access key, secret key, table URI, writer name, number of commits.
 */
public final class S3CommitWorker {
  private S3CommitWorker() {}

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    String table = args[3];
    String writer = args[4];
    int commits = Integer.parseInt(args[5]);
    S3StorageConfig config =
        S3StorageConfig.builder()
            .endpoint(endpoint)
            .region("us-east-1")
            .pathStyleAccess()
            .credentials(args[1], args[2])
            .build();
    try (S3Storage storage = S3Storage.create(config)) {
      DeltaLog log = DeltaLog.forTable(storage, table);
      System.out.println("ready");
      System.out.flush();
      // Start together with the other writers: the parent sends a line when all are ready.
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      for (int i = 0; i < commits; i++) {
        String path = S3CommitRace.fileName(writer, i);
        CommitResult result =
            log.startTransaction().commit(List.of(S3CommitRace.add(path)), Operation.of("WRITE"));
        System.out.println("committed " + result.version() + " " + path);
        System.out.flush();
      }
    }
    System.exit(0);
  }
}
