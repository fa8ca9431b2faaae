package dev.strata.log.internal;

import dev.strata.log.Protocol;
import java.util.Set;
import java.util.TreeSet;

/** Which protocol versions and table features Strata can read and write. */
public final class ProtocolSupport {
  private ProtocolSupport() {}

  public static final int MAX_READER_VERSION = 3;

  /** Reader features whose data Strata reads correctly. */
  public static final Set<String> READER_FEATURES =
      Set.of(
          "columnMapping",
          "deletionVectors",
          "timestampNtz",
          "v2Checkpoint",
          "vacuumProtocolCheck");

  /**
   * Writer features whose obligations Strata's writer meets (the writer module enforces CHECK
   * constraints, so writer version 3 and {@code checkConstraints} are writable; it keeps deletion
   * vectors applied when it rewrites files and writes them for DELETE, UPDATE and MERGE).
   */
  public static final Set<String> WRITER_FEATURES =
      Set.of("appendOnly", "invariants", "checkConstraints", "deletionVectors", "changeDataFeed");

  /** Reader features of tables Strata also writes. */
  public static final Set<String> WRITABLE_READER_FEATURES = Set.of("deletionVectors");

  /**
   * The highest legacy (pre-table-features) writer version Strata writes: 4 adds the change data
   * feed, which Strata writes, and generated columns, which it does not compute, so a writer-4
   * table is written only while no column has a generation expression ({@link
   * #checkGeneratedColumns}).
   */
  public static final int MAX_LEGACY_WRITER_VERSION = 4;

  /** Column metadata key of a generated column's expression. */
  static final String GENERATION_EXPRESSION = "delta.generationExpression";

  /**
   * Throws when the table has a generated column: its protocol obliges writers to compute or check
   * the column, which Strata does not.
   */
  public static void checkGeneratedColumns(
      String table, Protocol protocol, dev.strata.log.Metadata metadata) {
    if (metadata == null || protocol.minWriterVersion() != 4) {
      return;
    }
    dev.strata.format.types.StructType schema;
    try {
      schema = metadata.schema();
    } catch (RuntimeException e) {
      return; // an invalid schema is reported by the metadata checks
    }
    for (dev.strata.format.types.StructField f : schema.fields()) {
      if (f.metadata().containsKey(GENERATION_EXPRESSION)) {
        throw LogErrors.unsupportedWrite(
            table,
            "its column "
                + f.name()
                + " is a generated column ("
                + GENERATION_EXPRESSION
                + " = "
                + f.metadata().get(GENERATION_EXPRESSION)
                + ") that writer version 4 obliges writers to compute, which Strata does not");
      }
    }
  }

  /** Throws when Strata cannot read a table with this protocol. */
  public static void checkRead(String table, Protocol protocol) {
    int reader = protocol.minReaderVersion();
    if (reader < 1 || reader > MAX_READER_VERSION) {
      throw LogErrors.unsupportedRead(
          table,
          "it requires reader version "
              + reader
              + " (protocol "
              + protocol.describe()
              + "); Strata reads versions 1 to "
              + MAX_READER_VERSION);
    }
    if (reader == 3 && protocol.readerFeatures() != null) {
      Set<String> unsupported = new TreeSet<>(protocol.readerFeatures());
      unsupported.removeAll(READER_FEATURES);
      if (!unsupported.isEmpty()) {
        throw LogErrors.unsupportedRead(
            table, "it requires the unsupported reader feature(s) " + unsupported);
      }
    }
  }

  /** Throws when Strata must not write to a table with this protocol. */
  public static void checkWrite(String table, Protocol protocol) {
    checkRead(table, protocol);
    int reader = protocol.minReaderVersion();
    int writer = protocol.minWriterVersion();
    if (reader == 2) {
      throw LogErrors.unsupportedWrite(
          table, "its protocol " + protocol.describe() + " requires column mapping for writing");
    }
    if (reader == 3 && !isEmpty(protocol.readerFeatures())) {
      Set<String> unsupported = new TreeSet<>(protocol.readerFeatures());
      unsupported.removeAll(WRITABLE_READER_FEATURES);
      if (!unsupported.isEmpty()) {
        throw LogErrors.unsupportedWrite(
            table,
            "its protocol "
                + protocol.describe()
                + " requires the reader feature(s) "
                + unsupported
                + ", which Strata reads but does not write");
      }
    }
    if (writer == 7) {
      Set<String> unsupported =
          new TreeSet<>(protocol.writerFeatures() == null ? Set.of() : protocol.writerFeatures());
      unsupported.removeAll(WRITER_FEATURES);
      if (!unsupported.isEmpty()) {
        throw LogErrors.unsupportedWrite(
            table, "it requires the unsupported writer feature(s) " + unsupported);
      }
    } else if (writer > MAX_LEGACY_WRITER_VERSION || writer < 1) {
      throw LogErrors.unsupportedWrite(
          table,
          "it requires writer version " + writer + " (protocol " + protocol.describe() + ")");
    }
  }

  private static boolean isEmpty(Set<String> s) {
    return s == null || s.isEmpty();
  }
}
