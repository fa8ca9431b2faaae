package dev.strata.log.internal;

import dev.strata.log.CommitStateUnknownException;
import dev.strata.log.CorruptLogException;
import dev.strata.log.ProtocolNotSupportedException;
import dev.strata.log.TableNotFoundException;
import dev.strata.log.VersionNotFoundException;
import java.util.Collection;

/** Every error message of the log in one place: what happened, where, what to do. */
final class LogErrors {
  private LogErrors() {}

  static TableNotFoundException tableNotFound(String table) {
    return new TableNotFoundException(
        "No Delta table at "
            + table
            + ": "
            + table
            + "/_delta_log has no commit or checkpoint. Check the path, or create the table first.");
  }

  static CorruptLogException corruptFile(
      String table, long version, String file, String what, Throwable cause) {
    return new CorruptLogException(
        "Corrupt log of table "
            + table
            + " at version "
            + version
            + ": file "
            + file
            + " "
            + what
            + ". Restore the file from a backup or time travel to an earlier version.",
        cause);
  }

  static CorruptLogException notContiguous(String table, Collection<Long> versions, long missing) {
    return new CorruptLogException(
        "Corrupt log of table "
            + table
            + ": versions are not contiguous: "
            + abbreviate(versions)
            + " (version "
            + missing
            + " is missing from "
            + table
            + "/_delta_log). The log cannot be replayed past the gap; restore the missing commit"
            + " file.");
  }

  static CorruptLogException missingStart(String table, long first) {
    return new CorruptLogException(
        "Corrupt log of table "
            + table
            + ": the log starts at version "
            + first
            + " and there is no checkpoint to start from ("
            + table
            + "/_delta_log/"
            + FileNames.deltaName(0)
            + " is missing).");
  }

  static CorruptLogException missingProtocolOrMetadata(String table, long version, String what) {
    return new CorruptLogException(
        "Invalid table "
            + table
            + " at version "
            + version
            + ": no "
            + what
            + " action was found in the log (version 0 must contain protocol and metaData).");
  }

  static VersionNotFoundException versionAfterLatest(String table, long version, long latest) {
    return new VersionNotFoundException(
        "Cannot time travel table "
            + table
            + " to version "
            + version
            + ": the latest version is "
            + latest
            + ".");
  }

  static VersionNotFoundException versionCleanedUp(String table, long version, long earliest) {
    return new VersionNotFoundException(
        "Cannot time travel table "
            + table
            + " to version "
            + version
            + ": its log files were cleaned up (delta.logRetentionDuration); the earliest"
            + " available version is "
            + earliest
            + ".");
  }

  static VersionNotFoundException timestampBefore(String table, long ts, long earliestTs, long v) {
    return new VersionNotFoundException(
        "Cannot time travel table "
            + table
            + " to "
            + java.time.Instant.ofEpochMilli(ts)
            + ": it is before the earliest available commit (version "
            + v
            + " at "
            + java.time.Instant.ofEpochMilli(earliestTs)
            + ").");
  }

  static ProtocolNotSupportedException unsupportedRead(String table, String detail) {
    return new ProtocolNotSupportedException(
        "Cannot read table "
            + table
            + ": "
            + detail
            + ". Read it with a client that supports it (Spark, Delta Kernel) or upgrade Strata.");
  }

  static ProtocolNotSupportedException unsupportedWrite(String table, String detail) {
    return new ProtocolNotSupportedException(
        "Cannot write to table "
            + table
            + ": "
            + detail
            + ". Strata writes tables up to reader 1 / writer 4 (no generated columns), and reader"
            + " 3 / writer 7 with the"
            + " table features appendOnly, invariants, checkConstraints, deletionVectors and"
            + " changeDataFeed;"
            + " write it with Spark or Delta instead.");
  }

  static CommitStateUnknownException commitStateUnknown(
      String table, long version, Throwable cause) {
    return new CommitStateUnknownException(
        "The commit of version "
            + version
            + " of table "
            + table
            + " may or may not have landed (the write failed with an unknown outcome and the log"
            + " could not be read back). Do not delete its data files; check `strata history "
            + table
            + "` before retrying.",
        cause);
  }

  private static String abbreviate(Collection<Long> versions) {
    if (versions.size() <= 20) {
      return versions.toString();
    }
    return versions.stream().limit(10).toList() + " ... (" + versions.size() + " versions)";
  }
}
