package dev.strata.log;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The {@code protocol} action: the reader and writer versions (and, at reader 3 / writer 7, the
 * table features) a client must implement to read or write the table.
 *
 * @param readerFeatures null unless {@code minReaderVersion == 3}
 * @param writerFeatures null unless {@code minWriterVersion == 7}
 */
public record Protocol(
    int minReaderVersion,
    int minWriterVersion,
    Set<String> readerFeatures,
    Set<String> writerFeatures)
    implements Action {

  /** What new Strata tables are created with: reader 1, writer 2, no table features. */
  public static final Protocol DEFAULT = new Protocol(1, 2, null, null);

  public Protocol {
    readerFeatures =
        readerFeatures == null
            ? null
            : Collections.unmodifiableSet(new LinkedHashSet<>(readerFeatures));
    writerFeatures =
        writerFeatures == null
            ? null
            : Collections.unmodifiableSet(new LinkedHashSet<>(writerFeatures));
  }

  /** A protocol without table features. */
  public static Protocol of(int minReaderVersion, int minWriterVersion) {
    return new Protocol(minReaderVersion, minWriterVersion, null, null);
  }

  /** Whether the reader features (reader 3) include {@code feature}. */
  public boolean hasReaderFeature(String feature) {
    return readerFeatures != null && readerFeatures.contains(feature);
  }

  /** Whether the writer features (writer 7) include {@code feature}. */
  public boolean hasWriterFeature(String feature) {
    return writerFeatures != null && writerFeatures.contains(feature);
  }

  /**
   * This protocol with a reader-writer table feature added: reader 3 / writer 7, the feature in
   * both lists, and a legacy protocol's implied capabilities listed as writer features (as Delta
   * does when it upgrades a table to table features). Returns this protocol when it already has the
   * feature.
   */
  public Protocol withReaderWriterFeature(String feature) {
    if (hasReaderFeature(feature) && hasWriterFeature(feature)) {
      return this;
    }
    Set<String> readers = new LinkedHashSet<>();
    if (readerFeatures != null) {
      readers.addAll(readerFeatures);
    } else if (minReaderVersion >= 2) {
      readers.add("columnMapping");
    }
    readers.add(feature);
    Set<String> writers = new LinkedHashSet<>();
    if (writerFeatures != null) {
      writers.addAll(writerFeatures);
    } else {
      writers.addAll(legacyWriterFeatures(minWriterVersion));
    }
    writers.addAll(readers);
    return new Protocol(3, 7, readers, writers);
  }

  /**
   * This protocol with a writer-only table feature added: writer 7, the feature in the writer
   * features, a legacy protocol's implied capabilities listed too; the reader side is unchanged.
   * Returns this protocol when it already supports the feature (a legacy writer version that
   * implies it included).
   */
  public Protocol withWriterFeature(String feature) {
    if (supportsWriterFeature(feature)) {
      return this;
    }
    Set<String> writers = new LinkedHashSet<>();
    if (writerFeatures != null) {
      writers.addAll(writerFeatures);
    } else {
      writers.addAll(legacyWriterFeatures(minWriterVersion));
    }
    if (readerFeatures != null) {
      writers.addAll(readerFeatures);
    }
    writers.add(feature);
    return new Protocol(minReaderVersion, 7, readerFeatures, writers);
  }

  /** Whether writers must honour {@code feature}: listed, or implied by a legacy version. */
  public boolean supportsWriterFeature(String feature) {
    return writerFeatures != null
        ? writerFeatures.contains(feature)
        : legacyWriterFeatures(minWriterVersion).contains(feature);
  }

  private static Set<String> legacyWriterFeatures(int writerVersion) {
    Set<String> features = new LinkedHashSet<>();
    if (writerVersion >= 2) {
      features.add("appendOnly");
      features.add("invariants");
    }
    if (writerVersion >= 3) {
      features.add("checkConstraints");
    }
    if (writerVersion >= 4) {
      features.add("changeDataFeed");
      features.add("generatedColumns");
    }
    if (writerVersion >= 5) {
      features.add("columnMapping");
    }
    if (writerVersion >= 6) {
      features.add("identityColumns");
    }
    return features;
  }

  /** A short form such as {@code 3/7 readerFeatures=[deletionVectors] writerFeatures=[...]}. */
  public String describe() {
    StringBuilder s =
        new StringBuilder().append(minReaderVersion).append('/').append(minWriterVersion);
    if (readerFeatures != null) {
      s.append(" readerFeatures=").append(readerFeatures);
    }
    if (writerFeatures != null) {
      s.append(" writerFeatures=").append(writerFeatures);
    }
    return s.toString();
  }
}
