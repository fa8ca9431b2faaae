package dev.strata.conformance.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.format.FileStatus;
import dev.strata.format.StrataException;
import dev.strata.format.s3.S3Storage;
import dev.strata.format.testing.S3ProxyFixture;
import dev.strata.log.AddFile;
import dev.strata.log.CommitResult;
import dev.strata.log.DeltaLog;
import dev.strata.log.Operation;
import dev.strata.log.Snapshot;
import dev.strata.log.testing.TestTables;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The log on {@code s3://} under hostile conditions: a 503 storm while the post-commit checkpoint
 * is written, the lost answer to a commit PUT, wrong credentials.
 */
class S3HostileLogTest {
  @RegisterExtension static final S3ProxyFixture S3 = S3ProxyFixture.shared();

  @AfterEach
  void heal() {
    S3.healFaults();
  }

  private static AddFile file(String name) {
    return AddFile.of(name, Map.of("part", "a"), 1, 1, null);
  }

  private static List<String> logNames(S3Storage s3, String table) {
    return s3.list(table + "/_delta_log", null).stream().map(FileStatus::name).toList();
  }

  @Test
  void throttlingStormDuringTheCheckpointKeepsTheCommitAndTheTableReadable() {
    String table = "s3://" + S3.createBucket() + "/t";
    try (S3Storage s3 = S3.newStorage()) {
      DeltaLog log = TestTables.at(table).storage(s3).commits(9).create();
      S3.failPutsBeforeWriting(k -> k.contains(".checkpoint."), 1000, 503);
      CommitResult r = log.startTransaction().commit(List.of(file("x")), Operation.of("WRITE"));
      assertThat(r.version()).isEqualTo(10);
      assertThat(r.checkpointWritten()).isFalse();
      assertThat(logNames(s3, table))
          .noneMatch(n -> n.contains("checkpoint"))
          .contains("00000000000000000010.json");
      assertThat(S3.incompleteUploads(table.substring(5, table.indexOf('/', 5)))).isEmpty();
      Snapshot fresh = DeltaLog.forTable(s3, table).latestSnapshot();
      assertThat(fresh.version()).isEqualTo(10);
      assertThat(fresh.numFiles()).isEqualTo(10);

      S3.healFaults();
      log.checkpoint(log.latestSnapshot());
      assertThat(DeltaLog.forTable(s3, table).latestSnapshot().lastCheckpointVersion())
          .hasValue(10);
    }
  }

  @Test
  void lostAnswerToTheCommitPutCommitsExactlyOnce() {
    String table = "s3://" + S3.createBucket() + "/t";
    try (S3Storage s3 = S3.newStorage()) {
      DeltaLog log = TestTables.at(table).storage(s3).commits(2).create();
      S3.failPutsAfterWriting(k -> k.endsWith("00000000000000000003.json"), 1);
      CommitResult r = log.startTransaction().commit(List.of(file("y")), Operation.of("WRITE"));
      assertThat(r.version()).isEqualTo(3);
      Snapshot fresh = DeltaLog.forTable(s3, table).latestSnapshot();
      assertThat(fresh.version()).isEqualTo(3);
      assertThat(fresh.allFiles()).extracting(AddFile::path).containsOnlyOnce("y");
      assertThat(logNames(s3, table)).filteredOn(n -> n.endsWith(".json")).hasSize(4);
    }
  }

  @Test
  void wrongCredentialsAreAClearErrorAndWriteNothing() {
    String bucket = S3.createBucket();
    String table = "s3://" + bucket + "/t";
    try (S3Storage wrong =
            S3Storage.create(S3.configBuilder().credentials("nobody", "wrong-secret").build());
        S3Storage s3 = S3.newStorage()) {
      assertThatThrownBy(() -> TestTables.at(table).storage(wrong).commits(1).create())
          .isInstanceOf(StrataException.class)
          .hasMessageContaining("Access denied")
          .hasMessageContaining(bucket);
      assertThat(s3.listRecursively(table)).isEmpty();
    }
  }
}
