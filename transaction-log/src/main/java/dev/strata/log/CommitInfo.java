package dev.strata.log;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code commitInfo} action: who committed what. Free-form in the protocol; Strata reads the
 * fields Delta writers use and ignores the rest. Every field may be null in logs written by other
 * engines.
 *
 * @param timestamp epoch milliseconds the writer recorded
 * @param operation {@code WRITE}, {@code DELETE}, {@code MERGE}, {@code OPTIMIZE}, ...
 * @param operationParameters parameter values are any JSON value (strings, numbers, lists, maps)
 * @param operationMetrics metric values as strings
 * @param readVersion the version the transaction read, null for a new table
 * @param isolationLevel {@code Serializable} or {@code WriteSerializable}
 * @param isBlindAppend true when the commit only added files without reading the table
 * @param engineInfo {@code Strata/<version>} for Strata commits
 * @param userMetadata free text the user attached
 * @param txnId unique id of the committing transaction
 * @param inCommitTimestamp only with the {@code inCommitTimestamp} feature
 */
public record CommitInfo(
    Long timestamp,
    String operation,
    Map<String, Object> operationParameters,
    Map<String, String> operationMetrics,
    Long readVersion,
    String isolationLevel,
    Boolean isBlindAppend,
    String engineInfo,
    String userMetadata,
    String txnId,
    Long inCommitTimestamp)
    implements Action {

  public CommitInfo {
    operationParameters =
        operationParameters == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(operationParameters));
    operationMetrics =
        operationMetrics == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(operationMetrics));
  }
}
