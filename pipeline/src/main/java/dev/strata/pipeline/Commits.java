package dev.strata.pipeline;

import dev.strata.format.Storage;
import dev.strata.format.StoragePaths;
import dev.strata.format.Storages;
import dev.strata.log.Action;
import dev.strata.log.Actions;
import dev.strata.log.AddFile;
import dev.strata.log.CommitEntry;
import dev.strata.log.CommitInfo;
import dev.strata.log.DeltaLog;
import dev.strata.log.RemoveFile;
import dev.strata.log.SetTransaction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** Reads what the pipeline needs from target tables' logs: txn versions and commit details. */
final class Commits {
  /** Commits searched, newest first, for the one that carried a step's txn. */
  private static final int TXN_SEARCH_DEPTH = 200;

  /** What one commit did. */
  record Details(
      long version,
      long filesAdded,
      long bytesAdded,
      long filesRemoved,
      long bytesRemoved,
      Map<String, Object> commitInfo,
      String commitInfoJson) {

    long rowsWritten() {
      Object metrics = commitInfo.get("operationMetrics");
      if (metrics instanceof Map<?, ?> m) {
        for (String k : new String[] {"numOutputRows", "numTargetRowsInserted"}) {
          Object v = m.get(k);
          if (v != null) {
            try {
              long rows = Long.parseLong(v.toString());
              if (k.equals("numTargetRowsInserted")) {
                Object upd = m.get("numTargetRowsUpdated");
                rows += upd == null ? 0 : Long.parseLong(upd.toString());
              }
              return rows;
            } catch (NumberFormatException e) {
              return 0;
            }
          }
        }
      }
      return 0;
    }
  }

  private Commits() {}

  /** A {@link Planner.TxnSource} that reads each target's latest snapshot once. */
  static Planner.TxnSource txnSource(Map<String, String> targetOfStep) {
    Map<String, Map<String, SetTransaction>> cache = new ConcurrentHashMap<>();
    return (step, appId) -> {
      String target = targetOfStep.get(step);
      Map<String, SetTransaction> txns =
          cache.computeIfAbsent(
              target,
              t -> {
                DeltaLog log = DeltaLog.forTable(t);
                return log.tableExists() ? log.latestSnapshot().transactions() : Map.of();
              });
      SetTransaction txn = txns.get(appId);
      return txn == null ? OptionalLong.empty() : OptionalLong.of(txn.version());
    };
  }

  /** The latest txn version of {@code appId} in a table, empty when none or no table. */
  static OptionalLong txnVersion(String table, String appId) {
    DeltaLog log = DeltaLog.forTable(table);
    if (!log.tableExists()) {
      return OptionalLong.empty();
    }
    return log.latestSnapshot().txnVersion(appId);
  }

  /** The commit of {@code table} that carried {@code txn(appId, version)}, if it is recent. */
  static Optional<Details> findTxnCommit(String table, String appId, long version) {
    DeltaLog log = DeltaLog.forTable(table);
    if (!log.tableExists()) {
      return Optional.empty();
    }
    for (CommitEntry e : log.history(TXN_SEARCH_DEPTH)) {
      for (SetTransaction t : e.txns()) {
        if (t.appId().equals(appId) && t.version() == version) {
          return Optional.of(details(table, e.version()));
        }
      }
    }
    return Optional.empty();
  }

  /** Files, bytes and commitInfo of one commit, read from its commit file. */
  static Details details(String table, long version) {
    String path =
        StoragePaths.join(
            StoragePaths.normalize(table), "_delta_log/" + String.format("%020d.json", version));
    Storage storage = Storages.forPath(path);
    String text = new String(storage.read(path), StandardCharsets.UTF_8);
    long fa = 0;
    long ba = 0;
    long fr = 0;
    long br = 0;
    CommitInfo info = null;
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      Action a;
      try {
        a = Actions.fromJson(line);
      } catch (RuntimeException e) {
        continue;
      }
      if (a instanceof AddFile add) {
        fa++;
        ba += add.size();
      } else if (a instanceof RemoveFile rm) {
        fr++;
        br += rm.size() == null ? 0 : rm.size();
      } else if (a instanceof CommitInfo ci) {
        info = ci;
      }
    }
    return new Details(
        version, fa, ba, fr, br, toMap(info), info == null ? "" : Actions.toJson(info));
  }

  static Map<String, Object> toMap(CommitInfo c) {
    if (c == null) {
      return Map.of();
    }
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "timestamp", c.timestamp());
    put(m, "operation", c.operation());
    put(m, "operationParameters", new HashMap<>(c.operationParameters()));
    put(m, "operationMetrics", new HashMap<>(c.operationMetrics()));
    put(m, "readVersion", c.readVersion());
    put(m, "isolationLevel", c.isolationLevel());
    put(m, "isBlindAppend", c.isBlindAppend());
    put(m, "engineInfo", c.engineInfo());
    put(m, "userMetadata", c.userMetadata());
    put(m, "txnId", c.txnId());
    return m;
  }

  private static void put(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }
}
