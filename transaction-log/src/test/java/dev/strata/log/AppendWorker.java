package dev.strata.log;

import java.util.List;
import java.util.Map;

/** A separate JVM that appends one log-only file per commit; used by the multi-process test. */
public final class AppendWorker {
  private AppendWorker() {}

  public static void main(String[] args) {
    String table = args[0];
    String worker = args[1];
    int commits = Integer.parseInt(args[2]);
    DeltaLog log = DeltaLog.forTable(table);
    int retries = 0;
    for (int i = 0; i < commits; i++) {
      AddFile add =
          AddFile.of(
              "part=" + worker + "/" + worker + "-" + i + ".parquet",
              Map.of("part", worker),
              1,
              1,
              "{\"numRecords\":1}");
      CommitResult r = log.startTransaction().commit(List.of(add), Operation.of("WRITE"));
      retries += r.attempts() - 1;
    }
    System.out.println("done " + worker + " retries=" + retries);
  }
}
