package dev.strata.pipeline.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Objects;

/**
 * What one (step, partition) committed to its target table.
 *
 * @param tablePath the table's location (a storage path such as {@code file:/data/silver/orders})
 * @param version the log version committed
 * @param filesAdded number of {@code add} actions
 * @param bytesAdded sum of their sizes
 * @param filesRemoved number of {@code remove} actions
 * @param bytesRemoved sum of their sizes, where known (0 otherwise)
 * @param commitInfoJson the commit's {@code commitInfo} action as JSON text, shown verbatim (as
 *     text, never as links)
 */
public record TableChange(
    String tablePath,
    long version,
    long filesAdded,
    long bytesAdded,
    long filesRemoved,
    long bytesRemoved,
    String commitInfoJson) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public TableChange {
    Objects.requireNonNull(tablePath, "tablePath");
    commitInfoJson = commitInfoJson == null ? "" : commitInfoJson;
  }

  /**
   * A change described by its commit's {@code commitInfo}: file and byte counts come from its
   * {@code operationMetrics} (Delta's names: {@code numFiles} or {@code numAddedFiles} or {@code
   * numTargetFilesAdded}, {@code numOutputBytes} or {@code numAddedBytes}, {@code numRemovedFiles}
   * or {@code numTargetFilesRemoved}, {@code numRemovedBytes}); a count the commit does not report
   * is 0.
   *
   * @param commitInfoJson the {@code commitInfo} object, or the whole action {@code
   *     {"commitInfo":{...}}}
   */
  public static TableChange fromCommitInfo(String tablePath, long version, String commitInfoJson) {
    JsonNode info;
    try {
      info = commitInfoJson == null ? null : MAPPER.readTree(commitInfoJson);
    } catch (JsonProcessingException e) {
      info = null;
    }
    if (info != null && info.has("commitInfo")) {
      info = info.get("commitInfo");
    }
    JsonNode m = info == null ? MAPPER.missingNode() : info.path("operationMetrics");
    return new TableChange(
        tablePath,
        version,
        metric(m, "numFiles", "numAddedFiles", "numTargetFilesAdded"),
        metric(m, "numOutputBytes", "numAddedBytes", "numTargetBytesAdded"),
        metric(m, "numRemovedFiles", "numTargetFilesRemoved"),
        metric(m, "numRemovedBytes", "numTargetBytesRemoved"),
        commitInfoJson);
  }

  /** Like {@link #fromCommitInfo(String, long, String)} for a commitInfo held as a map. */
  public static TableChange fromCommitInfo(
      String tablePath, long version, Map<String, ?> commitInfo) {
    try {
      return fromCommitInfo(tablePath, version, MAPPER.writeValueAsString(commitInfo));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("commitInfo is not JSON-serializable: " + e, e);
    }
  }

  // Delta writes metric values as strings; accept numbers too.
  private static long metric(JsonNode metrics, String... names) {
    for (String name : names) {
      JsonNode v = metrics.get(name);
      if (v != null && !v.isNull()) {
        try {
          return v.isNumber() ? v.asLong() : Long.parseLong(v.asText().trim());
        } catch (NumberFormatException e) {
          // not a count: try the next name
        }
      }
    }
    return 0;
  }
}
