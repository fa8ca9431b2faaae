package dev.strata.writer.internal;

import dev.strata.log.CommitResult;
import dev.strata.log.DeltaLog;
import dev.strata.log.Metadata;
import dev.strata.log.Operation;
import dev.strata.log.OptimisticTransaction;
import dev.strata.log.Protocol;
import dev.strata.log.Snapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ALTER TABLE SET TBLPROPERTIES}: one metadata-only commit. A property that turns on a table
 * feature ({@code delta.enableDeletionVectors=true}) upgrades the protocol in the same commit; one
 * that needs a feature Strata cannot write is refused by the log before anything is written.
 */
public final class PropertiesJob {
  private final DeltaLog log;

  public PropertiesJob(DeltaLog log) {
    this.log = log;
  }

  /**
   * What the commit did: its version (-1 when every property already had its value) and the
   * protocol before and after.
   */
  public record Outcome(long version, Protocol before, Protocol after) {}

  /** Sets {@code properties}; keys and values as Delta stores them. */
  public Outcome set(Map<String, String> properties, String userMetadata) {
    if (properties.isEmpty()) {
      throw new IllegalArgumentException("No property to set");
    }
    Snapshot snapshot = log.latestSnapshot();
    Metadata current = snapshot.metadata();
    Map<String, String> configuration = new LinkedHashMap<>(current.configuration());
    boolean changes = false;
    for (Map.Entry<String, String> e : properties.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
        throw new IllegalArgumentException("Property " + e + " needs a key and a value");
      }
      changes |= !e.getValue().equals(configuration.put(e.getKey(), e.getValue()));
    }
    if (!changes) {
      return new Outcome(-1, snapshot.protocol(), snapshot.protocol());
    }
    OptimisticTransaction txn = log.startTransaction(snapshot);
    txn.updateMetadata(current.withConfiguration(configuration));
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("properties", json(properties));
    CommitResult result =
        txn.commit(
            List.of(), new Operation("SET TBLPROPERTIES", parameters, Map.of(), userMetadata));
    Protocol after = log.snapshotAt(result.version()).protocol();
    return new Outcome(result.version(), snapshot.protocol(), after);
  }

  private static String json(Map<String, String> properties) {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, String> e : properties.entrySet()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append('"').append(escape(e.getKey())).append("\":\"").append(escape(e.getValue()));
      sb.append('"');
    }
    return sb.append('}').toString();
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
